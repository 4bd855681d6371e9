-- The Telegram bot (issue 21; bot/ owns these tables). A chat is linked to a user by a
-- one-time code the user asked for while signed in; buttons carry short opaque ids that
-- resolve here, per chat, never a transaction id anyone could forge.

-- One chat per user, one user per chat.
CREATE TABLE telegram_links (
    user_id       uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    chat_id       bigint NOT NULL UNIQUE,
    -- What the dashboard shows: the private chat's name and @username at linking.
    chat_title    text,
    chat_username text,
    linked_at     timestamptz NOT NULL DEFAULT now()
);

-- Link codes: only their SHA-256 is kept. Valid 10 minutes, used once; a new code replaces
-- the user's unused ones.
CREATE TABLE telegram_link_codes (
    code_hash  bytea PRIMARY KEY,
    user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    used_at    timestamptz
);
CREATE INDEX telegram_link_codes_by_user ON telegram_link_codes (user_id);

-- What a button does: `id` is its callback_data (random, 16 characters), good only in the
-- chat it was sent to and for the user linked when it was made.
CREATE TABLE telegram_callbacks (
    id         text PRIMARY KEY,
    chat_id    bigint NOT NULL,
    user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- change_category, transfer, looks_fine, set_category, always_rule, …
    action     text NOT NULL,
    -- The transaction (or other row) acted on.
    target     uuid,
    -- The action's argument (the chosen category's id, …).
    argument   uuid,
    -- A named argument (/settings: the alert kind toggled, quiet hours on or off).
    detail     text,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX telegram_callbacks_by_user ON telegram_callbacks (user_id);
CREATE INDEX telegram_callbacks_by_age ON telegram_callbacks (created_at);

-- The ask conversation a chat continues, so that follow-ups read the previous turn.
CREATE TABLE telegram_conversations (
    chat_id         bigint PRIMARY KEY,
    user_id         uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    conversation_id uuid NOT NULL,
    updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX telegram_conversations_by_user ON telegram_conversations (user_id);
