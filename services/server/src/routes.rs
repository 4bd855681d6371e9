//! Every route of the API in one place: each service's `router()`, one line per service, and
//! the operational endpoints. A service's own router lists its endpoints.

use std::time::Duration;

use std::sync::Arc;

use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::routing::get;
use axum::{Json, Router};
use kakeibo_ask::AskState;
use kakeibo_bank_sync::BankSyncState;
use kakeibo_bank_sync::sync::SyncContext;
use kakeibo_categorizer::{QueryEmbedder, SearchState};
use kakeibo_core::AppState;
use kakeibo_llm::ConfiguredChat;
use tower_http::compression::CompressionLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;

use crate::openapi::ApiDoc;
use crate::{dashboard, health, metrics};

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
const MAX_BODY_BYTES: usize = 1024 * 1024;

/// Headers every answer carries: API answers hold personal data, so nothing caches them,
/// nothing sniffs or frames them, and no referrer leaks. (The dashboard's CSP comes with it.)
const SECURITY_HEADERS: [(&str, &str); 4] = [
    ("x-content-type-options", "nosniff"),
    ("x-frame-options", "DENY"),
    ("referrer-policy", "no-referrer"),
    ("cache-control", "no-store"),
];

pub fn router(
    state: AppState,
    bank_sync: SyncContext,
    bot: Option<kakeibo_bot::BotContext>,
) -> Router {
    // The recorder exists before the first request or job counts anything.
    metrics::handle();
    let ops = Router::new()
        .route("/health", get(health::health))
        .route("/ready", get(health::ready))
        .route("/metrics", get(metrics::render));

    // Services that read more than `AppState` get their own state, built here: a piece left
    // out does not compile.
    let bank_sync = BankSyncState {
        app: state.clone(),
        sync: bank_sync,
    };
    // The search loads its query model on its first request; see docs/decisions.md. The ask
    // engine's search tool shares it.
    let query_embedder = QueryEmbedder::local(state.settings.models_dir.clone());
    let search = SearchState {
        app: state.clone(),
        embedder: query_embedder.clone(),
    };
    // Questions go through the chat model when one is configured. A client that cannot be
    // built (a bad TLS setup) leaves the offline engine answering, as without a model.
    let chat = ConfiguredChat::from_settings(&state.settings.llm, state.db.clone())
        .unwrap_or_else(|e| {
            tracing::error!(error = %e, "the chat model cannot be used; questions are answered offline");
            ConfiguredChat::default()
        });
    let ask = AskState {
        app: state.clone(),
        embedder: query_embedder,
        chat,
    };
    // JSON-RPC, not REST: outside the OpenAPI document.
    let mcp = kakeibo_ask::mcp::router().with_state(ask.clone());
    // Every service's `/api/v1/...` router, one line each.
    let (api, openapi) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .nest(
            "/api/v1",
            OpenApiRouter::new()
                .merge(kakeibo_auth::router())
                .merge(kakeibo_bank_sync::router().with_state(bank_sync))
                .merge(kakeibo_transactions::router())
                .merge(kakeibo_budget::router())
                .merge(kakeibo_categorizer::router().with_state(search))
                .merge(kakeibo_analytics::router())
                .merge(kakeibo_notifications::router())
                .merge(kakeibo_ask::router().with_state(ask))
                .merge(kakeibo_bot::router())
                .merge(kakeibo_privacy::router()),
        )
        .split_for_parts();
    let openapi = Arc::new(openapi);

    // Telegram's calls, checked by their secret header: outside the OpenAPI document.
    let telegram_webhook = kakeibo_bot::webhook::router(bot);
    let mut router = Router::new()
        .merge(ops)
        .merge(api)
        .merge(mcp)
        .merge(telegram_webhook)
        .route(
            "/api/v1/openapi.json",
            get(move || std::future::ready(Json(openapi.clone()))),
        )
        // Everything else is the dashboard's (JSON 404s stay under /api), compressed: its
        // scripts are most of a first visit's bytes.
        .fallback_service(
            dashboard::router(state.settings.server.dashboard_dir.clone())
                .layer(CompressionLayer::new()),
        )
        // JSON bodies are small; endpoints that take files raise this for themselves.
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            note_writes,
        ))
        .with_state(state)
        .layer(axum::middleware::from_fn(metrics::track_http))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ))
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(|req: &axum::http::Request<_>| {
                    let request_id = req
                        .headers()
                        .get(&REQUEST_ID)
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or("-");
                    // `user` (a hash, never the id or e-mail) is filled in by the auth
                    // extractor; `metrics::track_http` names the trace span by its route.
                    tracing::info_span!(
                        "http",
                        method = %req.method(),
                        path = %req.uri().path(),
                        request_id,
                        user = tracing::field::Empty,
                        status = tracing::field::Empty,
                        "otel.kind" = "server",
                        "otel.status_code" = tracing::field::Empty,
                    )
                })
                .on_response(
                    |response: &axum::http::Response<_>, _: Duration, span: &tracing::Span| {
                        span.record("status", response.status().as_u16());
                        if response.status().is_server_error() {
                            span.record("otel.status_code", "ERROR");
                        }
                    },
                ),
        )
        .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid));
    for (name, value) in SECURITY_HEADERS {
        router = router.layer(SetResponseHeaderLayer::if_not_present(
            HeaderName::from_static(name),
            HeaderValue::from_static(value),
        ));
    }
    router
}

/// With a read replica: after a user's successful write, remember how far the primary's WAL
/// had got, so that user's next reads wait for the replica to get there (read-your-writes).
async fn note_writes(
    axum::extract::State(state): axum::extract::State<AppState>,
    mut request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    if state.replica.is_none() || request.method().is_safe() {
        return next.run(request).await;
    }
    let mark = kakeibo_core::replica::WriteMark::default();
    request.extensions_mut().insert(mark.clone());
    let response = next.run(request).await;
    if let Some(user_id) = mark.0.get()
        && !response.status().is_server_error()
        && let Err(error) = kakeibo_core::replica::note_write(&state.db, *user_id).await
    {
        // The write stands; the user's next read may come from a lagging replica.
        tracing::warn!(%error, "could not record the write position for read-your-writes");
    }
    response
}
