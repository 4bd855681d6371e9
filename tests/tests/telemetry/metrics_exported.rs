//! Every metric the alert rules and the Grafana dashboard name is on `/metrics` after a
//! first day of use: a renamed metric breaks this test, not the on-call's night.

use std::collections::BTreeSet;

use kakeibo_core::config::TelemetrySettings;
use kakeibo_tests::workspace_root;

/// PromQL words that look like metric names but are not (aggregations may be written
/// `sum by (x) (…)`, their name not followed by a parenthesis).
const KEYWORDS: &[&str] = &[
    "by",
    "without",
    "on",
    "ignoring",
    "group_left",
    "group_right",
    "and",
    "or",
    "unless",
    "bool",
    "offset",
    "inf",
    "nan",
    "sum",
    "min",
    "max",
    "avg",
    "group",
    "stddev",
    "stdvar",
    "count",
    "count_values",
    "bottomk",
    "topk",
    "quantile",
];

/// The metric names in one PromQL expression: identifiers not followed by `(` (functions),
/// outside label matchers `{…}`, ranges `[…]`, strings and `by (…)` lists.
pub fn metric_names(expr: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let chars: Vec<char> = expr.chars().collect();
    let mut i = 0;
    let mut after_grouping = false;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '{' | '[' | '"' | '\'' => {
                let close = match c {
                    '{' => '}',
                    '[' => ']',
                    other => other,
                };
                i += 1;
                while i < chars.len() && chars[i] != close {
                    i += 1;
                }
                i += 1;
            }
            '(' if after_grouping => {
                // `by (label, …)`: label names, not metrics.
                while i < chars.len() && chars[i] != ')' {
                    i += 1;
                }
                after_grouping = false;
                i += 1;
            }
            c if c.is_ascii_alphabetic() || c == '_' || c == ':' => {
                let start = i;
                while i < chars.len()
                    && (chars[i].is_ascii_alphanumeric() || chars[i] == '_' || chars[i] == ':')
                {
                    i += 1;
                }
                let word: String = chars[start..i].iter().collect();
                let mut next = i;
                while next < chars.len() && chars[next] == ' ' {
                    next += 1;
                }
                let is_call = chars.get(next) == Some(&'(');
                let preceded_by_digit = start > 0 && chars[start - 1].is_ascii_digit();
                if matches!(
                    word.as_str(),
                    "by" | "without" | "on" | "ignoring" | "group_left" | "group_right"
                ) {
                    after_grouping = true;
                } else if !is_call
                    && !preceded_by_digit
                    && !word.starts_with('$')
                    && !KEYWORDS.contains(&word.to_lowercase().as_str())
                {
                    names.insert(word);
                }
            }
            '$' => {
                // Grafana variables ($__rate_interval, $kind).
                i += 1;
                while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '_') {
                    i += 1;
                }
            }
            _ => i += 1,
        }
    }
    names
}

/// The `expr:` lines of the rules file (kept on one line each, which this checks).
fn rule_expressions(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|l| l.trim().strip_prefix("expr:"))
        .map(|e| {
            let e = e.trim();
            assert!(
                !e.is_empty() && e != "|" && e != ">",
                "keep each rule's expr on one line (this test reads them so)"
            );
            e.trim_matches('\'').to_owned()
        })
        .collect()
}

/// Every `expr` string anywhere in the dashboard.
fn dashboard_expressions(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, value) in map {
                match (key.as_str(), value) {
                    ("expr", serde_json::Value::String(expr)) => out.push(expr.clone()),
                    _ => dashboard_expressions(value, out),
                }
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| dashboard_expressions(v, out)),
        _ => {}
    }
}

#[test]
fn metric_names_skip_functions_labels_and_ranges() {
    let names = metric_names(
        r#"histogram_quantile(0.95, sum by (le, route) (rate(http_request_duration_seconds_bucket{status=~"5.."}[5m]))) > 1 and on (kind) job_queue_depth offset 5m"#,
    );
    assert_eq!(
        names.into_iter().collect::<Vec<_>>(),
        ["http_request_duration_seconds_bucket", "job_queue_depth"]
    );
    assert_eq!(
        metric_names("sum(rate(jobs_total{outcome=\"failed\"}[$__rate_interval])) by (kind)")
            .into_iter()
            .collect::<Vec<_>>(),
        ["jobs_total"]
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn every_metric_the_rules_and_the_dashboard_use_is_exported() -> anyhow::Result<()> {
    let root = workspace_root().join("deploy/observability");
    let rules = std::fs::read_to_string(root.join("prometheus-rules.yml"))?;
    let mut expressions = rule_expressions(&rules);
    assert!(expressions.len() >= 5, "{expressions:?}");
    let dashboard: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(
        root.join("grafana-dashboard.json"),
    )?)?;
    let before = expressions.len();
    dashboard_expressions(&dashboard, &mut expressions);
    assert!(
        expressions.len() - before >= 10,
        "the dashboard's panels have queries"
    );
    let wanted: BTreeSet<String> = expressions.iter().flat_map(|e| metric_names(e)).collect();

    let fake = super::fake_model().await;
    let app = super::app_with(
        &fake,
        TelemetrySettings {
            otlp_endpoint: String::new(),
            ..kakeibo_core::Settings::default().telemetry
        },
    )
    .await?;
    super::a_first_day(&app).await?;
    let scrape = app.get("/metrics").await?.text().await?;
    let exported: BTreeSet<&str> = scrape
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .filter_map(|l| l.split(['{', ' ']).next())
        .collect();
    let missing: Vec<&String> = wanted
        .iter()
        .filter(|name| !exported.contains(name.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "named in deploy/observability but not on /metrics: {missing:?}\n\nexported: {exported:#?}"
    );
    // The names this test found are real ones, not an empty set passing trivially.
    for name in [
        "http_requests_total",
        "jobs_total",
        "job_queue_depth",
        "llm_tokens_total",
    ] {
        assert!(wanted.contains(name), "{name} is not used: {wanted:?}");
    }
    Ok(())
}
