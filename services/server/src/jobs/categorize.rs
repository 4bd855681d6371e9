//! The categorizer's worker: an import announces new rows, and the pipeline categorizes
//! every row of that user it has not seen (so one job also catches rows an interrupted
//! earlier job left). The local model is loaded on the first job, not at start, so a worker
//! that never categorizes never pays for it.

use std::sync::Arc;

use apalis::prelude::*;
use kakeibo_categorizer::examples::load_builtin;
use kakeibo_categorizer::pipeline::categorize_pending;
use kakeibo_core::jobs::NewTransactions;
use kakeibo_llm::{Embedder, LocalEmbedder};
use tokio::sync::OnceCell;

use super::JobContext;

/// The embedder, loaded once per process, with the built-in examples embedded for it.
#[derive(Clone, Default)]
pub struct Models {
    embedder: Arc<OnceCell<Arc<dyn Embedder>>>,
}

impl Models {
    pub async fn embedder(&self, context: &JobContext) -> Result<Arc<dyn Embedder>, BoxDynError> {
        let embedder = self
            .embedder
            .get_or_try_init(|| async {
                let dir = context.settings.models_dir.clone();
                let local =
                    tokio::task::spawn_blocking(move || LocalEmbedder::load(&dir)).await??;
                let embedder: Arc<dyn Embedder> = Arc::new(local);
                let added = load_builtin(&context.db, embedder.as_ref()).await?;
                if added > 0 {
                    tracing::info!(added, "built-in labelled examples embedded");
                }
                Ok::<_, BoxDynError>(embedder)
            })
            .await?;
        Ok(embedder.clone())
    }
}

#[tracing::instrument(skip_all, fields(user_id = %job.user_id))]
pub async fn run(
    job: NewTransactions,
    context: Data<JobContext>,
    models: Data<Models>,
) -> Result<(), BoxDynError> {
    let embedder = models.embedder(&context).await?;
    let report = categorize_pending(&context.db, embedder.as_ref(), job.user_id).await?;
    for (source, rows) in &report.by_source {
        metrics::counter!("categorized_transactions_total", "source" => *source)
            .increment(*rows as u64);
    }
    metrics::counter!("categorized_transactions_total", "source" => "none")
        .increment(report.uncategorized as u64);
    tracing::info!(rows = report.rows, embedded = report.embedded, by_source = ?report.by_source, "categorized");
    Ok(())
}
