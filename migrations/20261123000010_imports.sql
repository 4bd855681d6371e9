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

CREATE TABLE transfer_rejections (
    user_id        uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- The two transactions, smaller id first.
    transaction_a  uuid NOT NULL,
    transaction_b  uuid NOT NULL,
    rejected_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, transaction_a, transaction_b),
    CHECK (transaction_a < transaction_b)
);

-- transactions(user_id, account_id) already references accounts(user_id, id), and accounts
-- reference users: the direct reference to users only cost a second check on every row
-- written (imports write 100,000 at a time). Deleting a user still cascades, via accounts.
ALTER TABLE transactions DROP CONSTRAINT transactions_user_id_fkey;
