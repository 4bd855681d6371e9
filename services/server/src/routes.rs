//! Every route of the API in one place. Services contribute their `router()` here as they
//! arrive; the list below is where a reader finds any endpoint.

use std::time::Duration;

use std::sync::Arc;

use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::routing::get;
use axum::{Json, Router};
use kakeibo_bank_sync::sync::SyncContext;
use kakeibo_categorizer::search_api::QueryEmbedder;
use kakeibo_core::AppState;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;

use crate::openapi::ApiDoc;
use crate::{health, metrics};

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

pub fn router(state: AppState, bank_sync: SyncContext) -> Router {
    let ops = Router::new()
        .route("/health", get(health::health))
        .route("/ready", get(health::ready))
        .route("/metrics", get(metrics::render));

    // The search loads its query model on its first request; see docs/decisions.md.
    let search_model = QueryEmbedder::local(state.settings.models_dir.clone());
    // Every service's `/api/v1/...` router is nested here.
    let (api, openapi) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .nest(
            "/api/v1",
            OpenApiRouter::new()
                .merge(kakeibo_auth::router())
                .merge(kakeibo_bank_sync::api::router())
                .merge(kakeibo_bank_sync::connections_api::router())
                .merge(kakeibo_bank_sync::transfers_api::router())
                .merge(kakeibo_transactions::router())
                .merge(kakeibo_budget::router())
                .merge(kakeibo_categorizer::search_api::router(search_model))
                .merge(kakeibo_analytics::analytics_api::router())
                .merge(kakeibo_analytics::patterns_api::router())
                .merge(kakeibo_analytics::insights_api::router()),
        )
        .split_for_parts();
    let openapi = Arc::new(openapi);

    let mut router = Router::new()
        .merge(ops)
        .merge(api)
        .route(
            "/api/v1/openapi.json",
            get(move || std::future::ready(Json(openapi.clone()))),
        )
        // JSON bodies are small; endpoints that take files raise this for themselves.
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(state)
        .layer(axum::Extension(bank_sync))
        .layer(axum::middleware::from_fn(metrics::track_http))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ))
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(
            TraceLayer::new_for_http().make_span_with(|req: &axum::http::Request<_>| {
                let request_id = req
                    .headers()
                    .get(&REQUEST_ID)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("-");
                tracing::info_span!("http", method = %req.method(), path = %req.uri().path(), request_id)
            }),
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
