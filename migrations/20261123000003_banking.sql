-- Bank connections, accounts and transactions. Child rows reference their parents through
-- (user_id, id) pairs, so the database itself refuses a row that mixes two users' data.
CREATE TABLE bank_connections (
    id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id            uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    provider           text NOT NULL CHECK (provider IN ('demo', 'plaid', 'gocardless', 'simplefin')),
    institution_id     text,
    institution_name   text NOT NULL DEFAULT '',
    status             text NOT NULL DEFAULT 'pending'
                       CHECK (status IN ('pending', 'active', 'error', 'reauth_required', 'disconnected')),
    -- AES-256-GCM sealed provider credentials; key_id names the key, for rotation.
    credentials        bytea,
    credentials_key_id text,
    sync_cursor        text,
    last_synced_at     timestamptz,
    next_sync_at       timestamptz,
    last_error         text,
    consecutive_failures integer NOT NULL DEFAULT 0,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    UNIQUE (user_id, id)
);
CREATE INDEX bank_connections_due ON bank_connections (next_sync_at) WHERE status = 'active';
CREATE TRIGGER bank_connections_updated_at BEFORE UPDATE ON bank_connections
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE accounts (
    id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id             uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    connection_id       uuid,
    provider_account_id text,
    name                text NOT NULL,
    kind                text NOT NULL DEFAULT 'checking'
                        CHECK (kind IN ('checking', 'savings', 'credit_card', 'cash', 'investment', 'loan', 'other')),
    currency            currency_code NOT NULL,
    current_balance     money_amount,
    available_balance   money_amount,
    balance_updated_at  timestamptz,
    iban                text,
    mask                text,
    archived_at         timestamptz,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    UNIQUE (user_id, id),
    FOREIGN KEY (user_id, connection_id) REFERENCES bank_connections (user_id, id)
        ON DELETE SET NULL (connection_id)
);
CREATE UNIQUE INDEX accounts_provider_key ON accounts (user_id, connection_id, provider_account_id)
    WHERE provider_account_id IS NOT NULL;
CREATE TRIGGER accounts_updated_at BEFORE UPDATE ON accounts
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- Balances over time, for net worth (one row per account per day).
CREATE TABLE account_balances (
    user_id    uuid NOT NULL,
    account_id uuid NOT NULL,
    as_of      date NOT NULL,
    balance    money_amount NOT NULL,
    currency   currency_code NOT NULL,
    PRIMARY KEY (user_id, account_id, as_of),
    FOREIGN KEY (user_id, account_id) REFERENCES accounts (user_id, id) ON DELETE CASCADE
);
