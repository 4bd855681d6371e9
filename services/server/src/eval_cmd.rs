//! `kakeibo eval categorizer`: the offline pipeline's accuracy on the evaluation set, with
//! throwaway users in the configured database (removed afterwards).

use kakeibo_categorizer::eval;
use kakeibo_core::{Settings, StartupError};
use kakeibo_llm::LocalEmbedder;
use sqlx::PgPool;

pub async fn categorizer(pool: &PgPool, settings: &Settings) -> Result<(), StartupError> {
    let embedder = LocalEmbedder::load(&settings.models_dir)
        .map_err(|e| StartupError::Config(e.to_string()))?;
    let evaluation = eval::run(pool, &embedder)
        .await
        .map_err(|e| StartupError::Other(format!("evaluation failed: {e}")))?;
    print!("{evaluation}");
    Ok(())
}
