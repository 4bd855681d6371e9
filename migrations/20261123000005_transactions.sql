-- Transactions: a hypertable on booked_at. TimescaleDB requires every unique index and the
-- primary key to include the time column (STACK.md 8), so ids are unique per booked_at and
-- lookups by id go through (user_id, id).
CREATE TABLE transactions (
    id                      uuid NOT NULL DEFAULT gen_random_uuid(),
    user_id                 uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    account_id              uuid NOT NULL,
    booked_at               timestamptz NOT NULL,
    -- Negative is money out.
    amount                  money_amount NOT NULL,
    currency                currency_code NOT NULL,
    status                  text NOT NULL DEFAULT 'posted' CHECK (status IN ('pending', 'posted')),
    description             text NOT NULL DEFAULT '',
    merchant                text,
    category_id             uuid,
    -- Where the category came from, and how sure that source was (0..1, not money).
    category_source         text CHECK (category_source IN ('rule', 'history', 'knn', 'llm', 'user')),
    category_confidence     real CHECK (category_confidence BETWEEN 0 AND 1),
    notes                   text,
    tags                    text[] NOT NULL DEFAULT '{}',
    provider_transaction_id text,
    -- Set when the row came from a statement file.
    import_id               uuid,
    -- The other half of a transfer between the user's own accounts.
    transfer_id             uuid,
    -- Soft delete: a deleted row stays, so a re-import recognises it and does not bring it back.
    deleted_at              timestamptz,
    created_at              timestamptz NOT NULL DEFAULT now(),
    updated_at              timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (id, booked_at),
    FOREIGN KEY (user_id, account_id) REFERENCES accounts (user_id, id) ON DELETE CASCADE,
    FOREIGN KEY (user_id, category_id) REFERENCES categories (user_id, id) ON DELETE SET NULL (category_id)
);
SELECT create_hypertable('transactions', 'booked_at', chunk_time_interval => INTERVAL '90 days');

CREATE INDEX transactions_user_time ON transactions (user_id, booked_at DESC, id DESC);
CREATE INDEX transactions_user_id ON transactions (user_id, id);
CREATE INDEX transactions_account_time ON transactions (user_id, account_id, booked_at DESC);
CREATE INDEX transactions_category_time ON transactions (user_id, category_id, booked_at DESC);
CREATE UNIQUE INDEX transactions_provider_key
    ON transactions (user_id, account_id, provider_transaction_id, booked_at)
    WHERE provider_transaction_id IS NOT NULL;
CREATE TRIGGER transactions_updated_at BEFORE UPDATE ON transactions
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();
