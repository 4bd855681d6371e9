//! The structured data behind an answer: a table (columns and rows, amounts as decimal
//! strings beside their currency) and, where a picture helps, a chart spec naming which
//! column is the x axis and which are the series.

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Table {
    pub columns: Vec<String>,
    /// One array per row, in `columns` order.
    #[schema(value_type = Vec<Vec<Object>>)]
    pub rows: Vec<Vec<Value>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Chart {
    /// bar or line.
    pub kind: String,
    /// The column on the x axis.
    pub x: String,
    /// The columns drawn (amounts).
    pub series: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct AnswerData {
    /// Null when there is nothing to show (an out-of-scope question).
    pub table: Option<Table>,
    pub chart: Option<Chart>,
}

fn amount(v: &Value) -> Value {
    v["amount"].clone()
}

fn currency(v: &Value) -> Value {
    v["currency"].clone()
}

fn items<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    v[key].as_array().map_or(&[], Vec::as_slice)
}

fn table(columns: &[&str], rows: Vec<Vec<Value>>) -> Table {
    Table {
        columns: columns.iter().map(|c| c.to_string()).collect(),
        rows,
    }
}

fn chart(kind: &str, x: &str, series: &[&str]) -> Option<Chart> {
    Some(Chart {
        kind: kind.to_string(),
        x: x.to_string(),
        series: series.iter().map(|s| s.to_string()).collect(),
    })
}

/// The table and chart of the calls' outputs: the first call's, with a second spending
/// call's totals (a period the question named to compare with) as `compared_with`.
pub fn of_results(results: &[(String, Value)]) -> AnswerData {
    match results {
        [] => AnswerData::default(),
        [(first, out), (second, other), ..] if first == "spending" && second == "spending" => {
            let mut with = out.clone();
            with["comparison"] = json!({ "totals": other["totals"].clone() });
            of(first, &with)
        }
        [(tool, out), ..] => of(tool, out),
    }
}

/// The table and chart of one tool's output.
pub fn of(tool: &str, out: &Value) -> AnswerData {
    let (table, chart) = match tool {
        "spending" => spending(out),
        "transactions" => (
            table(
                &[
                    "date",
                    "description",
                    "merchant",
                    "category",
                    "account",
                    "amount",
                    "currency",
                ],
                items(out, "transactions")
                    .iter()
                    .map(|t| {
                        vec![
                            t["date"].clone(),
                            t["description"].clone(),
                            t["merchant"].clone(),
                            t["category"].clone(),
                            t["account"].clone(),
                            amount(&t["amount"]),
                            currency(&t["amount"]),
                        ]
                    })
                    .collect(),
            ),
            None,
        ),
        "search" => (
            table(
                &[
                    "date",
                    "description",
                    "merchant",
                    "amount",
                    "currency",
                    "score",
                ],
                items(out, "hits")
                    .iter()
                    .map(|t| {
                        vec![
                            t["date"].clone(),
                            t["description"].clone(),
                            t["merchant"].clone(),
                            amount(&t["amount"]),
                            currency(&t["amount"]),
                            t["score"].clone(),
                        ]
                    })
                    .collect(),
            ),
            None,
        ),
        "balances" => (
            table(
                &["account", "kind", "balance", "currency"],
                items(out, "accounts")
                    .iter()
                    .map(|a| {
                        vec![
                            a["name"].clone(),
                            a["kind"].clone(),
                            amount(&a["balance"]),
                            currency(&a["balance"]),
                        ]
                    })
                    .collect(),
            ),
            chart("bar", "account", &["balance"]),
        ),
        "net_worth" => {
            let mut rows: Vec<Vec<Value>> = items(out, "currencies")
                .iter()
                .map(|c| {
                    vec![
                        currency(&c["net_worth"]),
                        amount(&c["assets"]),
                        amount(&c["liabilities"]),
                        amount(&c["net_worth"]),
                        json!(false),
                    ]
                })
                .collect();
            if out["converted"].is_object() {
                let c = &out["converted"];
                rows.push(vec![
                    currency(c),
                    Value::Null,
                    Value::Null,
                    amount(c),
                    json!(true),
                ]);
            }
            (
                table(
                    &[
                        "currency",
                        "assets",
                        "liabilities",
                        "net_worth",
                        "converted",
                    ],
                    rows,
                ),
                None,
            )
        }
        "cash_flow" => {
            let row = |start: &Value, c: &Value| {
                vec![
                    start.clone(),
                    currency(&c["net"]),
                    amount(&c["income"]),
                    amount(&c["spending"]),
                    amount(&c["net"]),
                    c["savings_rate_percent"].clone(),
                ]
            };
            let periods = items(out, "periods");
            let rows: Vec<Vec<Value>> = if periods.is_empty() {
                items(out, "totals")
                    .iter()
                    .map(|c| row(&Value::Null, c))
                    .collect()
            } else {
                periods
                    .iter()
                    .flat_map(|p| items(p, "currencies").iter().map(|c| row(&p["start"], c)))
                    .collect()
            };
            let columns = [
                "period",
                "currency",
                "income",
                "spending",
                "net",
                "savings_rate_percent",
            ];
            let chart = (!periods.is_empty()).then(|| Chart {
                kind: "bar".into(),
                x: "period".into(),
                series: vec!["income".into(), "spending".into()],
            });
            (table(&columns, rows), chart)
        }
        "budgets" => (
            table(
                &[
                    "budget",
                    "spent",
                    "available",
                    "remaining",
                    "currency",
                    "pace",
                    "period_end",
                ],
                items(out, "budgets")
                    .iter()
                    .map(|b| {
                        vec![
                            b["name"].clone(),
                            amount(&b["spent"]),
                            amount(&b["available"]),
                            amount(&b["remaining"]),
                            currency(&b["spent"]),
                            b["pace"].clone(),
                            b["period_end"].clone(),
                        ]
                    })
                    .collect(),
            ),
            chart("bar", "budget", &["spent", "available"]),
        ),
        "goals" => (
            table(
                &[
                    "goal",
                    "saved",
                    "target",
                    "currency",
                    "percent",
                    "projected_completion",
                ],
                items(out, "goals")
                    .iter()
                    .map(|g| {
                        vec![
                            g["name"].clone(),
                            amount(&g["saved"]),
                            amount(&g["target"]),
                            currency(&g["saved"]),
                            g["percent"].clone(),
                            g["projected_completion"].clone(),
                        ]
                    })
                    .collect(),
            ),
            None,
        ),
        "recurring" => (
            table(
                &[
                    "merchant",
                    "amount",
                    "currency",
                    "cadence",
                    "next_date",
                    "monthly",
                    "previous_amount",
                ],
                items(out, "payments")
                    .iter()
                    .map(|p| {
                        vec![
                            p["merchant"].clone(),
                            amount(&p["amount"]),
                            currency(&p["amount"]),
                            p["cadence"].clone(),
                            p["next_date"].clone(),
                            amount(&p["monthly"]),
                            amount(&p["previous_amount"]),
                        ]
                    })
                    .collect(),
            ),
            None,
        ),
        "anomalies" => (
            table(
                &[
                    "date", "kind", "merchant", "category", "amount", "usual", "currency",
                ],
                items(out, "anomalies")
                    .iter()
                    .map(|a| {
                        vec![
                            a["on_date"].clone(),
                            a["kind"].clone(),
                            a["merchant"].clone(),
                            a["category"].clone(),
                            amount(&a["amount"]),
                            amount(&a["usual"]),
                            currency(&a["amount"]),
                        ]
                    })
                    .collect(),
            ),
            None,
        ),
        "insights" => (
            table(
                &["kind", "text"],
                items(out, "insights")
                    .iter()
                    .map(|i| vec![i["kind"].clone(), i["text"].clone()])
                    .collect(),
            ),
            None,
        ),
        "forecast" => (
            table(
                &["date", "merchant", "amount", "currency"],
                items(out, "currencies")
                    .iter()
                    .flat_map(|c| items(c, "upcoming"))
                    .map(|u| {
                        vec![
                            u["date"].clone(),
                            u["merchant"].clone(),
                            amount(&u["amount"]),
                            currency(&u["amount"]),
                        ]
                    })
                    .collect(),
            ),
            None,
        ),
        _ => (Table::default(), None),
    };
    AnswerData {
        table: Some(table),
        chart,
    }
}

fn spending(out: &Value) -> (Table, Option<Chart>) {
    let groups = items(out, "groups");
    if groups.is_empty() {
        let comparison = &out["comparison"];
        let compared = comparison.is_object();
        let rows = items(out, "totals")
            .iter()
            .map(|t| {
                let c = currency(t);
                let mut row = vec![c.clone(), amount(t)];
                if compared {
                    let before = items(comparison, "totals")
                        .iter()
                        .find(|b| b["currency"] == c)
                        .map_or(Value::Null, amount);
                    row.push(before);
                }
                row
            })
            .collect();
        let columns: &[&str] = if compared {
            &["currency", "amount", "compared_with"]
        } else {
            &["currency", "amount"]
        };
        return (table(columns, rows), None);
    }
    let rows = groups
        .iter()
        .map(|g| {
            vec![
                g["label"].clone(),
                amount(&g["amount"]),
                currency(&g["amount"]),
                g["transactions"].clone(),
            ]
        })
        .collect();
    let kind = match out["group_by"].as_str() {
        Some("day" | "week" | "month") => "line",
        _ => "bar",
    };
    (
        table(&["group", "amount", "currency", "transactions"], rows),
        chart(kind, "group", &["amount"]),
    )
}
