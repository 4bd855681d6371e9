-- Corrects 20261125000021_jobs_pending_args_index.sql: processes migrating one database at
-- once could deadlock there (fixed in db::migrate), and Postgres then fails the index build
-- and leaves the index behind marked invalid, which that file's IF NOT EXISTS keeps for good.
-- An invalid index is dropped here; the next migration builds it again. Plain DROP INDEX:
-- DROP ... CONCURRENTLY cannot run inside a DO block, and an invalid index drops at once.
DO $$
BEGIN
    IF EXISTS (
        SELECT 1
        FROM pg_index i
        JOIN pg_class c ON c.oid = i.indexrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'apalis'
          AND c.relname = 'kakeibo_jobs_pending_args'
          AND NOT i.indisvalid
    ) THEN
        DROP INDEX apalis.kakeibo_jobs_pending_args;
    END IF;
END
$$;
