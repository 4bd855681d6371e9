//! `kakeibo eval categorizer` against a fresh test database instead of the configured one:
//! `cargo run --release -p kakeibo-categorizer --example eval_categorizer [models_dir]`.

use std::path::PathBuf;

use kakeibo_llm::LocalEmbedder;
use kakeibo_tests::{TestDb, workspace_root};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let models = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join(".data/models"));
    let embedder = LocalEmbedder::load(&models)?;
    let db = TestDb::new().await?;
    let calibration = kakeibo_categorizer::calibration::Calibration::builtin();
    let threshold = kakeibo_core::config::DEFAULT_CONFIDENCE_THRESHOLD;
    let evaluation =
        kakeibo_categorizer::eval::run(&db.pool, &embedder, calibration, threshold).await?;
    print!("{evaluation}");
    if std::env::var_os("EVAL_MISTAKES").is_some() {
        for (case, run) in [("cold", &evaluation.cold), ("warm", &evaluation.warm)] {
            for (description, want, got) in run.figures(calibration, threshold).misses {
                let text = kakeibo_categorizer::normalize::normalize_merchant(&description);
                println!("{case}\t{want}\t{got}\t{text}\t{description}");
            }
        }
    }
    Ok(())
}
