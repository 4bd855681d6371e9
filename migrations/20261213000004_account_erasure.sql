-- Erasure (issue 23) keeps a user's security events for their retention period under an
-- irreversible pseudonym instead of the user's id (`kakeibo_core::audit::pseudonymize_user`),
-- so `audit_log.user_id` can no longer reference `users`: the pseudonym is no user, and
-- deleting the user must not cascade the events away. Only loosens: the previous release
-- writes and reads the log as before.
ALTER TABLE audit_log DROP CONSTRAINT IF EXISTS audit_log_user_id_fkey;

-- Deleting an account (POST /privacy/delete-account) deactivates it at once and erases it
-- after a grace period; logging in meanwhile cancels. Both NULL: no deletion pending.
ALTER TABLE users
    ADD COLUMN deletion_requested_at timestamptz,
    ADD COLUMN erase_after timestamptz;
CREATE INDEX users_erase_after ON users (erase_after) WHERE erase_after IS NOT NULL;
