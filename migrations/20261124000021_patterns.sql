-- What the pattern finders (issue 6, sections 4, 5 and 7) keep per user: detected recurring
-- series, anomalies and insights. Each is recomputed from the transactions by the insights
-- job; the API reads these tables. Dates are the user's local dates (users.time_zone).

-- A payment or income that repeats on a schedule at one merchant.
CREATE TABLE recurring_series (
    id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id          uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- Stable across recomputes: merchant group, currency, direction, and (when one merchant
    -- has several series) the amount they started at. See docs/decisions.md.
    series_key       text NOT NULL,
    merchant         text NOT NULL,
    currency         currency_code NOT NULL,
    cadence          text NOT NULL CHECK (cadence IN ('weekly', 'fortnightly', 'monthly', 'nth_weekday', 'quarterly', 'yearly')),
    -- monthly, quarterly, yearly: the day of the month (clamped to shorter months).
    day_of_month     smallint CHECK (day_of_month BETWEEN 1 AND 31),
    -- nth_weekday: 1..4, or -1 for the last one; weekday 1 = Monday .. 7 = Sunday.
    nth              smallint CHECK (nth IN (-1, 1, 2, 3, 4)),
    weekday          smallint CHECK (weekday BETWEEN 1 AND 7),
    -- The amount expected next (signed: negative is money out).
    amount           money_amount NOT NULL,
    category_id      uuid,
    occurrences      integer NOT NULL CHECK (occurrences > 0),
    first_date       date NOT NULL,
    last_date        date NOT NULL,
    -- NULL once the series has ended.
    next_date        date,
    -- Expected payments that did not come since the last one.
    missed           integer NOT NULL DEFAULT 0,
    status           text NOT NULL CHECK (status IN ('active', 'missed', 'ended')),
    -- The latest price change of a fixed-price series.
    previous_amount  money_amount,
    price_changed_on date,
    -- The user's say: confirmed or ignored series keep that mark across recomputes.
    user_state       text NOT NULL DEFAULT 'auto' CHECK (user_state IN ('auto', 'confirmed', 'ignored')),
    detected_at      timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    UNIQUE (user_id, series_key),
    UNIQUE (user_id, id),
    FOREIGN KEY (user_id, category_id) REFERENCES categories (user_id, id) ON DELETE SET NULL (category_id)
);
CREATE TRIGGER recurring_series_updated_at BEFORE UPDATE ON recurring_series
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- An unusual transaction or period. Replaced wholesale on every recompute.
CREATE TABLE anomalies (
    id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id        uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- Stable across recomputes, e.g. `large_for_merchant:<transaction id>`.
    anomaly_key    text NOT NULL,
    kind           text NOT NULL CHECK (kind IN ('large_for_merchant', 'large_for_category', 'new_merchant', 'spike_week', 'spike_month')),
    -- Transactions: the row and its local date; spikes: the period's first day.
    transaction_id uuid,
    on_date        date NOT NULL,
    merchant       text,
    category_id    uuid,
    -- Spending as a positive amount, and what is usual (median of the history).
    amount         money_amount NOT NULL,
    baseline       money_amount NOT NULL,
    currency       currency_code NOT NULL,
    UNIQUE (user_id, anomaly_key),
    FOREIGN KEY (user_id, category_id) REFERENCES categories (user_id, id) ON DELETE SET NULL (category_id)
);
CREATE INDEX anomalies_user_date ON anomalies (user_id, on_date DESC);

-- A fact computed in code, worded by a template or the chat model. A recompute adds facts
-- it has not stored yet and refreshes changed ones; a dismissed insight stays dismissed.
CREATE TABLE insights (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    insight_key text NOT NULL,
    kind        text NOT NULL,
    facts       jsonb NOT NULL,
    text        text NOT NULL,
    worded_by   text NOT NULL CHECK (worded_by IN ('template', 'llm')),
    status      text NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'read', 'dismissed')),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (user_id, insight_key)
);
CREATE INDEX insights_user_created ON insights (user_id, created_at DESC, id DESC);
CREATE TRIGGER insights_updated_at BEFORE UPDATE ON insights
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- What the forecast adds to the recurring series: the money in and out over the last `days`
-- days that no series explains, per currency. Replaced on every recompute.
CREATE TABLE cash_flow_baselines (
    user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    currency    currency_code NOT NULL,
    -- Both positive.
    income      money_amount NOT NULL,
    spending    money_amount NOT NULL,
    days        integer NOT NULL CHECK (days > 0),
    computed_on date NOT NULL,
    PRIMARY KEY (user_id, currency)
);
