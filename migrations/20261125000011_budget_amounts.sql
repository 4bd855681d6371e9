-- Budget amounts over time (issue 6). Raising a budget this month must not rewrite what
-- earlier periods had: rollover carries their leftovers forward, and a past period's
-- progress shows what it was given. Each period uses the amount in effect on its first day;
-- a changed amount applies from the current period on (the user's calendar).
CREATE TABLE budget_amounts (
    budget_id      uuid NOT NULL,
    user_id        uuid NOT NULL,
    -- The first day of the first period with this amount; -infinity for the amount the
    -- budget was made with.
    effective_from date NOT NULL,
    amount         money_amount NOT NULL CHECK (amount > 0),
    PRIMARY KEY (budget_id, effective_from),
    FOREIGN KEY (user_id, budget_id) REFERENCES budgets (user_id, id) ON DELETE CASCADE
);

-- Kept by a trigger, so every way a budget is written (the API, imports of settings, SQL in
-- benchmarks) keeps its history.
CREATE FUNCTION budgets_keep_amounts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.period = OLD.period AND NEW.amount = OLD.amount THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'INSERT' OR NEW.period <> OLD.period THEN
        -- A week's amount says nothing about a month: a new period starts a new history.
        DELETE FROM budget_amounts WHERE budget_id = NEW.id;
        INSERT INTO budget_amounts (budget_id, user_id, effective_from, amount)
        VALUES (NEW.id, NEW.user_id, '-infinity', NEW.amount);
    ELSE
        INSERT INTO budget_amounts (budget_id, user_id, effective_from, amount)
        SELECT NEW.id, NEW.user_id,
               (time_bucket(CASE NEW.period WHEN 'weekly' THEN interval '1 week'
                                            WHEN 'monthly' THEN interval '1 month'
                                            ELSE interval '1 year' END,
                            now(), u.time_zone) AT TIME ZONE u.time_zone)::date,
               NEW.amount
        FROM users u WHERE u.id = NEW.user_id
        ON CONFLICT (budget_id, effective_from) DO UPDATE SET amount = EXCLUDED.amount;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER budgets_keep_amounts AFTER INSERT OR UPDATE OF amount, period ON budgets
    FOR EACH ROW EXECUTE FUNCTION budgets_keep_amounts();

INSERT INTO budget_amounts (budget_id, user_id, effective_from, amount)
SELECT id, user_id, '-infinity', amount FROM budgets;
