-- transactions checks and reads the account a row goes into, but bank-sync (the owner of
-- `accounts`) depends on transactions, so it publishes this lookup instead of the table
-- (docs/ARCHITECTURE.md, "Who owns each table"). A plain SQL function: the planner inlines it.
--
-- The user's account with this id, with its currency and whether it is archived; no row when
-- the account is not the user's.
CREATE FUNCTION user_account(p_user_id uuid, p_account_id uuid)
RETURNS TABLE (id uuid, currency char(3), archived boolean)
LANGUAGE sql STABLE AS $$
    SELECT a.id, a.currency, a.archived_at IS NOT NULL
    FROM accounts a WHERE a.user_id = p_user_id AND a.id = p_account_id
$$;
