-- A split's parent is kept by triggers instead of a foreign key into the transactions
-- hypertable. TimescaleDB before 2.21.1 checks such a key with a query on the hypertable's
-- empty root table that only finds chunk rows while its plan is a custom one: after five
-- checks in a session the plan cache switches to a generic plan, and from then on every part
-- inserted on that connection was refused ("violates foreign key constraint
-- transaction_splits_transaction_id_booked_at_fkey ... is not present in table
-- transactions"), whatever its chunk. Known bug: timescale/timescaledb#8241 (also #9250),
-- fixed by timescale/timescaledb#8336 in 2.21.1; deploy/local builds 2.19.3.
--
-- The key's duties, now done here:
-- - a part needs a live row of its transaction, of its user, on insert and on any change of
--   its user_id/transaction_id/booked_at: transaction_splits_same_user, which now also locks
--   that row FOR KEY SHARE as the key's check did, so a concurrent delete waits for this
--   transaction and then removes the part it inserted;
-- - a hard-deleted transaction takes its parts along (bank sync deleting a vanished pending
--   row, an account's or a user's cascade, a TRUNCATE): a row trigger, which TimescaleDB
--   copies to every chunk, so it also fires for the cascades the chunks' own foreign keys
--   run;
-- - a transaction whose key changes carries its parts along (the key refused that change,
--   which made a bank's corrected booking date fail the whole sync of a split transaction).
-- Dropping chunks of transactions skips row triggers: nothing does it (retention keeps the
-- transactions forever); the key made drop_chunks fail outright, now it would leave parts
-- whose parent is gone, which every reader ignores as they all go through the parent.
ALTER TABLE transaction_splits DROP CONSTRAINT transaction_splits_transaction_id_booked_at_fkey;

CREATE OR REPLACE FUNCTION transaction_splits_same_user() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM FROM transactions t
    WHERE t.id = NEW.transaction_id AND t.booked_at = NEW.booked_at AND t.user_id = NEW.user_id
    FOR KEY SHARE;
    IF NOT FOUND THEN
        RAISE foreign_key_violation USING
            MESSAGE = 'a split belongs to a transaction of its user',
            DETAIL = format('No transaction (id, booked_at)=(%s, %s) of user %s.',
                            NEW.transaction_id, NEW.booked_at, NEW.user_id),
            TABLE = 'transaction_splits';
    END IF;
    RETURN NEW;
END;
$$;

CREATE FUNCTION transactions_delete_splits() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM transaction_splits
    WHERE user_id = OLD.user_id AND transaction_id = OLD.id AND booked_at = OLD.booked_at;
    RETURN NULL;
END;
$$;
CREATE TRIGGER transactions_delete_splits AFTER DELETE ON transactions
    FOR EACH ROW EXECUTE FUNCTION transactions_delete_splits();

CREATE FUNCTION transactions_move_splits() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE transaction_splits
    SET user_id = NEW.user_id, transaction_id = NEW.id, booked_at = NEW.booked_at
    WHERE user_id = OLD.user_id AND transaction_id = OLD.id AND booked_at = OLD.booked_at;
    RETURN NULL;
END;
$$;
-- Fires only when the key really changes: transactions are updated often (categories,
-- merchants), their keys almost never.
CREATE TRIGGER transactions_move_splits AFTER UPDATE OF user_id, id, booked_at ON transactions
    FOR EACH ROW
    WHEN ((OLD.user_id, OLD.id, OLD.booked_at) IS DISTINCT FROM (NEW.user_id, NEW.id, NEW.booked_at))
    EXECUTE FUNCTION transactions_move_splits();

CREATE FUNCTION transactions_truncate_splits() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM transaction_splits;
    RETURN NULL;
END;
$$;
CREATE TRIGGER transactions_truncate_splits AFTER TRUNCATE ON transactions
    FOR EACH STATEMENT EXECUTE FUNCTION transactions_truncate_splits();
