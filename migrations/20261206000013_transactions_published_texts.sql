-- What transactions publishes for bulk reads in other crates' SQL (docs/ARCHITECTURE.md,
-- "Who owns each table"): analytics' rollups, recurring and anomaly detection read
-- thousands of rows per user in one statement, with the merchant columns `category_amounts`
-- does not carry. Plain views: the planner inlines them, so a query through them is planned
-- exactly as one on the tables.

-- Live transactions, whole (a split one as one row, with its own amount and category), with
-- what names their merchant. Filter by user_id (always) and booked_at.
CREATE VIEW transaction_texts AS
SELECT user_id, id, booked_at, account_id, transfer_id, status, currency, amount, category_id,
       merchant, payee, description, merchant_key
FROM transactions WHERE deleted_at IS NULL;

-- The parts of split transactions: join them to their transaction on (user_id,
-- transaction_id, booked_at); a transaction with parts counts as its parts.
CREATE VIEW transaction_parts AS
SELECT user_id, transaction_id, booked_at, id, category_id, amount FROM transaction_splits;
