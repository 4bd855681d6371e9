//! Tracing setup: pretty for people, JSON for log collectors, and OpenTelemetry traces over
//! OTLP/HTTP when `telemetry.otlp_endpoint` is set. Also the hashed user id that logs and
//! traces carry instead of anything that names a person.

use std::io::IsTerminal;
use std::sync::OnceLock;

use opentelemetry::trace::TracerProvider as _;
use opentelemetry_otlp::{Protocol, WithExportConfig};
use opentelemetry_sdk::Resource;
use opentelemetry_sdk::trace::{Sampler, SdkTracerProvider};
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::prelude::*;
use tracing_subscriber::{EnvFilter, Layer, Registry, fmt};
use uuid::Uuid;

use crate::config::{LogFormat, LogSettings, TelemetrySettings};

mod sql_spans;

/// Where logs go: a running role's logs are its output (stdout, as service managers and
/// containers collect it); a one-shot command's output is its result, so its logs go aside.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogTo {
    Stdout,
    Stderr,
}

/// Keeps the trace exporter alive; [`Telemetry::shutdown`] sends what is still buffered.
#[must_use = "dropping it without shutdown() loses the last spans"]
#[derive(Default)]
pub struct Telemetry {
    provider: Option<SdkTracerProvider>,
}

impl Telemetry {
    pub fn exporting_traces(&self) -> bool {
        self.provider.is_some()
    }

    /// Exports the spans still queued and stops the exporter (blocking: it waits on the
    /// SDK's own thread, at most the exporter's timeout).
    pub fn shutdown(self) {
        if let Some(provider) = self.provider
            && let Err(e) = provider.shutdown()
        {
            tracing::warn!(error = %e, "flushing the last traces failed");
        }
    }

    /// Sends the spans finished so far without stopping (tests read them right after).
    pub fn flush(&self) {
        if let Some(provider) = &self.provider {
            let _ = provider.force_flush();
        }
    }
}

/// Installs the global subscriber. `RUST_LOG` overrides the configured filter.
pub fn init(
    log: &LogSettings,
    telemetry: &TelemetrySettings,
    to: LogTo,
) -> Result<Telemetry, String> {
    let is_terminal = match to {
        LogTo::Stdout => std::io::stdout().is_terminal(),
        LogTo::Stderr => std::io::stderr().is_terminal(),
    };
    let writer = move || -> Box<dyn std::io::Write> {
        match to {
            LogTo::Stdout => Box::new(std::io::stdout()),
            LogTo::Stderr => Box::new(std::io::stderr()),
        }
    };
    // No colour codes in log files (deploy/local/run.sh writes one).
    init_with_writer(log, telemetry, writer, is_terminal)
}

/// [`init`] with logs going to `writer` (a file in the tests that read a run's logs).
pub fn init_with_writer<W>(
    log: &LogSettings,
    telemetry: &TelemetrySettings,
    writer: W,
    ansi: bool,
) -> Result<Telemetry, String>
where
    W: for<'w> MakeWriter<'w> + Send + Sync + 'static,
{
    let filter = || {
        EnvFilter::try_from_default_env()
            .or_else(|_| EnvFilter::try_new(&log.filter))
            .unwrap_or_else(|_| EnvFilter::new("info"))
    };
    let logs: Box<dyn Layer<Registry> + Send + Sync> = match log.format {
        LogFormat::Pretty => fmt::layer()
            .with_target(true)
            .with_writer(writer)
            .with_ansi(ansi)
            .with_filter(filter())
            .boxed(),
        // Each line carries the fields of the spans it happened in: the request's
        // `request_id` and `user` (a hash), a job's `kind`.
        LogFormat::Json => fmt::layer()
            .with_writer(writer)
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .with_span_list(false)
            .with_filter(filter())
            .boxed(),
    };
    let provider = if telemetry.otlp_endpoint.is_empty() {
        None
    } else {
        Some(tracer_provider(telemetry)?)
    };
    let traces = provider.as_ref().map(|provider| {
        let tracer = provider.tracer("kakeibo");
        tracing_opentelemetry::layer()
            .with_tracer(tracer.clone())
            .with_location(false)
            .with_threads(false)
            .with_filter(filter())
            .and_then(sql_spans::layer(tracer))
    });
    // try_init: a second call (tests, embedded use) keeps the first subscriber.
    let _ = tracing_subscriber::registry()
        .with(logs)
        .with(traces)
        .try_init();
    Ok(Telemetry { provider })
}

fn tracer_provider(settings: &TelemetrySettings) -> Result<SdkTracerProvider, String> {
    // The exporter's reqwest client needs a rustls provider (STACK.md 1); `main` installs
    // one first, an embedding program or a test may not have.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let endpoint = traces_url(&settings.otlp_endpoint);
    let exporter = opentelemetry_otlp::SpanExporter::builder()
        .with_http()
        .with_protocol(Protocol::HttpBinary)
        .with_endpoint(&endpoint)
        .build()
        .map_err(|e| format!("telemetry.otlp_endpoint {endpoint}: {e}"))?;
    Ok(SdkTracerProvider::builder()
        .with_batch_exporter(exporter)
        .with_sampler(Sampler::ParentBased(Box::new(Sampler::TraceIdRatioBased(
            settings.sample_ratio,
        ))))
        .with_resource(
            Resource::builder()
                .with_service_name(settings.service_name.clone())
                .build(),
        )
        .build())
}

/// The collector's root gets OTLP's path for traces, as `OTEL_EXPORTER_OTLP_ENDPOINT` does.
pub fn traces_url(endpoint: &str) -> String {
    let root = endpoint.trim_end_matches('/');
    if root.ends_with("/v1/traces") {
        root.to_owned()
    } else {
        format!("{root}/v1/traces")
    }
}

/// For tests: quiet unless `TEST_LOG` is set, and captured by the test harness.
pub fn init_for_test() {
    let filter = if std::env::var_os("TEST_LOG").is_some() {
        EnvFilter::new("debug,sqlx=info")
    } else {
        EnvFilter::new("warn")
    };
    let _ = tracing_subscriber::registry()
        .with(filter)
        .with(fmt::layer().with_test_writer())
        .try_init();
}

static USER_HASH_KEY: OnceLock<[u8; 32]> = OnceLock::new();

/// Sets the server key of [`user_hash`] (derived from the token signing key, so every
/// process of one install agrees). The first call wins.
pub fn set_user_hash_key(key: [u8; 32]) {
    let _ = USER_HASH_KEY.set(key);
}

/// How logs and traces name a user: the first 16 hex digits of HMAC-SHA256 under a server
/// key. One user's lines can be followed across requests and jobs, but the value leads back
/// to no account without the key (and nothing else a log holds names the person).
pub fn user_hash(user_id: Uuid) -> String {
    use hmac::{Hmac, Mac};
    // Without a configured key a random one still hides the id (hashes then differ per process).
    let key = USER_HASH_KEY.get_or_init(rand::random);
    let mut mac =
        Hmac::<sha2::Sha256>::new_from_slice(key).expect("HMAC takes a key of any length");
    mac.update(b"kakeibo log user v1\0");
    mac.update(user_id.as_bytes());
    let digest = mac.finalize().into_bytes();
    digest[..8].iter().map(|b| format!("{b:02x}")).collect()
}

/// Renames the current span in traces (the request's, once its route template is known):
/// an OpenTelemetry span is started when first entered, after which `otel.name` no longer
/// renames it.
pub fn rename_current_span(name: String) {
    use opentelemetry::trace::TraceContextExt;
    use tracing_opentelemetry::OpenTelemetrySpanExt;
    tracing::Span::current().context().span().update_name(name);
}

/// Records the caller on the request's span (declared with `user = Empty`), so each later
/// log line and the trace carry it.
pub fn record_user(user_id: Uuid) {
    tracing::Span::current().record("user", user_hash(user_id).as_str());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traces_url_adds_the_otlp_path_once() {
        assert_eq!(traces_url("http://c:4318"), "http://c:4318/v1/traces");
        assert_eq!(traces_url("http://c:4318/"), "http://c:4318/v1/traces");
        assert_eq!(
            traces_url("http://c:4318/v1/traces"),
            "http://c:4318/v1/traces"
        );
    }

    #[test]
    fn user_hash_is_stable_short_and_not_the_id() {
        let id = Uuid::from_u128(42);
        let hash = user_hash(id);
        assert_eq!(hash.len(), 16);
        assert!(hash.chars().all(|c| c.is_ascii_hexdigit()));
        assert_eq!(hash, user_hash(id));
        assert_ne!(hash, user_hash(Uuid::from_u128(43)));
        assert!(!id.simple().to_string().contains(&hash));
    }
}
