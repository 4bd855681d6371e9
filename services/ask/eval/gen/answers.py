"""The expected-answer SQL, built from the definitions in ../README.md.

$1 = user id, $2 = today in the user's zone. Every period is an expression of $2.
"""

T = "$2::date"
MONTH0 = f"date_trunc('month', {T})::date"


def _months(n):
    return f"interval '{n} month{'' if n == 1 else 's'}'"


def months_ago(n):
    """First day of the month n months before the current one."""
    return f"(date_trunc('month', {T}) - {_months(n)})::date" if n else MONTH0


def month_end(n):
    """Last day of the month n months before the current one."""
    if n == 1:
        return f"(date_trunc('month', {T})::date - 1)"
    return f"((date_trunc('month', {T}) - {_months(n - 1)})::date - 1)" if n else T


def rolling_months_start(n):
    """"The last n months" starts the day after the same date n months back (a month end
    clamps: May 31 less 3 months is February 28, PostgreSQL's and chrono's rule alike)."""
    return f"(({T} - {_months(n)})::date + 1)"


def named_month_start(m):
    # The most recent month `m` that has begun (this year's when it is not in the future).
    return (f"make_date(extract(year FROM {T})::int - CASE WHEN extract(month FROM {T}) < {m} "
            f"THEN 1 ELSE 0 END, {m}, 1)")


def weekday_before(isodow):
    """The most recent such weekday strictly before today."""
    return f"({T} - ((extract(isodow FROM {T})::int - {isodow} + 6) % 7 + 1))"


# name -> (first day, last day), both inclusive, never after today.
PERIODS = {
    "today": (T, T),
    "yesterday": (f"({T} - 1)", f"({T} - 1)"),
    "this_week": (f"date_trunc('week', {T})::date", T),
    "last_week": (f"(date_trunc('week', {T})::date - 7)", f"(date_trunc('week', {T})::date - 1)"),
    "week_before_last": (f"(date_trunc('week', {T})::date - 14)", f"(date_trunc('week', {T})::date - 8)"),
    "this_month": (MONTH0, T),
    "last_month": (months_ago(1), month_end(1)),
    "month_before_last": (months_ago(2), month_end(2)),
    "three_months_ago": (months_ago(3), month_end(3)),
    "last_3_months": (rolling_months_start(3), T),
    "last_6_months": (rolling_months_start(6), T),
    "last_12_months": (rolling_months_start(12), T),
    "last_30_days": (f"({T} - 29)", T),
    "last_90_days": (f"({T} - 89)", T),
    "last_7_days": (f"({T} - 6)", T),
    "this_year": (f"date_trunc('year', {T})::date", T),
    "last_year": (f"(date_trunc('year', {T}) - interval '1 year')::date",
                  f"(date_trunc('year', {T})::date - 1)"),
    "same_month_last_year": (f"(date_trunc('month', {T}) - interval '12 months')::date",
                             f"(date_trunc('month', {T}) - interval '11 months' - interval '1 day')::date"),
    "last_month_a_year_before": (months_ago(13), month_end(13)),
    "this_quarter": (f"date_trunc('quarter', {T})::date", T),
    "last_quarter": (f"(date_trunc('quarter', {T}) - interval '3 months')::date",
                     f"(date_trunc('quarter', {T})::date - 1)"),
    "last_saturday": (weekday_before(6), weekday_before(6)),
    "last_friday": (weekday_before(5), weekday_before(5)),
}
for _m in range(1, 13):
    _s = named_month_start(_m)
    PERIODS[f"month_{_m}"] = (_s, f"least(({_s} + interval '1 month')::date - 1, {T})")
    PERIODS[f"since_{_m}"] = (_s, T)
for _q in range(1, 5):
    # The most recent quarter q that has begun.
    _m = 3 * _q - 2
    _s = named_month_start(_m)
    PERIODS[f"q{_q}"] = (_s, f"least(({_s} + interval '3 months')::date - 1, {T})")


def between(period, col="day"):
    a, b = PERIODS[period]
    return f"{col} BETWEEN {a} AND {b}"


# A row's local day: a row booked at exactly 00:00 UTC carries a bank date only and keeps it.
LOCAL_DAY = ("(CASE WHEN (t.booked_at AT TIME ZONE 'UTC')::time = '00:00' THEN (t.booked_at AT TIME ZONE 'UTC')::date\n"
             "        ELSE (t.booked_at AT TIME ZONE zone.time_zone)::date END)")

LOCAL_DAY_INLINE = LOCAL_DAY.replace("zone.time_zone", "(SELECT time_zone FROM users WHERE id = $1)").replace("\n        ", " ")

# Counted rows: live, not linked as a transfer, a split transaction as its parts, on the
# user's local day (a row at exactly 00:00 UTC carries a date only and keeps it), with what
# each adds to spending and to income (decided by the category's kind).
ROWS = f"""WITH RECURSIVE zone AS (SELECT time_zone FROM users WHERE id = $1),
parts AS (
  SELECT t.id, t.account_id, t.currency, t.amount AS whole, t.merchant, t.payee, t.description,
         {LOCAL_DAY} AS day,
         coalesce(s.amount, t.amount) AS amount,
         CASE WHEN s.id IS NULL THEN t.category_id ELSE s.category_id END AS category_id
  FROM transactions t CROSS JOIN zone
  LEFT JOIN transaction_splits s ON s.user_id = t.user_id AND s.transaction_id = t.id AND s.booked_at = t.booked_at
  WHERE t.user_id = $1 AND t.deleted_at IS NULL AND t.transfer_id IS NULL
),
r AS (
  SELECT p.*, coalesce(nullif(btrim(p.merchant), ''), nullif(btrim(p.payee), ''), btrim(p.description)) AS name, c.kind,
         CASE WHEN c.kind = 'expense' THEN -p.amount WHEN c.id IS NULL AND p.amount < 0 THEN -p.amount ELSE 0 END AS spent,
         CASE WHEN c.kind = 'income' THEN p.amount WHEN c.id IS NULL AND p.amount > 0 THEN p.amount ELSE 0 END AS earned
  FROM parts p LEFT JOIN categories c ON c.user_id = $1 AND c.id = p.category_id
  WHERE p.day <= $2::date
)"""


def tree(name, alias="tree"):
    """A category and every category below it, by the user's category name."""
    return (f",\n{alias} AS (SELECT id FROM categories WHERE user_id = $1 AND lower(name) = lower('{q(name)}')\n"
            f"  UNION SELECT c.id FROM categories c JOIN {alias} ON c.parent_id = {alias}.id WHERE c.user_id = $1)")


def q(s):
    return s.replace("'", "''")


def filters(period=None, cat=None, merchant=None, account=None, currency="EUR", extra=None):
    w = []
    if currency:
        w.append(f"currency = '{currency}'")
    if period:
        w.append(between(period))
    if cat:
        w.append("category_id IN (SELECT id FROM tree)")
    if merchant:
        w.append(f"lower(name) = lower('{q(merchant)}')")
    if account:
        w.append(f"account_id = (SELECT id FROM accounts WHERE user_id = $1 AND name = '{q(account)}')")
    if extra:
        w.append(extra)
    return "\n  AND ".join(w) if w else "true"


def head(cat=None):
    return ROWS + (tree(cat) if cat else "")


def flow_sql(flow="spent", **f):
    """Spending (or income) in one currency, rounded to the cent."""
    return f"{head(f.get('cat'))}\nSELECT round(coalesce(sum({flow}), 0), 2) FROM r WHERE {filters(**f)}"


def diff_sql(p1, p2, flow="spent", **f):
    """Flow in p1 less flow in p2."""
    a = filters(period=p1, **f)
    b = filters(period=p2, **f)
    return (f"{head(f.get('cat'))}\nSELECT round(coalesce(sum({flow}) FILTER (WHERE {a}), 0) - "
            f"coalesce(sum({flow}) FILTER (WHERE {b}), 0), 2) FROM r")


def avg_month_sql(n, flow="spent", **f):
    """Monthly average over the last n months (the rolling window ending today), divided by n."""
    return (f"{head(f.get('cat'))}\nSELECT round(coalesce(sum({flow}), 0) / {n}, 2) FROM r "
            f"WHERE {filters(**f)}\n  AND day BETWEEN {rolling_months_start(n)} AND {T}")


def count_sql(direction="out", extra=None, **f):
    """Transactions (a split one counts once) matching, with money out counted as spending
    (or money in counted as income)."""
    cond = ("whole < 0 AND (kind = 'expense' OR kind IS NULL)" if direction == "out"
            else "whole > 0 AND (kind = 'income' OR kind IS NULL)")
    if extra:
        cond += f" AND {extra}"
    return f"{head(f.get('cat'))}\nSELECT count(DISTINCT id)::int FROM r WHERE {filters(extra=cond, **f)}"


def all_count_sql(period):
    """Every live transaction booked in the period, transfers included (what the list shows)."""
    return ("WITH zone AS (SELECT time_zone FROM users WHERE id = $1)\n"
            "SELECT count(*)::int FROM transactions t CROSS JOIN zone\n"
            f"WHERE t.user_id = $1 AND t.deleted_at IS NULL\n  AND {between(period, col=LOCAL_DAY)}")


def _out(f):
    extra = f.pop("extra", None)
    return "whole < 0 AND spent > 0" + (f" AND {extra}" if extra else "")


def biggest_sql(**f):
    """The largest single money-out transaction counted as spending (its whole amount)."""
    cond = _out(f)
    return (f"{head(f.get('cat'))}\nSELECT round(coalesce(max(-whole), 0), 2) FROM r WHERE "
            f"{filters(extra=cond, **f)}")


def top_sql(group, n, flow="spent", **f):
    """The n largest groups (merchant name or category as filed) by flow, largest first."""
    if group == "merchant":
        key, join = "name", ""
    elif group == "category":
        key, join = "cat.name", " JOIN categories cat ON cat.user_id = $1 AND cat.id = r.category_id"
    else:  # top-level category
        key = "coalesce(up.name, cat.name)"
        join = (" JOIN categories cat ON cat.user_id = $1 AND cat.id = r.category_id"
                " LEFT JOIN categories up ON up.user_id = $1 AND up.id = cat.parent_id")
    return (f"{head(f.get('cat'))}\nSELECT coalesce(array_agg(g ORDER BY total DESC, g), '{{}}') FROM (\n"
            f"  SELECT {key} AS g, sum({flow}) AS total FROM r{join} WHERE {filters(**f)}\n"
            f"  GROUP BY 1 HAVING sum({flow}) > 0 ORDER BY total DESC, g LIMIT {n}) top")


def biggest_list_sql(n, **f):
    """Merchant names of the n largest money-out transactions counted as spending, largest first."""
    cond = _out(f)
    return (f"{head(f.get('cat'))}\nSELECT coalesce(array_agg(name ORDER BY amt DESC, name), '{{}}') FROM (\n"
            f"  SELECT * FROM (SELECT DISTINCT ON (id) id, name, -whole AS amt FROM r WHERE {filters(extra=cond, **f)}\n"
            f"  ORDER BY id) x ORDER BY amt DESC, name LIMIT {n}) y")


# Balances: the latest observed balance on or before the day; before the first observation,
# worked back from that observation through the rows booked after the day.
def balance_expr(day=T):
    return f"""(SELECT coalesce(
      (SELECT b.balance FROM account_balances b WHERE b.user_id = $1 AND b.account_id = a.id AND b.as_of <= {day}
       ORDER BY b.as_of DESC LIMIT 1),
      (SELECT f.balance - coalesce((SELECT sum(t.amount) FROM transactions t
                                    WHERE t.user_id = $1 AND t.account_id = a.id AND t.deleted_at IS NULL
                                      AND {LOCAL_DAY_INLINE} > {day}
                                      AND {LOCAL_DAY_INLINE} <= f.as_of), 0)
       FROM account_balances f WHERE f.user_id = $1 AND f.account_id = a.id ORDER BY f.as_of LIMIT 1)))"""


def balance_sql(account, day=T):
    return (f"SELECT round({balance_expr(day)}, 2) FROM accounts a "
            f"WHERE a.user_id = $1 AND a.name = '{q(account)}'")


def networth_sql(currency="EUR", day=T, kind=None, convert=False):
    """Sum of balances of unarchived accounts; `convert`: all currencies into EUR at the
    latest rate on or before the day."""
    where = "a.user_id = $1 AND a.archived_at IS NULL"
    if kind:
        where += f" AND a.kind = '{kind}'"
    if convert:
        val = (f"{balance_expr(day)} / CASE WHEN a.currency = 'EUR' THEN 1 ELSE (SELECT x.rate FROM fx_rates x "
               f"WHERE x.base = 'EUR' AND x.quote = a.currency AND x.rate_date <= {day} ORDER BY x.rate_date DESC LIMIT 1) END")
    else:
        where += f" AND a.currency = '{currency}'"
        val = balance_expr(day)
    return f"SELECT round(coalesce(sum({val}), 0), 2) FROM accounts a WHERE {where}"


def net_sql(period, currency="EUR"):
    return f"{ROWS}\nSELECT round(coalesce(sum(earned - spent), 0), 2) FROM r WHERE {filters(period=period, currency=currency)}"


def rate_sql(period, currency="EUR"):
    """Savings rate: (income − spending) / income, in percent with one decimal."""
    return (f"{ROWS}\nSELECT round(100 * (sum(earned) - sum(spent)) / nullif(sum(earned), 0), 1) FROM r "
            f"WHERE {filters(period=period, currency=currency)}")


# Budgets (EUR budgets; other currencies converted per day at the latest EUR rate on or
# before it). Spent in a budget's period: its category and those below, or for a budget
# without category every expense category plus uncategorized money out.
def budget_rows(budget):
    return (f"{ROWS},\nbud AS (SELECT * FROM budgets WHERE user_id = $1 AND name = '{q(budget)}'),\n"
            "btree AS (SELECT category_id AS id FROM bud WHERE category_id IS NOT NULL\n"
            "  UNION SELECT c.id FROM categories c JOIN btree ON c.parent_id = btree.id WHERE c.user_id = $1),\n"
            "br AS (SELECT r.day, r.spent / CASE WHEN r.currency = bud.currency THEN 1 ELSE (SELECT x.rate FROM fx_rates x\n"
            "         WHERE x.base = bud.currency AND x.quote = r.currency AND x.rate_date <= r.day ORDER BY x.rate_date DESC LIMIT 1) END AS spent\n"
            "  FROM r CROSS JOIN bud WHERE CASE WHEN bud.category_id IS NULL THEN r.kind = 'expense' OR (r.kind IS NULL AND r.amount < 0)\n"
            "                                   ELSE r.category_id IN (SELECT id FROM btree) END),\n"
            "per AS (SELECT CASE bud.period WHEN 'weekly' THEN date_trunc('week', $2::date) WHEN 'monthly' THEN date_trunc('month', $2::date)\n"
            "               ELSE date_trunc('year', $2::date) END::date AS first FROM bud)")


def budget_spent_sql(budget):
    return (f"{budget_rows(budget)}\nSELECT round(coalesce(sum(br.spent), 0), 2) FROM br, per "
            "WHERE br.day BETWEEN per.first AND $2::date")


def budget_amount_sql(budget):
    return (f"SELECT round(ba.amount, 2) FROM budgets b JOIN budget_amounts ba ON ba.budget_id = b.id AND ba.user_id = $1\n"
            f"WHERE b.user_id = $1 AND b.name = '{q(budget)}' AND ba.effective_from <= $2::date ORDER BY ba.effective_from DESC LIMIT 1")


def budget_left_sql(budget, what="left"):
    """Available this period (amount plus what rollover carried in) less spent; or the
    percentage used (one decimal). Rollover runs month by month from the period holding
    starts_on (monthly budgets), each period using the amount in effect on its first day."""
    return f"""{budget_rows(budget)},
months AS (SELECT g::date AS first, (g + CASE bud.period WHEN 'weekly' THEN interval '1 week' WHEN 'monthly' THEN interval '1 month' ELSE interval '1 year' END)::date - 1 AS last
  FROM bud, per, generate_series(CASE WHEN bud.rollover = 'none' THEN per.first
       ELSE least(per.first, date_trunc(CASE bud.period WHEN 'weekly' THEN 'week' WHEN 'monthly' THEN 'month' ELSE 'year' END, bud.starts_on)) END,
       per.first, CASE bud.period WHEN 'weekly' THEN interval '1 week' WHEN 'monthly' THEN interval '1 month' ELSE interval '1 year' END) g),
periods AS (SELECT row_number() OVER (ORDER BY m.first) AS n, m.first,
       (SELECT ba.amount FROM budget_amounts ba, bud WHERE ba.user_id = $1 AND ba.budget_id = bud.id AND ba.effective_from <= m.first
        ORDER BY ba.effective_from DESC LIMIT 1)::numeric AS amount,
       (SELECT coalesce(sum(br.spent), 0) FROM br WHERE br.day BETWEEN m.first AND least(m.last, $2::date))::numeric AS spent
  FROM months m),
carry AS (SELECT n, amount AS available, spent FROM periods WHERE n = 1
  UNION ALL SELECT p.n, p.amount + CASE bud.rollover WHEN 'surplus' THEN greatest(c.available - c.spent, 0)
                                                    WHEN 'deficit' THEN least(c.available - c.spent, 0)
                                                    WHEN 'both' THEN c.available - c.spent ELSE 0 END, p.spent
  FROM carry c JOIN periods p ON p.n = c.n + 1 CROSS JOIN bud)
SELECT {"round(available - spent, 2)" if what == "left" else "CASE WHEN available > 0 THEN round(100 * spent / available, 1) END" if what == "percent" else "round(available, 2)"}
FROM carry ORDER BY n DESC LIMIT 1"""


# Goals: linked to an account, saved = that account's balance on the day; otherwise the sum
# of contributions dated up to the day.
def goal_saved_expr():
    return (f"CASE WHEN g.account_id IS NOT NULL THEN (SELECT {balance_expr()} FROM accounts a WHERE a.user_id = $1 AND a.id = g.account_id)\n"
            "     ELSE (SELECT coalesce(sum(gc.amount), 0) FROM goal_contributions gc WHERE gc.user_id = $1 AND gc.goal_id = g.id AND gc.contributed_on <= $2::date) END")


def goal_sql(goal, what):
    saved = goal_saved_expr()
    sel = {
        "saved": f"round({saved}, 2)",
        "left": f"round(greatest(g.target_amount - ({saved}), 0), 2)",
        "percent": f"round(100 * ({saved}) / g.target_amount, 1)",
        "target": "round(g.target_amount, 2)",
    }[what]
    return f"SELECT {sel} FROM goals g WHERE g.user_id = $1 AND g.name = '{q(goal)}'"


def goal_eta_sql(goal):
    """today + ceil(remaining × 90 / saved in the 90 days up to today); null when reached or
    nothing was saved in the window (contributions goals only)."""
    return f"""SELECT CASE WHEN w.saved > 0 AND s.saved < g.target_amount
            THEN $2::date + ceil((g.target_amount - s.saved) * 90 / w.saved)::int END
FROM goals g
CROSS JOIN LATERAL (SELECT coalesce(sum(amount), 0) AS saved FROM goal_contributions WHERE user_id = $1 AND goal_id = g.id AND contributed_on <= $2::date) s
CROSS JOIN LATERAL (SELECT coalesce(sum(amount), 0) AS saved FROM goal_contributions WHERE user_id = $1 AND goal_id = g.id
                    AND contributed_on BETWEEN $2::date - 89 AND $2::date) w
WHERE g.user_id = $1 AND g.name = '{q(goal)}'"""


# Recurring series as detected and stored (recurring_series), not ignored by the user.
LIVE_SERIES = "rs.user_id = $1 AND rs.user_state <> 'ignored' AND rs.status <> 'ended'"
MONTHLY_FACTOR = ("CASE rs.cadence WHEN 'weekly' THEN 52.0 / 12 WHEN 'fortnightly' THEN 26.0 / 12 "
                  "WHEN 'quarterly' THEN 1.0 / 3 WHEN 'yearly' THEN 1.0 / 12 ELSE 1 END")


def recurring_count_sql(direction="out", extra=None):
    sign = "< 0" if direction == "out" else "> 0"
    w = f"{LIVE_SERIES} AND rs.amount {sign}" + (f" AND {extra}" if extra else "")
    return f"SELECT count(*)::int FROM recurring_series rs WHERE {w}"


def recurring_monthly_sql(currency="EUR", extra=None):
    w = f"{LIVE_SERIES} AND rs.amount < 0 AND rs.currency = '{currency}'" + (f" AND {extra}" if extra else "")
    return f"SELECT round(coalesce(sum(-rs.amount * {MONTHLY_FACTOR}), 0), 2) FROM recurring_series rs WHERE {w}"


def recurring_amount_sql(merchant):
    return (f"SELECT round(abs(rs.amount), 2) FROM recurring_series rs WHERE {LIVE_SERIES} "
            f"AND lower(rs.merchant) = lower('{q(merchant)}') ORDER BY rs.last_date DESC LIMIT 1")


def recurring_next_sql(merchant):
    return (f"SELECT rs.next_date FROM recurring_series rs WHERE {LIVE_SERIES} "
            f"AND lower(rs.merchant) = lower('{q(merchant)}') ORDER BY rs.next_date LIMIT 1")


# Expected dates of each live series from its next date on, by its cadence (a day of the
# month clamped to the month's length).
UPCOMING = f"""WITH due AS (
  SELECT rs.merchant, rs.currency, rs.amount,
         CASE WHEN k = 0 THEN rs.next_date
              WHEN rs.cadence IN ('weekly', 'fortnightly') THEN rs.next_date + k * CASE rs.cadence WHEN 'weekly' THEN 7 ELSE 14 END
              WHEN rs.cadence = 'nth_weekday' THEN (SELECT CASE WHEN rs.nth > 0 THEN m + (7 + rs.weekday - extract(isodow FROM m)::int) % 7 + 7 * (rs.nth - 1)
                                                             ELSE e - (7 + extract(isodow FROM e)::int - rs.weekday) % 7 END
                    FROM (SELECT m, (m + interval '1 month')::date - 1 AS e
                          FROM (SELECT (date_trunc('month', rs.next_date) + make_interval(months => k))::date AS m) mm) me)
              ELSE (SELECT (m + (least(coalesce(rs.day_of_month, 1), extract(day FROM m + interval '1 month' - interval '1 day')::int) - 1))::date
                    FROM (SELECT (date_trunc('month', rs.next_date) + make_interval(months => k * CASE rs.cadence WHEN 'quarterly' THEN 3 WHEN 'yearly' THEN 12 ELSE 1 END))::date AS m) mm)
         END AS on_day, k
  FROM recurring_series rs CROSS JOIN generate_series(0, 13) k
  WHERE {LIVE_SERIES} AND rs.next_date IS NOT NULL
)"""


def upcoming_where(days, direction="out", currency="EUR"):
    sign = "< 0" if direction == "out" else "> 0"
    return f"amount {sign} AND currency = '{currency}' AND on_day <= $2::date + {days}"


def upcoming_count_sql(days, direction="out"):
    return f"{UPCOMING}\nSELECT count(*)::int FROM due WHERE {upcoming_where(days, direction)}"


def upcoming_sum_sql(days, direction="out"):
    return f"{UPCOMING}\nSELECT round(coalesce(sum(abs(amount)), 0), 2) FROM due WHERE {upcoming_where(days, direction)}"


def forecast_sql(days, what="spending", currency="EUR"):
    """Expected recurring money plus the stored daily average of other money × days."""
    if what == "net":
        rec = f"(SELECT coalesce(sum(amount), 0) FROM due WHERE amount <> 0 AND currency = '{currency}' AND on_day <= $2::date + {days})"
        other = f"coalesce((SELECT round(income * {days} / 90, 2) - round(spending * {days} / 90, 2) FROM cash_flow_baselines WHERE user_id = $1 AND currency = '{currency}'), 0)"
    else:
        rec = f"(SELECT coalesce(sum(-amount), 0) FROM due WHERE amount < 0 AND currency = '{currency}' AND on_day <= $2::date + {days})"
        other = f"coalesce((SELECT round(spending * {days} / 90, 2) FROM cash_flow_baselines WHERE user_id = $1 AND currency = '{currency}'), 0)"
    return f"{UPCOMING}\nSELECT round({rec} + {other}, 2)"


def anomalies_count_sql(kind=None, days=None):
    """Anomalies as the detector stored them (it keeps the recent ones), none after today;
    "lately" is the last `days` days, today included."""
    w = "user_id = $1 AND on_date <= $2::date"
    if days:
        w += f" AND on_date > $2::date - {days}"
    if kind:
        w += f" AND kind IN ({', '.join(repr(k) for k in kind)})"
    return f"SELECT count(*)::int FROM anomalies WHERE {w}"


def insights_count_sql(kind=None):
    w = "user_id = $1 AND status <> 'dismissed'"
    if kind:
        w += f" AND kind = '{kind}'"
    return f"SELECT count(*)::int FROM insights WHERE {w}"


def price_increase_list_sql(days=60):
    return (f"SELECT coalesce(array_agg(rs.merchant ORDER BY rs.price_changed_on DESC, rs.merchant), '{{}}') FROM recurring_series rs "
            f"WHERE {LIVE_SERIES} AND rs.amount < 0 AND rs.previous_amount IS NOT NULL AND rs.amount < rs.previous_amount "
            f"AND rs.price_changed_on BETWEEN $2::date - {days - 1} AND $2::date")
