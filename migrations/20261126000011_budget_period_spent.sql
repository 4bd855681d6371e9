-- What each budget period spent (a yearly period: each of its months), kept so a budget
-- check and the dashboard recompute only what something changed in (issue 6: a check after
-- an import in 50 ms, the summary in 25 ms). The budget service writes a row whenever it
-- computes one; everything the spending is computed from drops the rows it may have
-- changed, in the same transaction as the change:
-- - transaction rows and splits: through the days their triggers mark dirty;
-- - the category tree and category kinds; a budget's category, currency and period;
-- - the user's time zone; exchange rates (rows that needed converting).
-- Budgeted amounts and rollover are not kept here: they are read each time.
--
-- A writer and a change must not cross: a writer that read before a change and writes
-- after the change dropped the rows would keep a stale row. So the droppers hold the user's
-- lock shared (exchange rates: one lock for all, exclusive), and a writer holds both
-- exclusive (shared) from before it reads until it commits. Writers only try the locks: when
-- a long import holds them, the answer is computed and not kept.
CREATE TABLE budget_period_spent (
    user_id    uuid NOT NULL,
    budget_id  uuid NOT NULL,
    -- The local days of the period, or of the month of a yearly one: [start_day, end_day).
    start_day  date NOT NULL,
    end_day    date NOT NULL,
    spent      money_amount NOT NULL,
    -- Some of it was converted from another currency (an exchange rate import drops it).
    converted  boolean NOT NULL,
    PRIMARY KEY (user_id, budget_id, start_day),
    FOREIGN KEY (user_id, budget_id) REFERENCES budgets (user_id, id) ON DELETE CASCADE
);

CREATE FUNCTION budget_memo_lock(p_user uuid) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$
    SELECT hashtextextended('kakeibo.budget_period_spent:' || p_user::text, 0)
$$;
CREATE FUNCTION budget_memo_rates_lock() RETURNS bigint LANGUAGE sql IMMUTABLE AS $$
    SELECT hashtextextended('kakeibo.budget_period_spent:fx_rates', 0)
$$;

-- A changed UTC day: the periods holding the local days its rows count on (a row at UTC
-- midnight is a calendar date and counts on that date in any zone).
CREATE FUNCTION budget_memo_forget_day() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    zone text;
BEGIN
    PERFORM pg_advisory_xact_lock_shared(budget_memo_lock(NEW.user_id));
    SELECT time_zone INTO zone FROM users WHERE id = NEW.user_id;
    -- Without a zone (the user is being deleted), the UTC day itself: the rows go anyway.
    DELETE FROM budget_period_spent m
    WHERE m.user_id = NEW.user_id
      AND m.start_day <= GREATEST(NEW.day, ((NEW.day + 1)::timestamp AT TIME ZONE 'UTC'
                                            AT TIME ZONE zone - interval '1 microsecond')::date)
      AND m.end_day > LEAST(NEW.day, (NEW.day::timestamp AT TIME ZONE 'UTC' AT TIME ZONE zone)::date);
    RETURN NEW;
END
$$;
-- Every change statement writes its days (migration analytics_dirty_days_per_change), days
-- that are dirty already included.
CREATE TRIGGER budget_memo_forget_day BEFORE INSERT ON analytics_dirty_days
    FOR EACH ROW EXECUTE FUNCTION budget_memo_forget_day();

CREATE FUNCTION budget_memo_forget_user() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    owner uuid;
BEGIN
    -- Each branch is prepared only when it runs: users has no user_id column.
    IF TG_TABLE_NAME = 'users' THEN
        owner := OLD.id;
    ELSE
        owner := OLD.user_id;
    END IF;
    PERFORM pg_advisory_xact_lock_shared(budget_memo_lock(owner));
    DELETE FROM budget_period_spent WHERE user_id = owner;
    RETURN NULL;
END
$$;
CREATE TRIGGER budget_memo_category_changed AFTER UPDATE OF parent_id, kind ON categories
    FOR EACH ROW WHEN (OLD.parent_id IS DISTINCT FROM NEW.parent_id OR OLD.kind <> NEW.kind)
    EXECUTE FUNCTION budget_memo_forget_user();
CREATE TRIGGER budget_memo_category_deleted AFTER DELETE ON categories
    FOR EACH ROW EXECUTE FUNCTION budget_memo_forget_user();
CREATE TRIGGER budget_memo_time_zone_changed AFTER UPDATE OF time_zone ON users
    FOR EACH ROW WHEN (OLD.time_zone IS DISTINCT FROM NEW.time_zone)
    EXECUTE FUNCTION budget_memo_forget_user();

CREATE FUNCTION budget_memo_forget_budget() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock_shared(budget_memo_lock(NEW.user_id));
    DELETE FROM budget_period_spent WHERE user_id = NEW.user_id AND budget_id = NEW.id;
    RETURN NULL;
END
$$;
CREATE TRIGGER budget_memo_budget_changed AFTER UPDATE OF category_id, currency, period ON budgets
    FOR EACH ROW WHEN ((OLD.category_id, OLD.currency, OLD.period)
                       IS DISTINCT FROM (NEW.category_id, NEW.currency, NEW.period))
    EXECUTE FUNCTION budget_memo_forget_budget();

-- A rate of day D converts every day from D until the next rate: converted periods that end
-- after the earliest changed day go.
CREATE FUNCTION budget_memo_forget_rates() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(budget_memo_rates_lock());
    DELETE FROM budget_period_spent
    WHERE converted AND end_day > (SELECT min(rate_date) FROM changed_rates);
    RETURN NULL;
END
$$;
CREATE TRIGGER budget_memo_rates_inserted AFTER INSERT ON fx_rates
    REFERENCING NEW TABLE AS changed_rates FOR EACH STATEMENT EXECUTE FUNCTION budget_memo_forget_rates();
CREATE TRIGGER budget_memo_rates_updated AFTER UPDATE ON fx_rates
    REFERENCING OLD TABLE AS changed_rates FOR EACH STATEMENT EXECUTE FUNCTION budget_memo_forget_rates();
CREATE TRIGGER budget_memo_rates_deleted AFTER DELETE ON fx_rates
    REFERENCING OLD TABLE AS changed_rates FOR EACH STATEMENT EXECUTE FUNCTION budget_memo_forget_rates();
