//! Throughput of the local embedder: embeddings per second in batches of 64, the size the
//! categorizer hands it, and for one bulk call of 3,333 texts.
//!
//!     cargo run --release -p kakeibo-llm --example embed_bench -- [batches] [models_dir]
//!
//! The texts are short, as categorization sees them, not documents: bank-statement lines
//! (12–28 word pieces, 18 on average) and the same without the reference number and
//! date, closer to what the categorizer embeds after normalizing (7–19, 12 on average).
//! Debug builds are about half as fast; quote release figures only, on an idle machine.

// Rates and means are float arithmetic by nature.
#![allow(clippy::float_arithmetic)]

use std::path::PathBuf;
use std::time::Instant;

use kakeibo_llm::{Embedder, LocalEmbedder};

const BATCH: usize = 64;

const MERCHANTS: &[&str] = &[
    "SQ *BLUE BOTTLE COFFEE",
    "AMZN Mktp US*2K4RT5QX1",
    "Kartenzahlung REWE Markt GmbH",
    "UBER   *TRIP HELP.UBER.COM",
    "PAYPAL *SPOTIFY",
    "SHELL OIL 57444365707",
    "Lastschrift Stadtwerke München",
    "TST* JOE'S PIZZA",
    "CARREFOUR CITY PARIS 11",
    "NETFLIX.COM",
];
const PLACES: &[&str] = &[
    "OAKLAND CA",
    "SEATTLE WA",
    "Berlin DE",
    "Paris FR",
    "NEW YORK NY",
];

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let batches: usize = args.next().map(|a| a.parse()).transpose()?.unwrap_or(20);
    let models_dir = args.next().map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../.data/models"),
        PathBuf::from,
    );

    let started = Instant::now();
    let embedder = LocalEmbedder::load(&models_dir)?;
    println!("model loaded in {:.2?}", started.elapsed());

    // Statement lines as banks send them (merchant, place, a running reference number, a
    // date), and merchant and place alone, as left once the categorizer strips reference
    // numbers and dates. The cost grows with the tokens in a batch, so both are shown.
    let line = |n: usize| {
        format!(
            "{} {} {:06} {:02}/{:02}",
            MERCHANTS[n % MERCHANTS.len()],
            PLACES[n / MERCHANTS.len() % PLACES.len()],
            n * 7919 % 1_000_000,
            1 + n % 28,
            1 + n % 12
        )
    };
    let merchant = |n: usize| {
        format!(
            "{} {}",
            MERCHANTS[n % MERCHANTS.len()],
            PLACES[n / 3 % PLACES.len()]
        )
    };
    measure(&embedder, "statement lines", batches, &line).await?;
    measure(&embedder, "merchant and place", batches, &merchant).await?;

    // The categorizer's target case: 10,000 new transactions, a third of them with
    // merchants it has not embedded before, in one call (sorted into passes by length).
    let texts: Vec<String> = (0..3_333).map(merchant).collect();
    let t = Instant::now();
    embedder.embed(&texts).await?;
    let took = t.elapsed();
    println!(
        "merchant and place, one call of {}: {took:.2?}, {:.0} embeddings/s",
        texts.len(),
        texts.len() as f64 / took.as_secs_f64()
    );
    Ok(())
}

async fn measure(
    embedder: &LocalEmbedder,
    name: &str,
    batches: usize,
    text: &impl Fn(usize) -> String,
) -> Result<(), Box<dyn std::error::Error>> {
    let batch = |b: usize| -> Vec<String> { (b * BATCH..(b + 1) * BATCH).map(text).collect() };

    // One batch first (not among the measured ones): the first pass pays for allocations
    // the rest reuse.
    embedder.embed(&batch(batches)).await?;

    let mut times = Vec::with_capacity(batches);
    for b in 0..batches {
        let texts = batch(b);
        let t = Instant::now();
        let vectors = embedder.embed(&texts).await?;
        times.push(t.elapsed());
        assert_eq!(vectors.len(), BATCH);
    }
    let total: f64 = times.iter().map(|t| t.as_secs_f64()).sum();
    times.sort();
    println!(
        "{name}: {batches} batches of {BATCH}: {:.0} embeddings/s; per batch median {:.1?}, max {:.1?}; {} threads",
        (batches * BATCH) as f64 / total,
        times[times.len() / 2],
        times[times.len() - 1],
        std::thread::available_parallelism().map_or(1, |n| n.get()),
    );
    Ok(())
}
