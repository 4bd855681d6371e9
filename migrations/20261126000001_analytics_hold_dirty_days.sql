-- A change on a day that is already dirty must not slip past a refresh running beside it.
--
-- The change triggers (migration analytics_rollups) insert their days with ON CONFLICT DO
-- NOTHING. When a day is dirty already, that insert leaves the row alone and takes no lock
-- on it, so a refresh can take (delete) the day and rebuild its months from rows that do not
-- show the change yet: the change commits afterwards, and no dirty day is left to bring it
-- into the rollups. Here every day a change proposes locks the dirty row it conflicts with
-- (KEY SHARE: two changes of one day do not wait for each other), so a refresh taking that
-- day waits for the change to commit and then reads it. A BEFORE row trigger fires for every
-- proposed row, the ones ON CONFLICT then skips included.
CREATE FUNCTION analytics_hold_dirty_day() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM analytics_dirty_days d
    WHERE d.user_id = NEW.user_id AND d.day = NEW.day
    FOR KEY SHARE;
    RETURN NEW;
END
$$;

CREATE TRIGGER analytics_hold_dirty_day BEFORE INSERT ON analytics_dirty_days
    FOR EACH ROW EXECUTE FUNCTION analytics_hold_dirty_day();
