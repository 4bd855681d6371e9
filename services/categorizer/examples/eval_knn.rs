//! Cold-start accuracy of the kNN step alone: `cargo run --release -p kakeibo-categorizer
//! --example eval_knn [models_dir]`. Embeds the built-in examples into a fresh test database,
//! then asks kNN for every description of the evaluation set and prints top-1 accuracy and
//! the commonest confusions. (`kakeibo eval categorizer` will run the whole pipeline.)

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Instant;

use kakeibo_categorizer::examples::{load_builtin, parse_labelled};
use kakeibo_categorizer::knn::{builtin_neighbours, vote};
use kakeibo_categorizer::normalize::normalize_merchant;
use kakeibo_llm::{Embedder, LocalEmbedder};
use kakeibo_tests::{TestDb, workspace_root};
use pgvector::Vector;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let models = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join(".data/models"));
    let embedder = LocalEmbedder::load(&models)?;
    let db = TestDb::new().await?;

    let started = Instant::now();
    let loaded = load_builtin(&db.pool, &embedder).await?;
    println!(
        "built-in examples embedded: {loaded} in {:.1}s",
        started.elapsed().as_secs_f64()
    );

    let eval = parse_labelled(include_str!("../eval/eval_set.csv"));
    let texts: Vec<String> = eval.iter().map(|(d, _)| normalize_merchant(d)).collect();
    let started = Instant::now();
    let vectors = embedder.embed(&texts).await?;
    println!(
        "evaluation set embedded: {} in {:.1}s",
        texts.len(),
        started.elapsed().as_secs_f64()
    );

    let (mut right, mut confusions) = (0, HashMap::<(String, String), usize>::new());
    let mut latencies = Vec::new();
    for ((_, expected), vector) in eval.iter().zip(vectors) {
        let started = Instant::now();
        let neighbours =
            builtin_neighbours(&db.pool, embedder.model_id(), &Vector::from(vector)).await?;
        latencies.push(started.elapsed().as_secs_f64() * 1000.0);
        match vote(&neighbours, 0.0) {
            Some(v) if &v.category == expected => right += 1,
            other => {
                let got = other.map_or_else(|| "none".to_string(), |v| v.category);
                *confusions.entry((expected.clone(), got)).or_default() += 1;
            }
        }
    }
    latencies.sort_by(f64::total_cmp);
    println!(
        "cold start, kNN over built-in examples only: top-1 {:.1}% ({right}/{}); query p50 {:.2} ms, p95 {:.2} ms",
        100.0 * right as f64 / eval.len() as f64,
        eval.len(),
        latencies[latencies.len() / 2],
        latencies[latencies.len() * 95 / 100],
    );
    let mut worst: Vec<_> = confusions.into_iter().collect();
    worst.sort_by(|a, b| b.1.cmp(&a.1));
    for ((expected, got), n) in worst.into_iter().take(12) {
        println!("  {n:>3} × {expected} taken for {got}");
    }
    Ok(())
}
