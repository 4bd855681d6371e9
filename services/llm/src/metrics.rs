//! Counters of model calls, tokens and cost. They go to the process-wide `metrics` recorder,
//! which the server renders at `/metrics`.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Mutex, OnceLock};

use kakeibo_core::config::ModelPrice;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use crate::chat::Usage;

/// `kind` label: which API was called.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Kind {
    Chat,
    Embedding,
}

impl Kind {
    fn label(self) -> &'static str {
        match self {
            Kind::Chat => "chat",
            Kind::Embedding => "embedding",
        }
    }
}

/// One finished call: `ok`, `cache_hit`, or the failure's outcome.
pub(crate) fn request(model: &str, kind: Kind, outcome: &'static str) {
    metrics::counter!(
        "llm_requests_total",
        "model" => model.to_owned(),
        "kind" => kind.label(),
        "outcome" => outcome,
    )
    .increment(1);
}

/// The span of one call to the model server: `llm` (named `chat MODEL` or `embeddings
/// MODEL` in traces), with the tokens spent once the server reports them. Never the prompt.
pub(crate) fn call_span(model: &str, kind: Kind) -> tracing::Span {
    let operation = match kind {
        Kind::Chat => "chat",
        Kind::Embedding => "embeddings",
    };
    tracing::info_span!(
        "llm",
        "otel.name" = format!("{operation} {model}"),
        "otel.kind" = "client",
        "gen_ai.operation.name" = operation,
        "gen_ai.request.model" = model,
        "gen_ai.usage.input_tokens" = tracing::field::Empty,
        "gen_ai.usage.output_tokens" = tracing::field::Empty,
    )
}

/// How long one call took, retries and the cache included.
pub(crate) fn duration(model: &str, kind: Kind, started: std::time::Instant) {
    metrics::histogram!(
        "llm_request_duration_seconds",
        "model" => model.to_owned(),
        "kind" => kind.label(),
    )
    .record(started.elapsed().as_secs_f64());
}

/// One more HTTP attempt after a retryable failure.
pub(crate) fn retry(model: &str, kind: Kind) {
    metrics::counter!("llm_retries_total", "model" => model.to_owned(), "kind" => kind.label())
        .increment(1);
}

pub(crate) fn cache_hit(model: &str) {
    metrics::counter!("llm_cache_hits_total", "model" => model.to_owned()).increment(1);
    request(model, Kind::Chat, "cache_hit");
}

/// Tokens a server reported, and what they cost at the configured prices.
pub(crate) fn usage(model: &str, usage: Usage, prices: &BTreeMap<String, ModelPrice>) {
    let span = tracing::Span::current();
    span.record("gen_ai.usage.input_tokens", usage.prompt_tokens);
    span.record("gen_ai.usage.output_tokens", usage.completion_tokens);
    for (kind, tokens) in [
        ("prompt", usage.prompt_tokens),
        ("completion", usage.completion_tokens),
    ] {
        metrics::counter!("llm_tokens_total", "model" => model.to_owned(), "kind" => kind)
            .increment(tokens);
    }
    let Some(price) = prices.get(model) else {
        return;
    };
    let total = add_cost(model, cost(usage, price));
    // The running total is kept exactly; the recorder only takes floats (a gauge is the
    // only float-valued kind), so the exact sum is converted each time, never summed as f64.
    metrics::gauge!("llm_cost_usd_total", "model" => model.to_owned())
        .set(total.to_f64().unwrap_or(f64::MAX));
}

/// USD for `usage` at per-million-token prices.
pub fn cost(usage: Usage, price: &ModelPrice) -> Decimal {
    let million = Decimal::from(1_000_000u32);
    (Decimal::from(usage.prompt_tokens) * price.prompt_per_million
        + Decimal::from(usage.completion_tokens) * price.completion_per_million)
        / million
}

fn add_cost(model: &str, amount: Decimal) -> Decimal {
    static TOTALS: OnceLock<Mutex<HashMap<String, Decimal>>> = OnceLock::new();
    let mut totals = TOTALS
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let total = totals.entry(model.to_owned()).or_default();
    *total += amount;
    *total
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cost_is_exact_per_million_tokens() {
        let price = ModelPrice {
            prompt_per_million: Decimal::new(15, 2),
            completion_per_million: Decimal::new(60, 2),
        };
        let usage = Usage {
            prompt_tokens: 1_234,
            completion_tokens: 56,
        };
        // 1234 × 0.15 / 1e6 + 56 × 0.60 / 1e6 = 0.0001851 + 0.0000336
        assert_eq!(cost(usage, &price), Decimal::new(2187, 7));
    }
}
