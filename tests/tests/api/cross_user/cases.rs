//! The cross-user case of every route. A new route fails `every_route_has_a_cross_user_case`
//! until it gets a line here.
//!
//! In the sweep's requests (`sweep.rs`), `$account`, `$import`, `$transaction`,
//! `$category`, `$budget`, `$goal`, `$rule`, `$conversation`, `$token` and `$session` are
//! user A's; user B sends them.

/// How a route shows that user B cannot reach user A's data.
pub enum Case {
    /// The sweep sends this request (path, JSON body) as B with A's ids: 404.
    NotFound(&'static str, Option<&'static str>),
    /// As `NotFound` with another documented answer (a 422 naming the field with A's id).
    Answers(u16, &'static str, Option<&'static str>),
    /// The sweep sends this as B: any answer but a 5xx, naming none of A's ids or names;
    /// the route acts on the caller alone (its own profile, lists, reports).
    Own(&'static str, Option<&'static str>),
    /// As `Own`, sent after the others: it ends or changes B's session.
    OwnLast(&'static str, Option<&'static str>),
    /// A test elsewhere (`module::…::function` under tests/tests/api/) that calls the route
    /// as another user, with the owner's ids, and checks the owner's data after.
    Test(&'static str),
    /// As `Test`, where the test calls the route through this helper.
    TestVia(&'static str, &'static str),
    /// A test that covers the route's handler through another door (the reason says which).
    Elsewhere(&'static str, &'static str),
    /// No user's data is reachable through it: why.
    Public(&'static str),
}

use Case::{Answers, Elsewhere, NotFound, Own, OwnLast, Public, Test, TestVia};

const TRANSACTIONS: &str = "transactions::other_users::other_users_get_404_everywhere";
const BUDGETS: &str = "budgets::other_users::other_users_get_404_on_every_budget_and_goal_endpoint";
const PATTERNS: &str = "patterns::other_users::another_users_patterns_are_out_of_reach";
const CONVERSATIONS: &str = "ask::http::another_users_conversation_is_404";
const CONNECTIONS: &str = "connections::demo::another_users_connection_is_a_404_everywhere";
const HIDDEN: &str = "connections::support::assert_hidden_from";
const EXPORTS: &str =
    "privacy::export_api::other_users_strangers_tokens_and_expired_exports_are_refused";
const TRANSFERS: &str = "transfers::pages_bad_requests_and_other_users";
const TOKEN_LINK: &str =
    "a signed, expiring token from the e-mail names the user; it is the credential";

/// Every operation of the OpenAPI document: (method, path, case).
#[rustfmt::skip]
pub const ROUTES: &[(&str, &str, Case)] = &[
    ("GET", "/api/v1/accounts", Own("/accounts", None)),
    ("POST", "/api/v1/accounts", Own("/accounts", Some(r#"{"name":"Bob's","kind":"checking","currency":"EUR"}"#))),
    ("GET", "/api/v1/analytics/anomalies", Own("/analytics/anomalies", None)),
    ("GET", "/api/v1/analytics/cash-flow", Own("/analytics/cash-flow?from=2026-01-01&to=2026-12-31", None)),
    ("GET", "/api/v1/analytics/forecast", Own("/analytics/forecast", None)),
    ("GET", "/api/v1/analytics/merchants", Own("/analytics/merchants?from=2026-01-01&to=2026-12-31", None)),
    ("GET", "/api/v1/analytics/net-worth", Own("/analytics/net-worth?from=2026-01-01&to=2026-12-31&account_id=$account", None)),
    ("GET", "/api/v1/analytics/recurring", Own("/analytics/recurring?include_ended=true&include_ignored=true", None)),
    ("PATCH", "/api/v1/analytics/recurring/{id}", Test(PATTERNS)),
    ("GET", "/api/v1/analytics/spending", Own("/analytics/spending?from=2026-01-01&to=2026-12-31&category_id=$category", None)),
    ("GET", "/api/v1/analytics/summary", Own("/analytics/summary?month=2026-03", None)),
    ("POST", "/api/v1/ask", NotFound("/ask", Some(r#"{"question":"and the month before?","conversation_id":"$conversation"}"#))),
    ("GET", "/api/v1/ask/conversations", Own("/ask/conversations", None)),
    ("DELETE", "/api/v1/ask/conversations/{id}", Test(CONVERSATIONS)),
    ("GET", "/api/v1/ask/conversations/{id}", NotFound("/ask/conversations/$conversation", None)),
    ("GET", "/api/v1/ask/stream", Test(CONVERSATIONS)),
    ("GET", "/api/v1/audit-log", Own("/audit-log", None)),
    ("POST", "/api/v1/auth/2fa/confirm", Own("/auth/2fa/confirm", Some(r#"{"code":"000000"}"#))),
    ("POST", "/api/v1/auth/2fa/disable", Own("/auth/2fa/disable", Some(r#"{"password":"wrong guess","code":"000000"}"#))),
    ("POST", "/api/v1/auth/2fa/enable", Own("/auth/2fa/enable", None)),
    ("POST", "/api/v1/auth/forgot-password", Public("takes an e-mail address and always answers the same; the link goes to that address's owner")),
    ("POST", "/api/v1/auth/login", Public("takes credentials; throttling per account and address is tested in auth::under_attack")),
    ("POST", "/api/v1/auth/login/2fa", Public("takes the challenge token the password step issued, which names its user")),
    ("POST", "/api/v1/auth/logout", OwnLast("/auth/logout", None)),
    ("POST", "/api/v1/auth/password", Own("/auth/password", Some(r#"{"current_password":"wrong guess","new_password":"another long passphrase"}"#))),
    ("POST", "/api/v1/auth/refresh", Public("takes the refresh cookie, which names its session")),
    ("POST", "/api/v1/auth/register", Public("creates a new user; a taken address is refused (auth tests)")),
    ("POST", "/api/v1/auth/reset-password", Public(TOKEN_LINK)),
    ("DELETE", "/api/v1/auth/sessions", OwnLast("/auth/sessions", None)),
    ("GET", "/api/v1/auth/sessions", Own("/auth/sessions", None)),
    ("DELETE", "/api/v1/auth/sessions/{id}", NotFound("/auth/sessions/$session", None)),
    ("GET", "/api/v1/auth/tokens", Own("/auth/tokens", None)),
    ("POST", "/api/v1/auth/tokens", Own("/auth/tokens", Some(r#"{"name":"Bob's script","scopes":["read"]}"#))),
    ("DELETE", "/api/v1/auth/tokens/{id}", NotFound("/auth/tokens/$token", None)),
    ("POST", "/api/v1/auth/verify-email", Public(TOKEN_LINK)),
    ("POST", "/api/v1/auth/verify-email/resend", Own("/auth/verify-email/resend", None)),
    ("GET", "/api/v1/budgets", Own("/budgets", None)),
    ("POST", "/api/v1/budgets", NotFound("/budgets", Some(r#"{"name":"Planted","category_id":"$category","period":"weekly","amount":"5"}"#))),
    ("DELETE", "/api/v1/budgets/{id}", NotFound("/budgets/$budget", None)),
    ("GET", "/api/v1/budgets/{id}", NotFound("/budgets/$budget", None)),
    ("PATCH", "/api/v1/budgets/{id}", NotFound("/budgets/$budget", Some(r#"{"name":"Stolen","amount":"1"}"#))),
    ("GET", "/api/v1/budgets/{id}/progress", NotFound("/budgets/$budget/progress", None)),
    ("GET", "/api/v1/categories", Own("/categories", None)),
    ("POST", "/api/v1/categories", NotFound("/categories", Some(r#"{"name":"Planted","parent_id":"$category"}"#))),
    ("DELETE", "/api/v1/categories/{id}", NotFound("/categories/$category", None)),
    ("PATCH", "/api/v1/categories/{id}", NotFound("/categories/$category", Some(r#"{"name":"Renamed"}"#))),
    ("GET", "/api/v1/connections", Own("/connections", None)),
    ("POST", "/api/v1/connections", Own("/connections", Some(r#"{"provider":"demo"}"#))),
    ("DELETE", "/api/v1/connections/{id}", TestVia(CONNECTIONS, HIDDEN)),
    ("GET", "/api/v1/connections/{id}", TestVia(CONNECTIONS, HIDDEN)),
    ("POST", "/api/v1/connections/{id}/complete", TestVia(CONNECTIONS, HIDDEN)),
    ("POST", "/api/v1/connections/{id}/reconnect", TestVia(CONNECTIONS, HIDDEN)),
    ("POST", "/api/v1/connections/{id}/sync", TestVia(CONNECTIONS, HIDDEN)),
    ("GET", "/api/v1/fx/rates", Own("/fx/rates", None)),
    ("GET", "/api/v1/goals", Own("/goals", None)),
    ("POST", "/api/v1/goals", Test(BUDGETS)),
    ("DELETE", "/api/v1/goals/{id}", NotFound("/goals/$goal", None)),
    ("GET", "/api/v1/goals/{id}", NotFound("/goals/$goal", None)),
    ("PATCH", "/api/v1/goals/{id}", NotFound("/goals/$goal", Some(r#"{"name":"Stolen"}"#))),
    ("GET", "/api/v1/goals/{id}/contributions", NotFound("/goals/$goal/contributions", None)),
    ("POST", "/api/v1/goals/{id}/contributions", NotFound("/goals/$goal/contributions", Some(r#"{"amount":"-50"}"#))),
    ("DELETE", "/api/v1/goals/{id}/contributions/{contribution_id}", Test(BUDGETS)),
    ("GET", "/api/v1/goals/{id}/progress", NotFound("/goals/$goal/progress", None)),
    ("GET", "/api/v1/imports", Own("/imports", None)),
    ("POST", "/api/v1/imports", Test("imports_http::another_users_account_is_404")),
    ("POST", "/api/v1/imports/preview", Test("imports_files::imports_preview_into_another_users_account_is_404")),
    ("GET", "/api/v1/imports/{id}", NotFound("/imports/$import", None)),
    ("GET", "/api/v1/insights", Own("/insights?include_dismissed=true", None)),
    ("PATCH", "/api/v1/insights/{id}", Test(PATTERNS)),
    ("GET", "/api/v1/me", Own("/me", None)),
    ("PATCH", "/api/v1/me", Own("/me", Some(r#"{"display_name":"Bob"}"#))),
    ("GET", "/api/v1/notifications", Own("/notifications", None)),
    ("GET", "/api/v1/notifications/deliveries", Own("/notifications/deliveries", None)),
    ("GET", "/api/v1/notifications/email/preview", Own("/notifications/email/preview", None)),
    ("GET", "/api/v1/notifications/preferences", Own("/notifications/preferences", None)),
    ("PUT", "/api/v1/notifications/preferences", Answers(422, "/notifications/preferences", Some(r#"{"low_balance":[{"account_id":"$account","amount":"10"}]}"#))),
    ("POST", "/api/v1/notifications/read", Test("notifications::feed::marking_read_by_id_or_all_and_never_another_users")),
    ("POST", "/api/v1/privacy/delete-account", OwnLast("/privacy/delete-account", Some(r#"{"password":"wrong guess"}"#))),
    ("POST", "/api/v1/privacy/export", Own("/privacy/export", None)),
    ("GET", "/api/v1/privacy/export/{id}", Test(EXPORTS)),
    ("GET", "/api/v1/privacy/export/{id}/download", Test(EXPORTS)),
    ("GET", "/api/v1/privacy/exports", Own("/privacy/exports", None)),
    ("POST", "/api/v1/privacy/import", Test("privacy::import_api::an_export_is_imported_into_the_callers_empty_account_only")),
    ("GET", "/api/v1/privacy/llm-consent", Own("/privacy/llm-consent", None)),
    ("PUT", "/api/v1/privacy/llm-consent", Own("/privacy/llm-consent", Some(r#"{"consent":true}"#))),
    ("GET", "/api/v1/privacy/settings", Own("/privacy/settings", None)),
    ("GET", "/api/v1/providers", Own("/providers", None)),
    ("GET", "/api/v1/providers/{provider}/institutions", Own("/providers/demo/institutions", None)),
    ("GET", "/api/v1/rules", Own("/rules", None)),
    ("POST", "/api/v1/rules", NotFound("/rules", Some(r#"{"name":"Planted","triggers":[{"type":"direction","direction":"out"}],"actions":{"category_id":"$category"}}"#))),
    ("DELETE", "/api/v1/rules/{id}", NotFound("/rules/$rule", None)),
    ("GET", "/api/v1/rules/{id}", NotFound("/rules/$rule", None)),
    ("PATCH", "/api/v1/rules/{id}", NotFound("/rules/$rule", Some(r#"{"name":"Stolen","enabled":false}"#))),
    ("POST", "/api/v1/rules/{id}/apply", NotFound("/rules/$rule/apply", None)),
    ("POST", "/api/v1/rules/{id}/preview", NotFound("/rules/$rule/preview", None)),
    ("DELETE", "/api/v1/telegram/link", Own("/telegram/link", None)),
    ("GET", "/api/v1/telegram/link", Own("/telegram/link", None)),
    ("POST", "/api/v1/telegram/link-code", Own("/telegram/link-code", None)),
    ("GET", "/api/v1/transactions", Own("/transactions?account_id=$account&category_id=$category", None)),
    ("POST", "/api/v1/transactions", NotFound("/transactions", Some(r#"{"account_id":"$account","booked_on":"2026-03-05","amount":"-1","description":"planted"}"#))),
    ("POST", "/api/v1/transactions/bulk-categorize", NotFound("/transactions/bulk-categorize", Some(r#"{"ids":["$transaction"],"category_id":"$category"}"#))),
    ("GET", "/api/v1/transactions/review", Own("/transactions/review", None)),
    ("GET", "/api/v1/transactions/search", TestVia("transactions::search::another_users_rows_are_never_found", "transactions::search::search")),
    ("DELETE", "/api/v1/transactions/{id}", NotFound("/transactions/$transaction", None)),
    ("GET", "/api/v1/transactions/{id}", NotFound("/transactions/$transaction", None)),
    ("PATCH", "/api/v1/transactions/{id}", NotFound("/transactions/$transaction", Some(r#"{"notes":"stolen"}"#))),
    ("POST", "/api/v1/transactions/{id}/accept", Test("transactions::review::another_users_row_or_category_is_not_found_and_bad_bodies_are_refused")),
    ("DELETE", "/api/v1/transactions/{id}/split", Test(TRANSACTIONS)),
    ("POST", "/api/v1/transactions/{id}/split", Test(TRANSACTIONS)),
    ("GET", "/api/v1/transfers", Own("/transfers", None)),
    ("POST", "/api/v1/transfers", Test(TRANSFERS)),
    ("DELETE", "/api/v1/transfers/{transaction_id}", Test(TRANSFERS)),
    ("GET", "/api/v1/unsubscribe", Public(TOKEN_LINK)),
    ("POST", "/api/v1/unsubscribe", Public(TOKEN_LINK)),
];

/// Routes outside the OpenAPI document, as their `.route(` calls name them:
/// (file, first argument, route, case).
#[rustfmt::skip]
pub const EXTRA_ROUTES: &[(&str, &str, &str, Case)] = &[
    ("services/server/src/routes.rs", "\"/health\"", "GET /health", Public("liveness: answers the process's state, no user's")),
    ("services/server/src/routes.rs", "\"/ready\"", "GET /ready", Public("readiness: the database's state, no user's")),
    ("services/server/src/routes.rs", "\"/metrics\"", "GET /metrics", Public("counters by route and status, no user ids (telemetry tests)")),
    ("services/server/src/routes.rs", "\"/api/v1/openapi.json\"", "GET /api/v1/openapi.json", Public("the API's description")),
    ("services/server/src/metrics.rs", "\"/health\"", "GET /health", Public("the worker's own metrics listener: liveness")),
    ("services/server/src/metrics.rs", "\"/metrics\"", "GET /metrics", Public("the worker's own metrics listener: counters, no user ids")),
    ("services/ask/src/mcp.rs", "\"/mcp\"", "POST /mcp", TestVia("ask::mcp::an_mcp_client_lists_and_calls_the_read_tools_of_its_user", "ask::mcp::connect")),
    (
        "bot/src/webhook.rs",
        "PATH",
        "POST /api/v1/telegram/webhook",
        Elsewhere(
            "telegram::buttons::forged_foreign_and_unlinked_presses_change_nothing",
            "the webhook feeds updates to the same dispatcher as polling (telegram::webhook); this test presses one user's button from another user's chat and from an unlinked chat: refused, nothing changed",
        ),
    ),
];
