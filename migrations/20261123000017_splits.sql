-- A transaction split into parts that add up to it, each with its own category. The parts
-- replace their parent wherever money is counted per category: read them through the
-- `category_amounts` view below.
--
-- The parent is referenced by the hypertable's primary key (id, booked_at); user_id and
-- booked_at are copied from the parent row by the one statement that writes parts
-- (INSERT … SELECT FROM transactions WHERE user_id = …), so a part never belongs to
-- another user's row. A (user_id, id, booked_at) unique index on transactions would let the
-- database check that too, at a cost to every imported row; it is left out.
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
