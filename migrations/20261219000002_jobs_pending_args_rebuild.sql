-- no-transaction
-- Builds again the index 20261219000001 dropped for being invalid; where the index is valid
-- (every database migrated one process at a time), this does nothing.
CREATE INDEX CONCURRENTLY IF NOT EXISTS kakeibo_jobs_pending_args
    ON apalis.jobs (job_type, md5(job))
    WHERE status = 'Pending';
