-- no-transaction
-- Finds a pending job with the same arguments on a queue, so a change joins the follow-up
-- job that is already waiting instead of queueing another (kakeibo_core::jobs::
-- enqueue_coalesced). Partial: only the few pending rows, not the history of done jobs.
-- md5: job payloads of other queues (e-mails) can exceed a b-tree entry.
-- apalis' own setup runs before our migrations, so its table exists here.
CREATE INDEX CONCURRENTLY IF NOT EXISTS kakeibo_jobs_pending_args
    ON apalis.jobs (job_type, md5(job))
    WHERE status = 'Pending';
