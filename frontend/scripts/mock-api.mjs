// Canned API answers for `preview-server.mjs MOCK_API=1`: enough of the demo's shapes to
// look at the layouts without a server. Not used by the tests.
const today = new Date();
const iso = (d) => d.toISOString().slice(0, 10);
const monthStart = (offset) => new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() + offset, 1));
const monthEnd = (offset) => new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() + offset + 1, 0));
const days = (n) => iso(new Date(today.getTime() + n * 86_400_000));

let signedIn = false;
const dismissed = new Set();

const categories = [
  ["c1", "Groceries", 412.35], ["c2", "Rent", 950], ["c3", "Transport", 128.4], ["c4", "Eating out", 186.9],
  ["c5", "Utilities", 142.1], ["c6", "Shopping", 233.75], ["c7", "Health", 64.2], ["c8", "Entertainment", 58.99],
  [null, "", 41.5],
];
const cashFlow = Array.from({ length: 12 }, (_, i) => {
  const income = 3200 + ((i * 137) % 400);
  const spending = 2100 + ((i * 251) % 900);
  return {
    start: iso(monthStart(i - 11)),
    end: iso(monthEnd(i - 11)),
    currencies: [{ currency: "EUR", income: income.toFixed(2), spending: spending.toFixed(2), net: (income - spending).toFixed(2) }],
  };
});
const budget = (id, name, category_id, amount, spent) => ({
  budget: { id, name, category_id, category_name: name, period: "monthly", amount: amount.toFixed(2), currency: "EUR", rollover: "none", thresholds: [80, 100], starts_on: iso(monthStart(-3)), created_at: today.toISOString(), updated_at: today.toISOString() },
  progress: { budget_id: id, period_start: iso(monthStart(0)), period_end: iso(monthEnd(0)), budgeted: amount.toFixed(2), rolled_over: "0", available: amount.toFixed(2), spent: spent.toFixed(2), remaining: (amount - spent).toFixed(2), utilization_percent: ((spent / amount) * 100).toFixed(1), thresholds: [] },
});
const tx = (i, merchant, amount, cat, source, conf, review = false) => ({
  id: `t${i}`, account_id: "a1", booked_at: `${days(-i)}T00:00:00Z`, amount: amount.toFixed(4), currency: "EUR", status: "posted",
  description: `${merchant.toUpperCase()} SAGT DANKE ${1000 + i}`, payee: merchant, merchant, category_id: review ? null : cat,
  category_source: review ? null : source, category_confidence: review ? null : conf, needs_review: review, tags: [], locked_fields: [],
  created_at: today.toISOString(), updated_at: today.toISOString(),
});

const answers = {
  "POST /api/v1/auth/login": () => ((signedIn = true), [200, { access_token: "mock", token_type: "Bearer", expires_in: 900, user_id: "u1" }]),
  "POST /api/v1/auth/refresh": () => (signedIn ? [200, { access_token: "mock", token_type: "Bearer", expires_in: 900, user_id: "u1" }] : [401, { error: { code: "missing_refresh_token", message: "log in again", details: null } }]),
  "POST /api/v1/auth/logout": () => ((signedIn = false), [204, null]),
  "DELETE /api/v1/auth/sessions": () => ((signedIn = false), [204, null]),
  "GET /api/v1/me": () => [200, { id: "u1", email: "demo@kakeibo.local", email_verified: true, display_name: "Demo", time_zone: "Europe/Berlin", base_currency: "EUR", locale: process.env.MOCK_LOCALE ?? "en", two_factor_enabled: false, created_at: today.toISOString() }],
  "PATCH /api/v1/me": () => [200, null],
  "GET /api/v1/accounts": () => [200, process.env.MOCK_EMPTY === "1" ? [] : [{ id: "a1", name: "Girokonto", kind: "checking", currency: "EUR", current_balance: "2450.10", created_at: today.toISOString() }]],
  "GET /api/v1/analytics/summary": () => [200, {
    time_zone: "Europe/Berlin",
    spending: { start: iso(monthStart(0)), end: iso(monthEnd(0)), totals: [{ currency: "EUR", amount: "2218.19" }],
      categories: categories.map(([id, name, amount]) => ({ category_id: id, name, parent_id: null, currency: "EUR", amount: amount.toFixed(2), transactions: 7, previous: "0" })) },
    budgets: [budget("b0", "Everything", null, 2600, 2218.19), budget("b1", "Groceries", "c1", 450, 412.35), budget("b2", "Eating out", "c4", 150, 186.9), budget("b3", "Shopping", "c6", 400, 233.75)],
    cash_flow: cashFlow,
  }],
  "GET /api/v1/analytics/net-worth": () => [200, { interval: "month", points: cashFlow.map((p, i) => ({ start: p.start, end: p.end, date: p.end, currencies: [{ currency: "EUR", assets: (18000 + i * 650).toFixed(2), liabilities: (2400 - i * 90).toFixed(2), net_worth: (15600 + i * 740).toFixed(2), accounts: 3 }] })) }],
  "GET /api/v1/analytics/recurring": () => [200, [
    ["s1", "Netflix", -13.99, 3], ["s2", "Stadtwerke", -89, 6], ["s3", "Vodafone", -39.99, 11], ["s4", "Miete", -950, 24], ["s5", "Gehalt", 3400, 25],
  ].map(([id, merchant, amount, d]) => ({ id, merchant, currency: "EUR", cadence: "monthly", amount: amount.toFixed(2), occurrences: 12, first_date: days(-330), last_date: days(d - 30), next_date: days(d), missed: 0, status: "active", price_increased: id === "s1", previous_amount: id === "s1" ? "12.99" : null }))],
  "GET /api/v1/insights": () => [200, { insights: [
    { id: "i1", kind: "category_above_average", facts: {}, text: "Eating out is 42% above your 3-month average this month.", worded_by: "template", status: "new", created_at: today.toISOString(), updated_at: today.toISOString() },
    { id: "i2", kind: "price_increase", facts: {}, text: "Netflix now costs €13.99, up from €12.99.", worded_by: "template", status: "new", created_at: today.toISOString(), updated_at: today.toISOString() },
    { id: "i3", kind: "large_transaction", facts: {}, text: "€412.00 at MediaMarkt is large for Shopping.", worded_by: "template", status: "new", created_at: today.toISOString(), updated_at: today.toISOString() },
  ].filter((i) => !dismissed.has(i.id)), next_cursor: null }],
  "GET /api/v1/transactions": () => [200, { transactions: [
    tx(0, "REWE", -54.32, "c1", "rule", 0.99), tx(1, "Deutsche Bahn", -89.9, "c3", "knn", 0.87), tx(1, "Arbeitgeber GmbH", 3400, null, "history", 0.97),
    tx(2, "Unbekannt 4711", -23.5, null, null, null, true), tx(3, "Lieferando", -31.2, "c4", "llm", 0.81), tx(4, "dm-drogerie markt", -18.45, "c7", "history", 0.93),
    tx(5, "Amazon", -64.99, "c6", "user", null), tx(6, "Aral", -72.1, "c3", "knn", 0.9), tx(7, "EDEKA", -41.07, "c1", "rule", 0.99), tx(8, "Spotify", -10.99, "c8", "history", 0.98),
  ].map((t, i) => ({ ...t, id: `t${i}` })), next_cursor: "x" }],
  "GET /api/v1/categories": () => [200, categories.filter(([id]) => id).map(([id, name], i) => ({ id, name, kind: "expense", position: i, created_at: today.toISOString(), updated_at: today.toISOString() }))],
  "GET /api/v1/transactions/review": () => [200, { groups: [{ merchant: "Unbekannt 4711", merchant_key: "k", rows: 7, currency: "EUR", total: "-120.00", first_booked_at: today.toISOString(), last_booked_at: today.toISOString(), example_id: "t3", example_description: "x", suggestions: [] }] }],
  "GET /api/v1/providers": () => [200, [{ id: "demo", name: "Demo Bank" }]],
};

export function mockAnswer(req, res, path, url) {
  if (path === "/health" || path === "/ready") {
    res.writeHead(200, { "content-type": "text/plain" });
    return res.end("ok");
  }
  let key = `${req.method} ${path}`;
  if (req.method === "PATCH" && path.startsWith("/api/v1/insights/")) {
    dismissed.add(path.split("/").pop());
    key = "PATCH /api/v1/me";
  }
  const answer = answers[key];
  const authed = signedIn || path.startsWith("/api/v1/auth/");
  const [status, body] = answer && authed ? answer(url) : answer ? [401, { error: { code: "unauthorized", message: "log in", details: null } }] : [404, { error: { code: "not_found", message: "not found", details: null } }];
  res.writeHead(status, status === 204 ? {} : { "content-type": "application/json", ...(path.endsWith("/refresh") || path.endsWith("/login") ? { "set-cookie": "kakeibo_refresh=x; Path=/api/v1/auth; HttpOnly; SameSite=Strict" } : {}) });
  res.end(status === 204 ? undefined : JSON.stringify(body));
}
