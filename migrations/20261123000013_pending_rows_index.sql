-- The importer looks up an account's pending rows older than the statement (one may post
-- under its id weeks later). Pending rows are few, so this index costs imports little.
CREATE INDEX transactions_pending ON transactions (user_id, account_id, booked_at)
    WHERE status = 'pending';
