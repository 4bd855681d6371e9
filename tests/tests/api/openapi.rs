//! The published description: every operation says what it does and what each parameter
//! means (the dashboard's generated client shows them), and `frontend/openapi.json`, which
//! the client's types are generated from, is what the server serves. After an API change:
//! `KAKEIBO_WRITE_OPENAPI=1 cargo nextest run -E 'test(committed_openapi)'`, then
//! `npm run gen:api` in frontend/.

use std::path::PathBuf;

use kakeibo_tests::TestApp;
use serde_json::Value;

async fn served() -> anyhow::Result<Value> {
    let app = TestApp::spawn().await?;
    Ok(app.get("/api/v1/openapi.json").await?.json().await?)
}

#[tokio::test]
async fn every_operation_has_a_summary_and_described_parameters() -> anyhow::Result<()> {
    let doc = served().await?;
    let mut missing = Vec::new();
    let mut operations = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            if !["get", "post", "put", "patch", "delete"].contains(&method.as_str()) {
                continue;
            }
            operations += 1;
            if op["summary"].as_str().is_none_or(|s| s.trim().is_empty()) {
                missing.push(format!("{method} {path}: no summary"));
            }
            for parameter in op["parameters"].as_array().into_iter().flatten() {
                if parameter["description"]
                    .as_str()
                    .is_none_or(|s| s.trim().is_empty())
                {
                    missing.push(format!(
                        "{method} {path}: {} undescribed",
                        parameter["name"]
                    ));
                }
            }
        }
    }
    assert!(operations > 80, "{operations} operations");
    assert!(
        missing.is_empty(),
        "{} gaps:\n{}",
        missing.len(),
        missing.join("\n")
    );
    Ok(())
}

#[tokio::test]
async fn committed_openapi_is_what_the_server_serves() -> anyhow::Result<()> {
    let doc = served().await?;
    let file = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../frontend/openapi.json");
    let pretty = serde_json::to_string_pretty(&doc)? + "\n";
    if std::env::var_os("KAKEIBO_WRITE_OPENAPI").is_some() {
        std::fs::write(&file, &pretty)?;
    }
    let committed: Value = serde_json::from_str(&std::fs::read_to_string(&file)?)?;
    assert!(
        committed == doc,
        "frontend/openapi.json differs from what the server serves: run \
         KAKEIBO_WRITE_OPENAPI=1 cargo nextest run -E 'test(committed_openapi)', then \
         npm run gen:api in frontend/"
    );
    Ok(())
}
