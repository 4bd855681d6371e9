-- Budgets and savings goals.
CREATE TABLE budgets (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name        text NOT NULL CHECK (btrim(name) <> ''),
    -- NULL: total spending. Otherwise the category and its subcategories.
    category_id uuid,
    period      text NOT NULL CHECK (period IN ('weekly', 'monthly', 'yearly')),
    amount      money_amount NOT NULL CHECK (amount > 0),
    currency    currency_code NOT NULL,
    rollover    text NOT NULL DEFAULT 'none' CHECK (rollover IN ('none', 'surplus', 'deficit', 'both')),
    -- Percentages of the amount at which an alert fires, once per threshold per period.
    thresholds  smallint[] NOT NULL DEFAULT '{80,100,120}',
    starts_on   date NOT NULL DEFAULT current_date,
    archived_at timestamptz,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (user_id, id),
    FOREIGN KEY (user_id, category_id) REFERENCES categories (user_id, id) ON DELETE CASCADE
);
CREATE TRIGGER budgets_updated_at BEFORE UPDATE ON budgets
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE goals (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id       uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name          text NOT NULL CHECK (btrim(name) <> ''),
    target_amount money_amount NOT NULL CHECK (target_amount > 0),
    currency      currency_code NOT NULL,
    target_date   date,
    -- Progress follows this account's balance when set; otherwise manual contributions.
    account_id    uuid,
    achieved_at   timestamptz,
    archived_at   timestamptz,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    UNIQUE (user_id, id),
    FOREIGN KEY (user_id, account_id) REFERENCES accounts (user_id, id) ON DELETE SET NULL (account_id)
);
CREATE TRIGGER goals_updated_at BEFORE UPDATE ON goals
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE goal_contributions (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id      uuid NOT NULL,
    goal_id      uuid NOT NULL,
    amount       money_amount NOT NULL,
    contributed_on date NOT NULL DEFAULT current_date,
    note         text,
    created_at   timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (user_id, goal_id) REFERENCES goals (user_id, id) ON DELETE CASCADE
);
CREATE INDEX goal_contributions_goal ON goal_contributions (user_id, goal_id, contributed_on);
