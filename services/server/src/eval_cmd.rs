//! `kakeibo eval categorizer`: the offline pipeline's accuracy on the evaluation set, with
//! throwaway users in the configured database (removed afterwards).

use std::path::Path;

use kakeibo_categorizer::calibration::Calibration;
use kakeibo_categorizer::eval;
use kakeibo_core::{Settings, StartupError};
use kakeibo_llm::LocalEmbedder;
use sqlx::PgPool;

pub async fn categorizer(
    pool: &PgPool,
    settings: &Settings,
    fit: Option<&Path>,
    misses: bool,
) -> Result<(), StartupError> {
    let embedder = LocalEmbedder::load(&settings.models_dir)
        .map_err(|e| StartupError::Config(e.to_string()))?;
    let threshold = settings.categorizer.confidence_threshold;
    let mut evaluation = eval::run(pool, &embedder, Calibration::builtin(), threshold)
        .await
        .map_err(|e| StartupError::Other(format!("evaluation failed: {e}")))?;
    if let Some(file) = fit {
        // The decisions' features do not depend on the calibration: refit, and measure again.
        let samples = evaluation.samples();
        evaluation.calibration = Calibration::fit(&samples);
        let header = format!(
            "Fitted by `kakeibo eval categorizer --fit` on {} kNN decisions of the evaluation's runs.\n\
             Features and their order: services/categorizer/src/calibration.rs.",
            samples.len()
        );
        std::fs::write(file, evaluation.calibration.to_tsv(&header))
            .map_err(|e| StartupError::Other(format!("cannot write {}: {e}", file.display())))?;
        println!("calibration written to {}", file.display());
    }
    print!("{evaluation}");
    if misses {
        let cold = evaluation.cold.figures(&evaluation.calibration, threshold);
        for (description, expected, guess) in cold.misses {
            println!("miss\t{description}\t{expected}\t{guess}");
        }
    }
    Ok(())
}
