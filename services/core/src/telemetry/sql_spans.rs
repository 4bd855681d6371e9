//! SQL statements as spans. sqlx reports each finished statement as an event (target
//! `sqlx::query`, level debug) with its elapsed time, not as a span; this layer turns each
//! one into a client span under the current request or job, backdated by that time. Only
//! sqlx's summary of the statement is kept: bound values never reach the event.

use std::time::{Duration, SystemTime};

use opentelemetry::KeyValue;
use opentelemetry::trace::{Span as _, SpanKind, TraceContextExt, Tracer as _};
use opentelemetry_sdk::trace::SdkTracer;
use tracing::field::{Field, Visit};
use tracing::{Event, Level, Subscriber};
use tracing_opentelemetry::OpenTelemetrySpanExt;
use tracing_subscriber::filter::{Filtered, Targets};
use tracing_subscriber::layer::{Context, Layer};
use tracing_subscriber::registry::LookupSpan;

/// The name of every statement's span (its text is the `db.query.text` attribute).
pub const SQL_SPAN: &str = "sql";

pub(super) fn layer<S>(tracer: SdkTracer) -> Filtered<SqlSpans, Targets, S>
where
    S: Subscriber + for<'a> LookupSpan<'a>,
{
    SqlSpans { tracer }.with_filter(Targets::new().with_target("sqlx::query", Level::DEBUG))
}

pub struct SqlSpans {
    tracer: SdkTracer,
}

#[derive(Default)]
struct Statement {
    summary: String,
    elapsed_secs: f64,
    rows_affected: u64,
    rows_returned: u64,
}

impl Visit for Statement {
    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "summary" {
            self.summary = value.to_owned();
        }
    }

    fn record_f64(&mut self, field: &Field, value: f64) {
        if field.name() == "elapsed_secs" {
            self.elapsed_secs = value;
        }
    }

    fn record_u64(&mut self, field: &Field, value: u64) {
        match field.name() {
            "rows_affected" => self.rows_affected = value,
            "rows_returned" => self.rows_returned = value,
            _ => {}
        }
    }

    fn record_debug(&mut self, _: &Field, _: &dyn std::fmt::Debug) {}
}

impl<S> Layer<S> for SqlSpans
where
    S: Subscriber + for<'a> LookupSpan<'a>,
{
    fn on_event(&self, event: &Event<'_>, _: Context<'_, S>) {
        // Statements outside a traced request or job (the pool's housekeeping, a span the
        // sampler dropped) would each start a trace of their own: they are left out.
        let current = tracing::Span::current();
        if current.is_none() {
            return;
        }
        let parent = current.context();
        if !parent.span().span_context().is_valid() {
            return;
        }
        let mut statement = Statement::default();
        event.record(&mut statement);
        let end = SystemTime::now();
        let elapsed = Duration::try_from_secs_f64(statement.elapsed_secs).unwrap_or_default();
        let start = end.checked_sub(elapsed).unwrap_or(end);
        let attributes = vec![
            KeyValue::new("db.system.name", "postgresql"),
            KeyValue::new("db.query.text", statement.summary),
            KeyValue::new("db.response.returned_rows", statement.rows_returned as i64),
            KeyValue::new("db.rows_affected", statement.rows_affected as i64),
        ];
        let mut span = self
            .tracer
            .span_builder(SQL_SPAN)
            .with_kind(SpanKind::Client)
            .with_start_time(start)
            .with_attributes(attributes)
            .start_with_context(&self.tracer, &parent);
        span.end_with_timestamp(end);
    }
}
