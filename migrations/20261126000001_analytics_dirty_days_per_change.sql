-- A change to a day that is already dirty must not slip past a refresh running beside it.
--
-- With (user_id, day) unique, the change triggers' insert of a day that was dirty already
-- did nothing (ON CONFLICT DO NOTHING). A refresh could then take (delete) that day and
-- rebuild its months from rows that did not show the change yet; the change committed
-- afterwards, and no dirty day was left to bring it into the rollups. Without the key every
-- change statement writes rows of its own (ON CONFLICT DO NOTHING, without a unique index,
-- never conflicts): a refresh deletes only the rows it can see, so an uncommitted change's
-- row outlives it and the next refresh reads the change. Duplicates last until the next
-- refresh, one row per statement and day. (Locking the existing row instead would make a
-- refresh wait for changes, and an import that touches days in another order than the
-- refresh deletes them could deadlock with it.)
ALTER TABLE analytics_dirty_days DROP CONSTRAINT analytics_dirty_days_pkey;
CREATE INDEX analytics_dirty_days_user_day ON analytics_dirty_days (user_id, day);
