-- The ask engine's conversations (issue 20): each question asked, what was understood and
-- which read tools were called, and the answer. Kept so that follow-ups ("and the month
-- before?") read the previous turn, and so the user can list and delete them. A
-- conversation expires 30 days after its last turn (docs/decisions.md, "Ask").

CREATE TABLE ask_conversations (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- The first question, cut to 200 characters: what the list shows.
    title       text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    -- Gone for reads from then on, deleted at the user's next question.
    expires_at  timestamptz NOT NULL,
    UNIQUE (user_id, id)
);
CREATE INDEX ask_conversations_by_user ON ask_conversations (user_id, updated_at DESC, id DESC);

CREATE TABLE ask_turns (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id         uuid NOT NULL,
    conversation_id uuid NOT NULL,
    -- 1, 2, … within the conversation.
    position        integer NOT NULL CHECK (position > 0),
    question        text NOT NULL,
    -- en, de, fr, es or it.
    language        text NOT NULL,
    -- What the question was read as (the offline parser's intent); null when nothing was.
    intent          jsonb,
    -- The tool calls made: [{name, arguments, summary}].
    tools           jsonb NOT NULL,
    answer          text NOT NULL,
    -- The table and chart behind the answer.
    data            jsonb NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (conversation_id, position),
    FOREIGN KEY (user_id, conversation_id) REFERENCES ask_conversations (user_id, id) ON DELETE CASCADE
);
CREATE INDEX ask_turns_by_user ON ask_turns (user_id);
