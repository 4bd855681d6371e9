//! The categorizer's worker: an import announces new rows, and the pipeline categorizes
//! every row of that user it has not seen (so one job also catches rows an interrupted
//! earlier job left). The local model is loaded on the first job, not at start, so a worker
//! that never categorizes never pays for it. A minute's cron tick asks the chat model again
//! about rows whose LLM step failed earlier.

use std::sync::Arc;

use apalis::prelude::*;
use apalis_cron::Tick;
use kakeibo_core::jobs::{JobContext, NewTransactions};
use kakeibo_llm::{ConfiguredChat, Embedder, LocalEmbedder};
use tokio::sync::OnceCell;

use crate::examples::load_builtin;
use crate::llm_step;
use crate::pipeline::{self, categorize_pending};

/// Every minute, at second 37 (off the other schedules).
pub const RETRY_SCHEDULE: &str = "37 * * * * *";

/// The embedder, loaded once per process with the built-in examples embedded for it, and
/// the chat model when the settings name one.
#[derive(Clone)]
pub struct LoadedModels {
    embedder: Arc<OnceCell<Arc<dyn Embedder>>>,
    chat: ConfiguredChat,
}

impl LoadedModels {
    pub fn new(chat: ConfiguredChat) -> Self {
        Self {
            embedder: Arc::default(),
            chat,
        }
    }

    async fn embedder(&self, context: &JobContext) -> Result<Arc<dyn Embedder>, BoxDynError> {
        let embedder = self
            .embedder
            .get_or_try_init(|| async {
                let dir = context.settings.models_dir.clone();
                let local =
                    tokio::task::spawn_blocking(move || LocalEmbedder::load_shared(&dir)).await??;
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

#[tracing::instrument(skip_all, fields(user = %kakeibo_core::telemetry::user_hash(job.user_id)))]
pub async fn run(
    job: NewTransactions,
    context: Data<JobContext>,
    models: Data<LoadedModels>,
) -> Result<(), BoxDynError> {
    let embedder = models.embedder(&context).await?;
    let consented = models.chat.needs_consent() && {
        let mut conn = context.db.acquire().await?;
        kakeibo_auth::llm_consent::has_consented(&mut conn, job.user_id).await?
    };
    let models = pipeline::Models {
        embedder: embedder.as_ref(),
        chat: models.chat.for_user(consented),
        brands: crate::brands::Brands::builtin(),
        calibration: crate::calibration::Calibration::builtin(),
        threshold: context.settings.categorizer.confidence_threshold,
    };
    let report = categorize_pending(&context.db, models, job.user_id).await?;
    for (source, rows) in &report.by_source {
        metrics::counter!("categorized_transactions_total", "source" => *source)
            .increment(*rows as u64);
    }
    metrics::counter!("categorized_transactions_total", "source" => "none")
        .increment(report.uncategorized as u64);
    tracing::info!(rows = report.rows, embedded = report.embedded, deferred = report.llm_deferred, by_source = ?report.by_source, "categorized");
    let mut tx = context.db.begin().await?;
    // What the pass left open is the user's to decide: asked once per row (or per import).
    let alerts =
        kakeibo_bank_sync::alerts::uncategorized_transactions(&mut tx, job.user_id, job.import_id)
            .await?;
    kakeibo_core::jobs::announce_transactions_changed(&mut tx, job.user_id).await?;
    tx.commit().await?;
    if alerts > 0 {
        tracing::info!(alerts, "uncategorized rows alerted");
    }
    Ok(())
}

/// Asks the chat model again about rows whose LLM step failed and whose wait is over.
pub async fn retry_llm(
    _tick: Tick,
    context: Data<JobContext>,
    models: Data<LoadedModels>,
) -> Result<(), BoxDynError> {
    let Some(chat) = models.chat.get() else {
        return Ok(());
    };
    let now = chrono::Utc::now();
    let mut conn = context.db.acquire().await?;
    for user_id in llm_step::users_with_retries_due(&mut conn, now).await? {
        // Consent withdrawn since: the rows wait, untouched, until it is given again.
        if models.chat.needs_consent()
            && !kakeibo_auth::llm_consent::has_consented(&mut conn, user_id).await?
        {
            continue;
        }
        let outcome = llm_step::retry_due(
            &mut conn,
            chat,
            user_id,
            context.settings.categorizer.confidence_threshold,
            now,
        )
        .await?;
        tracing::info!(user = %kakeibo_core::telemetry::user_hash(user_id), ?outcome, "LLM step retried");
        kakeibo_core::jobs::announce_transactions_changed(&mut conn, user_id).await?;
    }
    Ok(())
}
