-- Retention (issue 23): notifications older than `retention.notifications_days` are deleted.
-- A deleted row's dedupe key must still count as used, or a condition that still holds (a
-- goal that stays reached) would alert again after the row went. The key is kept only as
-- its SHA-256: no payload, no text, nothing to read back. Erased with the user.
CREATE TABLE notification_pruned_keys (
    user_id  uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    channel  text NOT NULL,
    key_hash bytea NOT NULL CHECK (length(key_hash) = 32),
    PRIMARY KEY (user_id, channel, key_hash)
);
-- The sweep looks for old rows across all users.
CREATE INDEX notifications_created_at ON notifications (created_at);
