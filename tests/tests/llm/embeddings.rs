//! `POST /v1/embeddings` with `dimensions: 384`.

use kakeibo_llm::{EmbedError, Embedder};
use kakeibo_tests::fake_openai::{EMBEDDING_MODEL, FakeOpenAi};

use crate::helpers::client;

#[tokio::test]
async fn embeddings_ask_for_384_dimensions_and_come_back_unit_length() {
    let fake = FakeOpenAi::start().await;
    let client = client(&fake);
    let texts: Vec<String> = ["REWE SAGT DANKE", "SHELL 4711", "REWE SAGT DANKE"]
        .map(String::from)
        .to_vec();

    let vectors = client.embed(&texts).await.unwrap();

    assert_eq!(client.dimensions(), 384);
    assert_eq!(client.model_id(), "openai:text-embedding-3-small:384");
    assert_eq!(vectors.len(), 3);
    for v in &vectors {
        assert_eq!(v.len(), 384);
        let norm: f32 = v.iter().map(|x| x * x).sum();
        assert!((norm - 1.0).abs() < 1e-4, "unit length, got {norm}");
    }
    assert_eq!(
        vectors[0], vectors[2],
        "same text, same vector, in input order"
    );
    assert_ne!(vectors[0], vectors[1]);

    let requests = fake.embedding_requests();
    assert_eq!(requests.len(), 1, "one request for the batch");
    let body = &requests[0].body;
    assert_eq!(body["dimensions"], 384);
    assert_eq!(body["model"], EMBEDDING_MODEL);
    assert_eq!(body["input"].as_array().unwrap().len(), 3);
}

#[tokio::test]
async fn a_server_that_ignores_dimensions_is_refused() {
    let fake = FakeOpenAi::start().await;
    fake.ignore_dimensions(768);

    let err = client(&fake)
        .embed(&["SHELL 4711".to_string()])
        .await
        .unwrap_err();

    let EmbedError::Reply(why) = &err else {
        panic!("expected a rejected reply, got {err:?}");
    };
    assert!(why.contains("768"), "{why}");
}

#[tokio::test]
async fn large_inputs_are_sent_in_several_requests_in_order() {
    let fake = FakeOpenAi::start().await;
    let client = client(&fake);
    let texts: Vec<String> = (0..300).map(|i| format!("MERCHANT {i}")).collect();

    let all = client.embed(&texts).await.unwrap();
    let last = client.embed(&texts[299..]).await.unwrap();

    assert_eq!(all.len(), 300);
    assert_eq!(
        all[299], last[0],
        "vectors stay in input order across requests"
    );
    let sizes: Vec<usize> = fake
        .embedding_requests()
        .iter()
        .map(|r| r.body["input"].as_array().unwrap().len())
        .collect();
    assert_eq!(sizes, vec![128, 128, 44, 1]);
}
