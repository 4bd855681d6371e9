//! Prometheus metrics: one process-wide recorder, request counters and latencies per route,
//! and database-pool gauges read at scrape time.

use std::sync::OnceLock;
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::header::CONTENT_TYPE;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use kakeibo_core::AppState;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

const LATENCY_BUCKETS: &[f64] = &[
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
];

/// Jobs, imports and model calls run from milliseconds to minutes.
const LONG_BUCKETS: &[f64] = &[
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 300.0, 900.0,
];

/// The recorder is global to the process; tests start many apps in one process and share it.
pub fn handle() -> &'static PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE.get_or_init(|| {
        let handle = PrometheusBuilder::new()
            .set_buckets_for_metric(
                Matcher::Full("http_request_duration_seconds".into()),
                LATENCY_BUCKETS,
            )
            .and_then(|b| {
                b.set_buckets_for_metric(Matcher::Suffix("_duration_seconds".into()), LONG_BUCKETS)
            })
            .and_then(|b| {
                b.set_buckets_for_metric(
                    Matcher::Full("insights_recompute_seconds".into()),
                    LONG_BUCKETS,
                )
            })
            .expect("the bucket lists are not empty")
            .install_recorder()
            .expect("no other metrics recorder is installed");
        start_at_zero();
        handle
    })
}

/// Counters whose labels are known up front start at 0, so a rate over them (and an alert)
/// works before the first event, as with mature exporters.
fn start_at_zero() {
    for queue in crate::jobs::QUEUES.iter().chain(crate::jobs::SCHEDULERS) {
        let kind = crate::jobs::observe::kind_of(queue);
        for outcome in ["ok", "failed"] {
            metrics::counter!("jobs_total", "kind" => kind, "outcome" => outcome).absolute(0);
        }
    }
    for outcome in ["ok", "failed"] {
        metrics::counter!("bank_syncs_total", "outcome" => outcome).absolute(0);
    }
    for result in kakeibo_bank_sync::import_metrics::ROW_RESULTS {
        metrics::counter!("import_rows_total", "result" => result).absolute(0);
    }
    for channel in [
        kakeibo_notifications::kinds::TELEGRAM,
        kakeibo_notifications::kinds::EMAIL,
    ] {
        for outcome in ["sent", "suppressed", "retry", "failed"] {
            metrics::counter!("notifications_delivered_total", "channel" => channel, "outcome" => outcome)
                .absolute(0);
        }
    }
    metrics::counter!("emails_sent_total").absolute(0);
    metrics::counter!("budget_alerts_total").absolute(0);
}

pub async fn render(State(state): State<AppState>) -> impl IntoResponse {
    render_for(&state.db).await
}

/// A worker-only process's own `/metrics` and `/health` (`telemetry.worker_metrics_port`):
/// its jobs' counters live in its memory, so Prometheus scrapes it too.
pub async fn serve_worker_metrics(
    host: std::net::IpAddr,
    port: u16,
    pool: sqlx::PgPool,
    shutdown: tokio_util::sync::CancellationToken,
) -> Result<(), kakeibo_core::StartupError> {
    let addr = std::net::SocketAddr::new(host, port);
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| kakeibo_core::StartupError::from_bind(addr, e))?;
    tracing::info!(%addr, "worker metrics on http://{addr}/metrics");
    let router = axum::Router::new()
        .route("/health", axum::routing::get(crate::health::health))
        .route(
            "/metrics",
            axum::routing::get(move || {
                let pool = pool.clone();
                async move { render_for(&pool).await }
            }),
        );
    axum::serve(listener, router)
        .with_graceful_shutdown(shutdown.cancelled_owned())
        .await
        .map_err(|e| kakeibo_core::StartupError::Other(format!("worker metrics server: {e}")))
}

async fn render_for(pool: &sqlx::PgPool) -> impl IntoResponse + use<> {
    metrics::gauge!("db_pool_connections").set(f64::from(pool.size()));
    metrics::gauge!("db_pool_idle_connections").set(pool.num_idle() as f64);
    queue_gauges(pool).await;
    (
        [(CONTENT_TYPE, "text/plain; version=0.0.4")],
        handle().render(),
    )
}

/// Each queue's backlog, read from apalis' table at scrape time (every queue shows, at 0
/// when empty). A failed read leaves the last values and says so: a scrape still answers.
async fn queue_gauges(pool: &sqlx::PgPool) {
    let depths = match kakeibo_core::jobs::queue_depths(pool).await {
        Ok(depths) => depths,
        Err(e) => {
            tracing::warn!(error = %e, "reading the job queues for /metrics failed");
            return;
        }
    };
    for queue in crate::jobs::QUEUES {
        let found = depths.iter().find(|d| d.queue == queue);
        let kind = crate::jobs::observe::kind_of(queue);
        let value = |f: fn(&kakeibo_core::jobs::QueueDepth) -> f64| found.map(f).unwrap_or(0.0);
        metrics::gauge!("job_queue_depth", "kind" => kind).set(value(|d| d.waiting as f64));
        metrics::gauge!("job_queue_running", "kind" => kind).set(value(|d| d.running as f64));
        metrics::gauge!("job_queue_dead", "kind" => kind).set(value(|d| d.dead as f64));
        metrics::gauge!("job_queue_oldest_seconds", "kind" => kind)
            .set(value(|d| d.oldest_waiting_secs));
    }
}

/// Counts requests and their latency by route template, never by raw path, so ids in URLs
/// cannot blow up the number of series.
pub async fn track_http(request: Request, next: Next) -> Response {
    handle();
    let started = Instant::now();
    let method = request.method().to_string();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_else(|| "unmatched".into());
    // The trace names the request by its route template, like the metrics.
    kakeibo_core::telemetry::rename_current_span(format!("{method} {route}"));
    let response = next.run(request).await;
    let status = response.status().as_u16();
    let latency = started.elapsed();
    // One line per request (its span adds the request id and the user's hash); probes and
    // scrapes only at debug, or they would fill the log.
    let latency_ms = latency.as_millis() as u64;
    if matches!(route.as_str(), "/health" | "/ready" | "/metrics") {
        tracing::debug!(status, latency_ms, route = %route, "request finished");
    } else {
        tracing::info!(status, latency_ms, route = %route, "request finished");
    }
    let labels = [
        ("method", method),
        ("route", route),
        ("status", status.to_string()),
    ];
    metrics::counter!("http_requests_total", &labels).increment(1);
    metrics::histogram!("http_request_duration_seconds", &labels).record(latency.as_secs_f64());
    response
}
