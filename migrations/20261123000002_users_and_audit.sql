-- Users, and the security audit log (a hypertable so retention can drop old chunks whole).
CREATE TABLE users (
    id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    -- Stored normalized (trimmed, lower-case); the auth service normalizes before writing.
    email             text NOT NULL CHECK (email = lower(btrim(email)) AND email <> ''),
    email_verified_at timestamptz,
    password_hash     text NOT NULL,
    display_name      text NOT NULL DEFAULT '',
    time_zone         text NOT NULL DEFAULT 'UTC',
    base_currency     currency_code NOT NULL DEFAULT 'EUR',
    locale            text NOT NULL DEFAULT 'en',
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_email_key ON users (email);
CREATE TRIGGER users_updated_at BEFORE UPDATE ON users
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE audit_log (
    id          uuid NOT NULL DEFAULT gen_random_uuid(),
    -- NULL for events about no known user, such as a failed login for an unknown email.
    user_id     uuid REFERENCES users (id) ON DELETE CASCADE,
    occurred_at timestamptz NOT NULL DEFAULT now(),
    event       text NOT NULL,
    ip          inet,
    user_agent  text,
    details     jsonb NOT NULL DEFAULT '{}',
    PRIMARY KEY (id, occurred_at)
);
SELECT create_hypertable('audit_log', 'occurred_at', chunk_time_interval => INTERVAL '30 days');
CREATE INDEX audit_log_user_time ON audit_log (user_id, occurred_at DESC);
