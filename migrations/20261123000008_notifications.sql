-- Notifications: every alert or summary meant for a user, and its delivery state. The
-- dedupe key makes emitting idempotent (e.g. one budget threshold alert per period).
CREATE TABLE notifications (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind         text NOT NULL,
    channel      text NOT NULL CHECK (channel IN ('telegram', 'email', 'in_app')),
    dedupe_key   text NOT NULL,
    payload      jsonb NOT NULL DEFAULT '{}',
    status       text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed', 'suppressed')),
    attempts     integer NOT NULL DEFAULT 0,
    last_error   text,
    created_at   timestamptz NOT NULL DEFAULT now(),
    sent_at      timestamptz,
    read_at      timestamptz,
    UNIQUE (user_id, channel, dedupe_key)
);
CREATE INDEX notifications_user_time ON notifications (user_id, created_at DESC);
CREATE INDEX notifications_pending ON notifications (created_at) WHERE status = 'pending';
