-- Moving 1,000 rows' booked_at by a day: the in-chunk UPDATE against transactions_rebook,
-- five runs alternating, each rolled back. Run against a database with data, e.g. after
-- `kakeibo demo`:
--   deploy/local/pg.sh psql -v user="'$(deploy/local/pg.sh psql -Atc "SELECT id FROM users WHERE email = 'demo@kakeibo.local'")'" -f tests/bench/rebook.sql
\timing on
-- Rows whose next day lies in their own 90-day chunk (chunks start at multiples of 90 days
-- since the Unix epoch): the UPDATE fails on any other.
CREATE TEMP TABLE pick AS
    SELECT id, booked_at FROM transactions
    WHERE user_id = :user
      AND floor(extract(epoch FROM booked_at) / (90 * 86400))
        = floor(extract(epoch FROM booked_at + interval '1 day') / (90 * 86400))
    ORDER BY id LIMIT 1000;
\set update 'BEGIN; UPDATE transactions t SET booked_at = t.booked_at + interval ''1 day'' FROM pick p WHERE t.user_id = ' :user ' AND t.id = p.id AND t.booked_at = p.booked_at; ROLLBACK;'
\set rebook 'BEGIN; SELECT transactions_rebook(' :user ', (SELECT array_agg(id ORDER BY id) FROM pick), (SELECT array_agg(booked_at + interval ''1 day'' ORDER BY id) FROM pick)); ROLLBACK;'
:update
:rebook
:update
:rebook
:update
:rebook
:update
:rebook
:update
:rebook
