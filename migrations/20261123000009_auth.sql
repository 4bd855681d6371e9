-- Authentication: login sessions and their rotating refresh tokens, personal API tokens,
-- TOTP 2FA with recovery codes, one-time e-mail tokens, and rate-limit counters.
-- Secrets are stored as SHA-256 hashes (they carry 128+ random bits); passwords as argon2id.

ALTER TABLE users
    ADD COLUMN totp_secret         bytea,        -- set once 2FA is confirmed
    ADD COLUMN totp_pending_secret bytea,        -- between enable and confirm
    ADD COLUMN totp_enabled_at     timestamptz,
    -- The last TOTP time step accepted: a code is good once, and never for an older step.
    ADD COLUMN totp_last_step      bigint,
    ADD COLUMN password_changed_at timestamptz NOT NULL DEFAULT now();

-- One row per login (a refresh-token family). Revoking it ends every token of the family.
CREATE TABLE sessions (
    id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id        uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at     timestamptz NOT NULL DEFAULT now(),
    last_used_at   timestamptz NOT NULL DEFAULT now(),
    expires_at     timestamptz NOT NULL,
    ip             inet,
    user_agent     text,
    revoked_at     timestamptz,
    revoked_reason text,
    UNIQUE (user_id, id)
);
CREATE INDEX sessions_user ON sessions (user_id, created_at DESC);

CREATE TABLE refresh_tokens (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id     uuid NOT NULL,
    session_id  uuid NOT NULL,
    token_hash  bytea NOT NULL UNIQUE,
    created_at  timestamptz NOT NULL DEFAULT now(),
    -- Set when the token is exchanged; presenting it again is a replay.
    rotated_at  timestamptz,
    FOREIGN KEY (user_id, session_id) REFERENCES sessions (user_id, id) ON DELETE CASCADE
);
CREATE INDEX refresh_tokens_session ON refresh_tokens (session_id);

CREATE TABLE api_tokens (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    token_hash   bytea NOT NULL UNIQUE,
    -- The first characters, shown in lists so users can tell tokens apart.
    display_hint text NOT NULL,
    scopes       text[] NOT NULL CHECK (scopes <@ ARRAY['read', 'write'] AND cardinality(scopes) > 0),
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_used_at timestamptz,
    expires_at   timestamptz,
    revoked_at   timestamptz
);
CREATE INDEX api_tokens_user ON api_tokens (user_id, created_at DESC);

CREATE TABLE recovery_codes (
    id        uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id   uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash bytea NOT NULL UNIQUE,
    used_at   timestamptz
);
CREATE INDEX recovery_codes_user ON recovery_codes (user_id);

-- Links sent by e-mail: address verification and password reset. Single use.
CREATE TABLE email_tokens (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose    text NOT NULL CHECK (purpose IN ('verify_email', 'reset_password')),
    token_hash bytea NOT NULL UNIQUE,
    -- The address the link was sent to: verifying proves this one, not a later one.
    email      text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    used_at    timestamptz
);
CREATE INDEX email_tokens_user ON email_tokens (user_id, purpose);

-- Fixed-window counters shared by every API process. Keys name a limit and a subject,
-- e.g. `login:ip:203.0.113.9`; no user data, so no user_id.
CREATE TABLE rate_limits (
    key          text NOT NULL,
    window_start timestamptz NOT NULL,
    hits         integer NOT NULL,
    PRIMARY KEY (key, window_start)
);
CREATE INDEX rate_limits_window ON rate_limits (window_start);
