-- What analytics publishes of its rollups (docs/ARCHITECTURE.md, "Who owns each table"), so
-- that budget can read day and month totals inside its one spending query without naming
-- the rollup tables. Plain views: the planner inlines them, so a query through them is
-- planned exactly as one on the tables.

-- Totals per local day (in the zone the rollup is built in), category (NULL: uncategorized)
-- and currency: the sum of the positive amounts (inflow) and of the negative ones (outflow).
CREATE VIEW analytics_day_totals AS
SELECT user_id, day, category_id, currency, inflow, outflow FROM analytics_daily;

-- The same per local month (`month` is its first day).
CREATE VIEW analytics_month_totals AS
SELECT user_id, month, category_id, currency, inflow, outflow FROM analytics_monthly;

-- Freshness: the UTC days whose rows changed since the totals last saw them. A local day
-- lies within a day of its UTC date, so the totals of the local days either side of these
-- may be out of date. A day can be listed more than once (one row per change).
CREATE VIEW analytics_pending_days AS
SELECT user_id, day FROM analytics_dirty_days;

-- Whether the user's totals are built, in `zone`: before the first refresh, and after a
-- change of time zone until the next, they are not (and the totals must not be read).
CREATE FUNCTION analytics_totals_built(p_user_id uuid, zone text) RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT EXISTS (SELECT 1 FROM analytics_state WHERE user_id = p_user_id AND time_zone = zone)
$$;
