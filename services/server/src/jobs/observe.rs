//! What every job run leaves behind, whatever its kind: a `job` span (a trace of its own, its
//! SQL beneath it), `jobs_total{kind,outcome}` and `job_duration_seconds{kind}`. One tower
//! layer on each apalis worker, outside its retry layer: a job counts once, `failed` when its
//! retries are spent.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Instant;

use apalis::prelude::Task;
use tower::{Layer, Service};
use tracing::Instrument;

/// The `kind` label of a queue (`kakeibo.categorize` → `categorize`) or a scheduler's name.
pub fn kind_of(queue_or_name: &str) -> &str {
    queue_or_name
        .strip_prefix("kakeibo.")
        .unwrap_or(queue_or_name)
}

#[derive(Clone)]
pub struct ObserveJobs {
    kind: &'static str,
}

impl ObserveJobs {
    pub fn new(queue_or_name: &'static str) -> Self {
        Self {
            kind: kind_of(queue_or_name),
        }
    }
}

impl<S> Layer<S> for ObserveJobs {
    type Service = Observed<S>;

    fn layer(&self, inner: S) -> Observed<S> {
        Observed {
            inner,
            kind: self.kind,
        }
    }
}

#[derive(Clone)]
pub struct Observed<S> {
    inner: S,
    kind: &'static str,
}

impl<S, Args> Service<Task<Args>> for Observed<S>
where
    S: Service<Task<Args>>,
    S::Future: Send + 'static,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<S::Response, S::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, task: Task<Args>) -> Self::Future {
        let kind = self.kind;
        let attempt = task.ctx().attempt();
        let job_id = task
            .ctx()
            .task_id()
            .map(|id| id.to_string())
            .unwrap_or_default();
        // A job is a root: the request that queued it has long answered.
        let span = tracing::info_span!(
            parent: None,
            "job",
            kind,
            job_id,
            attempt,
            "otel.name" = format!("job {kind}"),
            "otel.kind" = "consumer",
            "otel.status_code" = tracing::field::Empty,
        );
        let run = {
            let _entered = span.enter();
            self.inner.call(task)
        };
        Box::pin(
            async move {
                let started = Instant::now();
                let result = run.await;
                let outcome = if result.is_ok() { "ok" } else { "failed" };
                if result.is_err() {
                    tracing::Span::current().record("otel.status_code", "ERROR");
                }
                metrics::counter!("jobs_total", "kind" => kind, "outcome" => outcome).increment(1);
                metrics::histogram!("job_duration_seconds", "kind" => kind)
                    .record(started.elapsed().as_secs_f64());
                result
            }
            .instrument(span),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::kind_of;

    #[test]
    fn kinds_drop_the_queue_prefix() {
        assert_eq!(kind_of("kakeibo.categorize"), "categorize");
        assert_eq!(kind_of("scheduler.retention"), "scheduler.retention");
    }
}
