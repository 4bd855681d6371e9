-- GDPR exports (issue 23): one row per export a user asked for, made by the
-- `kakeibo.privacy_export` job into a zip under `privacy.exports_dir`, downloadable until
-- `expires_at` (7 days after it is ready); the retention sweep then deletes the file and
-- marks the row expired. At most one export per user is queued or running at a time.
CREATE TABLE privacy_exports (
    id          uuid PRIMARY KEY,
    user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    status      text NOT NULL CHECK (status IN ('queued', 'running', 'ready', 'failed', 'expired')),
    created_at  timestamptz NOT NULL,
    started_at  timestamptz,
    ready_at    timestamptz,
    expires_at  timestamptz,
    size_bytes  bigint,
    error       text
);
CREATE INDEX privacy_exports_user ON privacy_exports (user_id, created_at DESC, id DESC);
CREATE UNIQUE INDEX privacy_exports_one_pending ON privacy_exports (user_id)
    WHERE status IN ('queued', 'running');
CREATE INDEX privacy_exports_expiring ON privacy_exports (expires_at) WHERE status = 'ready';
