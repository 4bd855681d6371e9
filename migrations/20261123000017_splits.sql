-- A transaction split into parts that add up to it, each with its own category. The parts
-- replace their parent wherever money is counted per category: read them through the
-- `category_amounts` view below.
--
-- The parent is referenced by the hypertable's primary key (id, booked_at). A composite
-- (user_id, id, booked_at) foreign key would need one more unique index on transactions,
-- paid for by every imported row; instead a trigger checks that a part's user owns its parent
-- (one primary-key lookup per part), so the database still refuses a part that mixes users.
CREATE TABLE transaction_splits (
    id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id        uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    transaction_id uuid NOT NULL,
    booked_at      timestamptz NOT NULL,
    position       smallint NOT NULL,
    -- Signed like the parent, never zero.
    amount         money_amount NOT NULL CHECK (amount <> 0),
    category_id    uuid,
    notes          text,
    created_at     timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (transaction_id, booked_at) REFERENCES transactions (id, booked_at) ON DELETE CASCADE,
    FOREIGN KEY (user_id, category_id) REFERENCES categories (user_id, id) ON DELETE SET NULL (category_id)
);
CREATE FUNCTION transaction_splits_same_user() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM transactions t
                   WHERE t.id = NEW.transaction_id AND t.booked_at = NEW.booked_at AND t.user_id = NEW.user_id) THEN
        RAISE foreign_key_violation USING MESSAGE = 'a split belongs to its transaction''s user';
    END IF;
    RETURN NEW;
END;
$$;
-- Not on other updates: a deleted category's SET NULL must not look for a parent that the
-- same cascade (a deleted user) may already have removed.
CREATE TRIGGER transaction_splits_same_user BEFORE INSERT OR UPDATE OF user_id, transaction_id, booked_at ON transaction_splits
    FOR EACH ROW EXECUTE FUNCTION transaction_splits_same_user();

CREATE INDEX transaction_splits_parent ON transaction_splits (user_id, transaction_id, position);
CREATE INDEX transaction_splits_category ON transaction_splits (user_id, category_id)
    WHERE category_id IS NOT NULL;

-- Money per category with splits replacing their parent: one row per live transaction that
-- is not split, one row per part of a live split transaction. Filter by user_id (always) and
-- booked_at; leave out transfer_id IS NOT NULL rows when counting spending.
CREATE VIEW category_amounts AS
    SELECT t.user_id, t.id AS transaction_id, t.booked_at, t.account_id, t.transfer_id,
           t.currency, t.category_id, t.amount, NULL::uuid AS split_id
    FROM transactions t
    WHERE t.deleted_at IS NULL
      AND NOT EXISTS (SELECT 1 FROM transaction_splits s
                      WHERE s.user_id = t.user_id AND s.transaction_id = t.id AND s.booked_at = t.booked_at)
    UNION ALL
    SELECT t.user_id, t.id, t.booked_at, t.account_id, t.transfer_id,
           t.currency, s.category_id, s.amount, s.id
    FROM transaction_splits s
    JOIN transactions t ON t.id = s.transaction_id AND t.booked_at = s.booked_at AND t.user_id = s.user_id
    WHERE t.deleted_at IS NULL;
