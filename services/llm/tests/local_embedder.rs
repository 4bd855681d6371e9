//! The local embedder against vectors from an independent implementation
//! (tests/reference/: a NumPy BERT forward pass; see its README).

// Cosines are float arithmetic by nature.
#![allow(clippy::float_arithmetic)]

use std::path::PathBuf;

use kakeibo_llm::{EmbedError, Embedder, LocalEmbedder};

/// `.data/models` in the workspace root, where `deploy/local/setup.sh` (run by test.sh)
/// installs the model.
fn models_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(".data/models")
}

fn load() -> LocalEmbedder {
    LocalEmbedder::load(&models_dir()).unwrap_or_else(|e| panic!("{e}"))
}

fn reference() -> Vec<(String, Vec<f32>)> {
    let json: serde_json::Value =
        serde_json::from_str(include_str!("minilm_reference.json")).expect("reference JSON");
    json["sentences"]
        .as_array()
        .expect("sentences")
        .iter()
        .map(|s| {
            let text = s["text"].as_str().expect("text").to_owned();
            let vector = s["embedding"]
                .as_array()
                .expect("embedding")
                .iter()
                .map(|f| f.as_f64().expect("float") as f32)
                .collect();
            (text, vector)
        })
        .collect()
}

fn cosine(a: &[f32], b: &[f32]) -> f32 {
    let dot: f32 = a.iter().zip(b).map(|(x, y)| x * y).sum();
    let norm = |v: &[f32]| v.iter().map(|x| x * x).sum::<f32>().sqrt();
    dot / (norm(a) * norm(b))
}

#[tokio::test]
async fn vectors_match_the_reference_model() {
    let embedder = load();
    let reference = reference();
    let texts: Vec<String> = reference.iter().map(|(t, _)| t.clone()).collect();

    // One batch: the texts run from 9 to 256 tokens, so most rows are padded and the
    // longest is truncated; the reference ran each text alone with neither.
    let vectors = embedder.embed(&texts).await.expect("embed");

    assert_eq!(vectors.len(), reference.len());
    for ((text, expected), got) in reference.iter().zip(&vectors) {
        assert_eq!(got.len(), embedder.dimensions());
        let norm = got.iter().map(|x| x * x).sum::<f32>().sqrt();
        assert!((norm - 1.0).abs() < 1e-4, "{text:?}: norm {norm}");
        let cos = cosine(got, expected);
        assert!(cos >= 0.999, "{text:?}: cosine {cos} with the reference");
    }
}

#[tokio::test]
async fn a_call_larger_than_one_pass_keeps_its_order() {
    let embedder = load();
    // The short reference texts over and over: 150 texts, so more than two passes of 64,
    // each made of texts sorted by length from all over the call.
    let reference: Vec<_> = reference()
        .into_iter()
        .filter(|(text, _)| text.len() < 100)
        .collect();
    let picks: Vec<&(String, Vec<f32>)> = (0..150)
        .map(|i| &reference[i * 7 % reference.len()])
        .collect();
    let texts: Vec<String> = picks.iter().map(|(t, _)| t.clone()).collect();

    let vectors = embedder.embed(&texts).await.expect("embed");

    assert_eq!(vectors.len(), texts.len());
    for (i, ((text, expected), got)) in picks.iter().zip(&vectors).enumerate() {
        let cos = cosine(got, expected);
        assert!(
            cos >= 0.999,
            "#{i} {text:?}: cosine {cos} with the reference"
        );
    }
}

#[tokio::test]
async fn a_text_embeds_the_same_alone_and_in_a_batch() {
    let embedder = load();
    let texts = vec![
        "NETFLIX.COM 866-579-7172 CA".to_owned(),
        "a much longer description that forces the first text to be padded".to_owned(),
    ];
    let batch = embedder.embed(&texts).await.expect("embed");
    let alone = embedder.embed(&texts[..1]).await.expect("embed");
    let cos = cosine(&batch[0], &alone[0]);
    assert!(cos > 0.9999, "cosine {cos}");
    assert!(embedder.embed(&[]).await.expect("embed").is_empty());
}

#[test]
fn a_missing_model_names_the_file_and_the_fix() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("no-models-here");
    let err = LocalEmbedder::load(&dir).err().expect("load must fail");
    assert!(
        matches!(err, EmbedError::ModelFileMissing { .. }),
        "{err:?}"
    );
    let message = err.to_string();
    assert!(
        message.contains("all-MiniLM-L6-v2/config.json"),
        "{message}"
    );
    assert!(message.contains("deploy/local/setup.sh"), "{message}");
}

/// One process, one copy of the weights: a second shared load gets the first one's model
/// while anything still uses it.
#[test]
fn shared_loads_share_the_weights_while_they_are_used() {
    let shared =
        |dir: &std::path::Path| LocalEmbedder::load_shared(dir).unwrap_or_else(|e| panic!("{e}"));
    let first = shared(&models_dir());
    let second = shared(&models_dir());
    assert!(first.shares_weights_with(&second));
    assert!(
        !first.shares_weights_with(&load()),
        "a plain load reads its own copy"
    );

    let kept = second.clone();
    drop((first, second));
    assert!(
        shared(&models_dir()).shares_weights_with(&kept),
        "still used through a clone"
    );
}
