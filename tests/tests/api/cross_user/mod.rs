//! Issue 25 §4: a user can never read or change another user's data, and every route says
//! how that is shown. `cases::ROUTES` gives each operation of the OpenAPI document, and each
//! route outside it (MCP, Telegram's webhook, the operational endpoints), its cross-user
//! case; `every_route_has_a_cross_user_case` fails when a route is added without one. The
//! cases run in `sweep.rs` (requests of user B with user A's ids), or in the named tests
//! elsewhere, which are checked to exist and to call the route.

mod cases;
mod sweep;

use std::collections::BTreeSet;
use std::path::PathBuf;

use cases::{Case, EXTRA_ROUTES, ROUTES};
use kakeibo_tests::TestApp;
use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// `(METHOD, /api/v1/…)` of every operation the served document lists.
async fn documented() -> anyhow::Result<BTreeSet<(String, String)>> {
    let app = TestApp::spawn().await?;
    let doc: Value = app.get("/api/v1/openapi.json").await?.json().await?;
    let mut routes = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            if ["get", "post", "put", "patch", "delete"].contains(&method.as_str()) {
                routes.insert((method.to_uppercase(), path.clone()));
            }
        }
    }
    Ok(routes)
}

/// The first argument of every `.route(` in the services' and the bot's code (not tests):
/// `(file, argument)`, the argument as written (a string literal or a constant's name).
fn routes_in_code() -> anyhow::Result<BTreeSet<(String, String)>> {
    let mut found = BTreeSet::new();
    let mut stack = vec![root().join("services"), root().join("bot")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir)? {
            let path = entry?.path();
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            if path.is_dir() {
                if name != "tests" && name != "target" {
                    stack.push(path);
                }
                continue;
            }
            if !name.ends_with(".rs") || name == "tests.rs" {
                continue;
            }
            let text = std::fs::read_to_string(&path)?;
            let text = text.split("#[cfg(test)]").next().unwrap_or_default();
            let relative = path.strip_prefix(root())?.to_string_lossy().to_string();
            for (at, _) in text.match_indices(".route(") {
                let rest = text[at + ".route(".len()..].trim_start();
                let argument = rest.split(',').next().unwrap_or_default().trim();
                found.insert((relative.clone(), argument.to_string()));
            }
        }
    }
    Ok(found)
}

/// The source of the test function `module::…::name` under tests/tests/api/, from its
/// signature to its end.
fn function_source(qualified: &str) -> anyhow::Result<String> {
    let parts: Vec<&str> = qualified.split("::").collect();
    let (name, modules) = parts.split_last().unwrap();
    let base = root().join("tests/tests/api").join(modules.join("/"));
    let file = [base.with_extension("rs"), base.join("mod.rs")]
        .into_iter()
        .find(|p| p.exists())
        .ok_or_else(|| anyhow::anyhow!("{qualified}: no file {}", base.display()))?;
    let text = std::fs::read_to_string(&file)?;
    let start = text
        .find(&format!("async fn {name}("))
        .ok_or_else(|| anyhow::anyhow!("{qualified}: no function {name} in {}", file.display()))?;
    let end = text[start..]
        .find("\n}\n")
        .map_or(text.len(), |e| start + e + 3);
    Ok(text[start..end].to_string())
}

/// Whether `source` calls `route` (`/api/v1/budgets/{id}/progress`): its path after
/// `/api/v1`, each `{…}` standing for any segment (`{budget_id}`, `$budget`), as one
/// string in the source.
fn mentions(source: &str, route: &str) -> bool {
    let path = route.strip_prefix("/api/v1").unwrap_or(route);
    let segments: Vec<&str> = path.split('/').skip(1).collect();
    source
        .match_indices(&format!("/{}", segments[0]))
        .any(|(at, _)| {
            let mut rest = &source[at..];
            for segment in &segments {
                let Some(after) = rest.strip_prefix('/') else {
                    return false;
                };
                let length = if segment.starts_with('{') {
                    after.find(['/', '"', '?', ')']).unwrap_or(after.len())
                } else if after.starts_with(segment) {
                    segment.len()
                } else {
                    return false;
                };
                if length == 0 {
                    return false;
                }
                rest = &after[length..];
            }
            rest.is_empty() || rest.starts_with(['"', '?', '{', ')', ' '])
        })
}

fn check_case(route: &str, case: &Case, wrong: &mut Vec<String>) {
    match case {
        Case::Test(test) | Case::TestVia(test, _) => match function_source(test) {
            Err(e) => wrong.push(format!("{route}: {e}")),
            Ok(source) => {
                if !is_a_test(test) {
                    wrong.push(format!("{route}: {test} is not a test"));
                }
                let shown_in = match case {
                    Case::TestVia(_, helper) => match function_source(helper) {
                        Ok(helper_source) => {
                            let helper_name = helper.rsplit("::").next().unwrap();
                            if !source.contains(helper_name) {
                                wrong.push(format!("{route}: {test} does not call {helper}"));
                            }
                            helper_source
                        }
                        Err(e) => {
                            wrong.push(format!("{route}: {e}"));
                            return;
                        }
                    },
                    _ => source,
                };
                let path = route.split_once(' ').map_or(route, |(_, p)| p);
                if !mentions(&shown_in, path) {
                    wrong.push(format!("{route}: {test} never calls {path}"));
                }
            }
        },
        Case::Elsewhere(test, why) => {
            if !is_a_test(test) {
                wrong.push(format!("{route}: {test} is not a test"));
            }
            if why.trim().len() < 10 {
                wrong.push(format!("{route}: say how {test} covers it"));
            }
        }
        Case::NotFound(request, _)
        | Case::Answers(_, request, _)
        | Case::Own(request, _)
        | Case::OwnLast(request, _) => {
            let path = route.split_once(' ').map_or(route, |(_, p)| p);
            if !mentions(request, path) {
                wrong.push(format!(
                    "{route}: its sweep request {request} is another route"
                ));
            }
        }
        Case::Public(reason) => {
            if reason.trim().len() < 10 {
                wrong.push(format!("{route}: say why no user's data is reachable"));
            }
        }
    }
}

/// Whether the line before `async fn name` is `#[tokio::test]`.
fn is_a_test(qualified: &str) -> bool {
    let name = qualified.rsplit("::").next().unwrap();
    let parts: Vec<&str> = qualified.split("::").collect();
    let base = root()
        .join("tests/tests/api")
        .join(parts[..parts.len() - 1].join("/"));
    [base.with_extension("rs"), base.join("mod.rs")]
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .any(|text| {
            text.find(&format!("async fn {name}("))
                .is_some_and(|at| text[..at].trim_end().ends_with("#[tokio::test]"))
        })
}

#[tokio::test]
async fn every_route_has_a_cross_user_case() -> anyhow::Result<()> {
    let documented = documented().await?;
    let tabled: BTreeSet<(String, String)> = ROUTES
        .iter()
        .map(|(method, path, _)| (method.to_string(), path.to_string()))
        .collect();
    let mut wrong = Vec::new();
    for (method, path) in documented.difference(&tabled) {
        wrong.push(format!(
            "{method} {path}: no cross-user case (add one to tests/tests/api/cross_user/cases.rs)"
        ));
    }
    for (method, path) in tabled.difference(&documented) {
        wrong.push(format!(
            "{method} {path}: in the table but not in the OpenAPI document"
        ));
    }
    if tabled.len() != ROUTES.len() {
        wrong.push("a route is in the table twice".into());
    }
    let in_code = routes_in_code()?;
    let extras: BTreeSet<(String, String)> = EXTRA_ROUTES
        .iter()
        .map(|(file, argument, _, _)| (file.to_string(), argument.to_string()))
        .collect();
    for (file, argument) in in_code.difference(&extras) {
        wrong.push(format!(
            "{file}: .route({argument}, …) is outside the OpenAPI document and has no cross-user case (EXTRA_ROUTES)"
        ));
    }
    for (file, argument) in extras.difference(&in_code) {
        wrong.push(format!("{file}: no .route({argument}, …) any more"));
    }
    for (method, path, case) in ROUTES {
        check_case(&format!("{method} {path}"), case, &mut wrong);
    }
    for (_, _, path, case) in EXTRA_ROUTES {
        check_case(path, case, &mut wrong);
    }
    assert!(
        wrong.is_empty(),
        "{} problems:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
    // The count the docs give (docs/reliability.md, "Hostile input").
    let count = |f: fn(&Case) -> bool| ROUTES.iter().filter(|(_, _, c)| f(c)).count();
    println!(
        "{} documented operations: {} swept here as 404, {} swept here as the caller's own, {} in named tests, {} without user data; {} routes outside the document",
        ROUTES.len(),
        count(|c| matches!(c, Case::NotFound(..) | Case::Answers(..))),
        count(|c| matches!(c, Case::Own(..) | Case::OwnLast(..))),
        count(|c| matches!(c, Case::Test(..) | Case::TestVia(..) | Case::Elsewhere(..))),
        count(|c| matches!(c, Case::Public(..))),
        EXTRA_ROUTES.len()
    );
    Ok(())
}

#[test]
fn the_route_matcher_reads_paths_as_tests_write_them() {
    assert!(mentions(
        r#"format!("/budgets/{budget_id}/progress")"#,
        "/api/v1/budgets/{id}/progress"
    ));
    assert!(mentions(
        r#""/budgets/$budget/progress""#,
        "/api/v1/budgets/{id}/progress"
    ));
    assert!(!mentions(
        r#"format!("/budgets/{budget_id}")"#,
        "/api/v1/budgets/{id}/progress"
    ));
    assert!(!mentions(
        r#""/budgets/x/progress-old""#,
        "/api/v1/budgets/{id}/progress"
    ));
    assert!(mentions(
        r#""/transactions?account_id=1""#,
        "/api/v1/transactions"
    ));
    assert!(!mentions(
        r#""/transactions/review""#,
        "/api/v1/transactions"
    ));
}
