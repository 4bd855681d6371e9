-- Exchange rates, shared by every user (public reference data, like default_categories).
-- One row per (base, quote, day): 1 base = rate quote. Imported by `kakeibo fx import`.
CREATE TABLE fx_rates (
    base        currency_code NOT NULL,
    quote       currency_code NOT NULL,
    rate_date   date NOT NULL,
    -- A ratio, not money: more places than money_amount (1 JPY = 0.0061... EUR).
    rate        numeric(28, 12) NOT NULL CHECK (rate > 0),
    imported_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (base, quote, rate_date),
    CHECK (base <> quote)
);

-- The pairs present in fx_rates, so finding a cross rate's pivot reads a handful of rows
-- instead of the rate history. Kept by the importer.
CREATE TABLE fx_pairs (
    base  currency_code NOT NULL,
    quote currency_code NOT NULL,
    PRIMARY KEY (base, quote)
);
CREATE INDEX fx_pairs_quote ON fx_pairs (quote, base);

-- How many `p_to` one `p_from` was worth on `p_on`: the rate of that day or the latest
-- earlier one, direct, inverse, or across a pivot that quotes both (ECB files quote every
-- currency against EUR). NULL when no rate exists on or before that day. The parameters
-- are char(3), like the columns: a text parameter would make every lookup a sequential scan.
CREATE FUNCTION fx_rate(p_from char(3), p_to char(3), p_on date) RETURNS numeric
LANGUAGE sql STABLE AS $$
    SELECT CASE WHEN p_from = p_to THEN 1::numeric ELSE COALESCE(
        (SELECT r.rate FROM fx_rates r
         WHERE r.base = p_from AND r.quote = p_to AND r.rate_date <= p_on
         ORDER BY r.rate_date DESC LIMIT 1),
        (SELECT 1 / r.rate FROM fx_rates r
         WHERE r.base = p_to AND r.quote = p_from AND r.rate_date <= p_on
         ORDER BY r.rate_date DESC LIMIT 1),
        (SELECT t.rate / f.rate
         FROM fx_pairs pf
         JOIN fx_pairs pt ON pt.base = pf.base AND pt.quote = p_to
         CROSS JOIN LATERAL (SELECT r.rate FROM fx_rates r
                             WHERE r.base = pf.base AND r.quote = p_from AND r.rate_date <= p_on
                             ORDER BY r.rate_date DESC LIMIT 1) f
         CROSS JOIN LATERAL (SELECT r.rate FROM fx_rates r
                             WHERE r.base = pf.base AND r.quote = p_to AND r.rate_date <= p_on
                             ORDER BY r.rate_date DESC LIMIT 1) t
         WHERE pf.quote = p_from
         ORDER BY pf.base LIMIT 1)
    ) END
$$;
