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

/// Generated clients key their types by operation id, and place each parameter where the
/// document says: a repeated id gives two operations one shape, and a query parameter listed
/// as a path parameter is never sent.
#[tokio::test]
async fn operation_ids_are_unique_and_path_parameters_are_in_their_paths() -> anyhow::Result<()> {
    let doc = served().await?;
    let mut seen = std::collections::HashMap::new();
    let mut wrong = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            if !["get", "post", "put", "patch", "delete"].contains(&method.as_str()) {
                continue;
            }
            let here = format!("{method} {path}");
            match op["operationId"].as_str() {
                None => wrong.push(format!("{here}: no operationId")),
                Some(id) => {
                    if let Some(first) = seen.insert(id.to_string(), here.clone()) {
                        wrong.push(format!("{here}: operationId {id:?} is also {first}"));
                    }
                }
            }
            for parameter in op["parameters"].as_array().into_iter().flatten() {
                let name = parameter["name"].as_str().unwrap_or_default();
                if parameter["in"] == "path" && !path.contains(&format!("{{{name}}}")) {
                    wrong.push(format!(
                        "{here}: path parameter {name:?} is not in the path"
                    ));
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{} defects:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
    Ok(())
}
