-- Rows that foreign-key cascades change in the transactions hypertable reach the rollups as
-- dirty days, like every other change.
--
-- A cascade from accounts (ON DELETE CASCADE) or categories (ON DELETE SET NULL) runs on the
-- hypertable's chunks, where the statement triggers of migration analytics_rollups do not
-- fire. That migration made such a delete forget the user's build instead (a full rebuild on
-- the next refresh), which has two faults:
-- - a refresh already running when the delete commits writes its analytics_state back, and
--   the deleted money stays in every month the refresh did not rebuild, for good;
-- - every category deleted through the API (which re-files its rows itself, so its days are
--   dirty anyway) rebuilt the user's whole history, and budgets read every raw row until then.
-- Here a row trigger on the parent marks the UTC days of the rows the cascade is about to
-- change, before it runs: one index scan of that account's (or category's) rows, then the
-- refresh rebuilds only the months around them. The transaction_splits cascades (a plain
-- table) do fire the statement triggers, and a deleted transaction's parts go through one
-- (transactions_delete_splits). A user being deleted is skipped, as the statement triggers
-- skip it: the rollups go with the user.
DROP TRIGGER analytics_account_deleted ON accounts;
DROP TRIGGER analytics_category_deleted ON categories;
DROP FUNCTION analytics_forget_user();

CREATE FUNCTION analytics_mark_account_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM users u WHERE u.id = OLD.user_id) THEN
        INSERT INTO analytics_dirty_days (user_id, day)
        SELECT DISTINCT OLD.user_id, (t.booked_at AT TIME ZONE 'UTC')::date FROM transactions t
        WHERE t.user_id = OLD.user_id AND t.account_id = OLD.id
        ON CONFLICT DO NOTHING;
    END IF;
    RETURN OLD;
END
$$;

CREATE FUNCTION analytics_mark_category_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM users u WHERE u.id = OLD.user_id) THEN
        INSERT INTO analytics_dirty_days (user_id, day)
        SELECT DISTINCT OLD.user_id, (t.booked_at AT TIME ZONE 'UTC')::date FROM transactions t
        WHERE t.user_id = OLD.user_id AND t.category_id = OLD.id
        ON CONFLICT DO NOTHING;
    END IF;
    RETURN OLD;
END
$$;

-- BEFORE: the cascades are AFTER triggers of their own, which would have removed the rows.
CREATE TRIGGER analytics_account_rows BEFORE DELETE ON accounts
    FOR EACH ROW EXECUTE FUNCTION analytics_mark_account_rows();
CREATE TRIGGER analytics_category_rows BEFORE DELETE ON categories
    FOR EACH ROW EXECUTE FUNCTION analytics_mark_category_rows();
