-- Rows of money in and of money out counted apart, so that a flow's number of transactions
-- can be read from the rollups: an uncategorized day's money out is spending and its money
-- in is income (docs/decisions.md, "Analytics"), and one row_count cannot tell them apart.
ALTER TABLE analytics_daily
    ADD COLUMN inflow_count integer NOT NULL DEFAULT 0,
    ADD COLUMN outflow_count integer NOT NULL DEFAULT 0;
ALTER TABLE analytics_monthly
    ADD COLUMN inflow_count integer NOT NULL DEFAULT 0,
    ADD COLUMN outflow_count integer NOT NULL DEFAULT 0;
-- Every user's rollups are rebuilt whole at their next refresh (a user without state is
-- built from nothing), so the counts are never read before they are filled.
DELETE FROM analytics_state;
