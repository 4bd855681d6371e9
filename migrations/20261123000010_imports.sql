-- Statement imports and the matcher's memory: which file brought which rows, and which
-- transfer pairs the user rejected (never suggested again).

CREATE TABLE imports (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id       uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    account_id    uuid NOT NULL,
    -- 'file' for uploads and the CLI, or the provider of a sync.
    source        text NOT NULL,
    format        text,
    filename      text,
    rows_read     integer NOT NULL DEFAULT 0,
    rows_added    integer NOT NULL DEFAULT 0,
    rows_matched  integer NOT NULL DEFAULT 0,
    rows_posted   integer NOT NULL DEFAULT 0,
    created_at    timestamptz NOT NULL DEFAULT now(),
    UNIQUE (user_id, id),
    FOREIGN KEY (user_id, account_id) REFERENCES accounts (user_id, id) ON DELETE CASCADE
);
CREATE INDEX imports_user ON imports (user_id, created_at DESC);

-- The payee as the source wrote it, kept apart from `merchant` (the cleaned-up name the
-- categorizer fills), so matching compares like with like.
ALTER TABLE transactions ADD COLUMN payee text NOT NULL DEFAULT '';

-- Matching looks rows up by amount within an account and a date window.
CREATE INDEX transactions_account_amount ON transactions (user_id, account_id, amount, booked_at);

CREATE TABLE transfer_rejections (
    user_id        uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- The two transactions, smaller id first.
    transaction_a  uuid NOT NULL,
    transaction_b  uuid NOT NULL,
    rejected_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, transaction_a, transaction_b),
    CHECK (transaction_a < transaction_b)
);
