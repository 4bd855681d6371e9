-- Read-your-writes on a streaming replica: the primary's WAL position after each user's
-- last write through the API. A read of theirs uses the replica only once it has replayed
-- that far (kakeibo_core::replica). Written only when database.replica_url is set.
CREATE TABLE user_write_lsn (
    user_id    uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    lsn        pg_lsn NOT NULL,
    written_at timestamptz NOT NULL DEFAULT now()
);
