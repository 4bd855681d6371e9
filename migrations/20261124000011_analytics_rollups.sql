-- Analytics rollups (issue 6). TimescaleDB's Apache build has no continuous aggregates, so
-- the aggregates are plain tables that a job keeps current (docs/decisions.md, "Analytics"):
--
--   analytics_daily     per user, local day, category, currency: money in, money out, rows
--   analytics_monthly   the same per local month (summed from the daily rows)
--   analytics_merchants per user, local month, merchant, currency: spending, transactions
--
-- Days and months are the user's (users.time_zone). Transfers (transfer_id set) and deleted
-- rows are left out; split transactions count as their parts (the category_amounts view).
-- Whether money is spending or income is decided when reading, from the category's kind, so
-- renaming or moving a category never touches a rollup.

-- The user's calendar day of a booking. Rows booked at exactly midnight UTC carry a date
-- only (imports and hand-entered rows write dates that way): their day is that date, in
-- every zone. Rows with a time of day (a provider's timestamp) fall on the local day.
CREATE FUNCTION analytics_local_day(booked_at timestamptz, zone text) RETURNS date
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN (booked_at AT TIME ZONE 'UTC')::time = time '00:00'
                THEN (booked_at AT TIME ZONE 'UTC')::date
                ELSE (booked_at AT TIME ZONE zone)::date END
$$;

CREATE TABLE analytics_daily (
    user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    day         date NOT NULL,
    -- NULL: uncategorized. No foreign key: a deleted category's rows are rebuilt anyway.
    category_id uuid,
    currency    currency_code NOT NULL,
    -- The sum of the positive amounts, and of the negative ones (<= 0).
    inflow      money_amount NOT NULL,
    outflow     money_amount NOT NULL,
    row_count   integer NOT NULL
);
CREATE UNIQUE INDEX analytics_daily_key
    ON analytics_daily (user_id, day, category_id, currency) NULLS NOT DISTINCT;

CREATE TABLE analytics_monthly (
    user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- The first day of the local month.
    month       date NOT NULL,
    category_id uuid,
    currency    currency_code NOT NULL,
    inflow      money_amount NOT NULL,
    outflow     money_amount NOT NULL,
    row_count   integer NOT NULL
);
CREATE UNIQUE INDEX analytics_monthly_key
    ON analytics_monthly (user_id, month, category_id, currency) NULLS NOT DISTINCT;

CREATE TABLE analytics_merchants (
    user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    month       date NOT NULL,
    -- What groups rows into one merchant (see docs/decisions.md); `name` is what to show.
    merchant    text NOT NULL,
    name        text NOT NULL,
    currency    currency_code NOT NULL,
    -- Spending (money out less refunds), positive.
    spent       money_amount NOT NULL,
    transactions integer NOT NULL,
    last_day    date NOT NULL,
    PRIMARY KEY (user_id, month, merchant, currency)
);

-- The zone the user's rollups were built in: another zone in users means a full rebuild.
CREATE TABLE analytics_state (
    user_id      uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    time_zone    text NOT NULL,
    refreshed_at timestamptz NOT NULL DEFAULT now()
);

-- UTC days whose rows changed since the rollups last saw them. Triggers write them in the
-- same transaction as the change, so no change is ever missed; the refresh takes them.
CREATE TABLE analytics_dirty_days (
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    day     date NOT NULL,
    PRIMARY KEY (user_id, day)
);

-- Statement-level triggers with transition tables: an import of 100,000 rows writes one
-- row per distinct day, not per transaction. (A user being deleted is skipped: the cascade
-- removes the rollups anyway.)
CREATE FUNCTION analytics_mark_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO analytics_dirty_days (user_id, day)
    SELECT DISTINCT n.user_id, (n.booked_at AT TIME ZONE 'UTC')::date FROM new_rows n
    WHERE EXISTS (SELECT 1 FROM users u WHERE u.id = n.user_id)
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END
$$;

CREATE FUNCTION analytics_mark_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO analytics_dirty_days (user_id, day)
    SELECT DISTINCT o.user_id, (o.booked_at AT TIME ZONE 'UTC')::date FROM old_rows o
    WHERE EXISTS (SELECT 1 FROM users u WHERE u.id = o.user_id)
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END
$$;

-- Updates count only when a column the rollups read changed (not notes, tags, the
-- categorizer's bookkeeping); both the old and the new day are dirty.
CREATE FUNCTION analytics_mark_transactions_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO analytics_dirty_days (user_id, day)
    SELECT DISTINCT x.user_id, x.day
    FROM old_rows o JOIN new_rows n ON n.id = o.id
    CROSS JOIN LATERAL (VALUES (o.user_id, (o.booked_at AT TIME ZONE 'UTC')::date),
                               (n.user_id, (n.booked_at AT TIME ZONE 'UTC')::date)) AS x(user_id, day)
    WHERE (o.booked_at, o.amount, o.currency, o.category_id, o.transfer_id, o.deleted_at,
           o.merchant, o.merchant_key, o.payee, o.description)
          IS DISTINCT FROM
          (n.booked_at, n.amount, n.currency, n.category_id, n.transfer_id, n.deleted_at,
           n.merchant, n.merchant_key, n.payee, n.description)
      AND EXISTS (SELECT 1 FROM users u WHERE u.id = x.user_id)
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END
$$;

CREATE FUNCTION analytics_mark_splits_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO analytics_dirty_days (user_id, day)
    SELECT DISTINCT x.user_id, x.day
    FROM old_rows o JOIN new_rows n ON n.id = o.id
    CROSS JOIN LATERAL (VALUES (o.user_id, (o.booked_at AT TIME ZONE 'UTC')::date),
                               (n.user_id, (n.booked_at AT TIME ZONE 'UTC')::date)) AS x(user_id, day)
    WHERE (o.booked_at, o.amount, o.category_id, o.transaction_id)
          IS DISTINCT FROM (n.booked_at, n.amount, n.category_id, n.transaction_id)
      AND EXISTS (SELECT 1 FROM users u WHERE u.id = x.user_id)
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END
$$;

CREATE TRIGGER analytics_transactions_inserted AFTER INSERT ON transactions
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_mark_inserted();
CREATE TRIGGER analytics_transactions_deleted AFTER DELETE ON transactions
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_mark_deleted();
CREATE TRIGGER analytics_transactions_updated AFTER UPDATE ON transactions
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION analytics_mark_transactions_updated();

CREATE TRIGGER analytics_splits_inserted AFTER INSERT ON transaction_splits
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_mark_inserted();
CREATE TRIGGER analytics_splits_deleted AFTER DELETE ON transaction_splits
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_mark_deleted();
CREATE TRIGGER analytics_splits_updated AFTER UPDATE ON transaction_splits
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION analytics_mark_splits_updated();

-- Cascades from accounts (deleted) and categories (SET NULL) reach the hypertable's chunks
-- directly, where the statement triggers above do not fire. Both are rare: forget the
-- user's build, and the next refresh rebuilds everything.
CREATE FUNCTION analytics_forget_user() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM analytics_state WHERE user_id = OLD.user_id;
    RETURN NULL;
END
$$;
CREATE TRIGGER analytics_account_deleted AFTER DELETE ON accounts
    FOR EACH ROW EXECUTE FUNCTION analytics_forget_user();
CREATE TRIGGER analytics_category_deleted AFTER DELETE ON categories
    FOR EACH ROW EXECUTE FUNCTION analytics_forget_user();
