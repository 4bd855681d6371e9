//! `kakeibo ask "question" --user EMAIL`: the ask engine from the command line, as the API
//! answers it (the turn is stored in a conversation like any other).

use chrono::Utc;
use kakeibo_ask::answer::{Answer, Progress, Table};
use kakeibo_ask::tools::ToolContext;
use kakeibo_ask::with_model::{self, ModelOptions};
use kakeibo_categorizer::QueryEmbedder;
use kakeibo_core::{Settings, StartupError};
use kakeibo_llm::ConfiguredChat;
use rust_decimal::Decimal;
use serde_json::Value;
use sqlx::PgPool;

use crate::cli::AskArgs;

/// Rows printed at most; the rest are counted.
const MAX_ROWS: usize = 30;

pub async fn run(db: &PgPool, settings: &Settings, args: &AskArgs) -> Result<(), StartupError> {
    let fail = |message: String| StartupError::Other(format!("ask: {message}"));
    let user_id = kakeibo_auth::user_id_by_email(db, &args.user)
        .await
        .map_err(|e| fail(format!("database error: {e}")))?
        .ok_or_else(|| fail(format!("no user {}", args.user)))?;
    let today = {
        let mut conn = db.acquire().await.map_err(|e| fail(e.to_string()))?;
        kakeibo_auth::local_time::today(&mut conn, user_id)
            .await
            .map_err(|e| fail(e.to_string()))?
    };
    let ctx = ToolContext {
        db: db.clone(),
        reads: db.clone(),
        user_id,
        today,
        embedder: Some(QueryEmbedder::local(settings.models_dir.clone())),
        conversation_days: settings.retention.ask_conversations_days,
    };
    // As the API: through the chat model when one is configured.
    let chat = ConfiguredChat::from_settings(&settings.llm, db.clone())
        .map_err(|e| fail(format!("the chat model cannot be used: {e}")))?;
    // The operator asks on the user's behalf: the user's consent still decides.
    let consented = chat.needs_consent() && {
        let mut conn = db.acquire().await.map_err(|e| fail(e.to_string()))?;
        kakeibo_auth::llm_consent::has_consented(&mut conn, user_id)
            .await
            .map_err(|e| fail(e.to_string()))?
    };
    let answer = with_model::answer_configured(
        &ctx,
        chat.for_user(consented),
        ModelOptions::from_settings(&settings.llm),
        &args.question,
        args.conversation,
        Utc::now(),
        &Progress::none(),
    )
    .await
    .map_err(|e| fail(e.to_string()))?;
    print!("{}", render(&answer));
    Ok(())
}

/// The answer, its table, and "how I got this", as printed.
pub fn render(answer: &Answer) -> String {
    let mut out = format!("{}\n", answer.answer);
    if let Some(table) = answer.data.table.as_ref().filter(|t| !t.rows.is_empty()) {
        out.push('\n');
        out.push_str(&table_text(table));
    }
    if !answer.tools.is_empty() {
        out.push_str("\nHow I got this:\n");
        for tool in &answer.tools {
            out.push_str(&format!(
                "  {}({}): {}\n",
                tool.name, tool.arguments, tool.summary
            ));
        }
    }
    out.push_str(&format!("\nconversation {}\n", answer.conversation_id));
    out
}

fn cell(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        // Amounts come with the store's four decimals; "341.7100" reads as 341.71.
        Value::String(s) => match s.parse::<Decimal>() {
            Ok(d) if d.scale() > 2 && d == d.round_dp(2) => d.round_dp(2).to_string(),
            _ => s.replace(['\n', '\r', '\t'], " "),
        },
        other => other.to_string(),
    }
}

/// Columns padded to their widest cell; numbers right-aligned.
fn table_text(table: &Table) -> String {
    let rows: Vec<Vec<String>> = table
        .rows
        .iter()
        .take(MAX_ROWS)
        .map(|r| r.iter().map(cell).collect())
        .collect();
    let widths: Vec<usize> = table
        .columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            rows.iter()
                .filter_map(|r| r.get(i))
                .map(|s| s.chars().count())
                .chain([c.chars().count()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let numeric = |s: &str| !s.is_empty() && s.parse::<f64>().is_ok();
    let line = |cells: &[String]| {
        let parts: Vec<String> = cells
            .iter()
            .zip(&widths)
            .map(|(c, w)| {
                if numeric(c) {
                    format!("{c:>w$}")
                } else {
                    format!("{c:<w$}")
                }
            })
            .collect();
        format!("  {}\n", parts.join("  ").trim_end())
    };
    let mut out = line(&table.columns);
    out.push_str(&line(
        &widths.iter().map(|w| "-".repeat(*w)).collect::<Vec<_>>(),
    ));
    for row in &rows {
        out.push_str(&line(row));
    }
    if table.rows.len() > MAX_ROWS {
        out.push_str(&format!("  … {} more rows\n", table.rows.len() - MAX_ROWS));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn amounts_lose_only_trailing_zeros_beyond_cents() {
        assert_eq!(cell(&json!("341.7100")), "341.71");
        assert_eq!(cell(&json!("-2317.4000")), "-2317.40");
        assert_eq!(cell(&json!("0.1234")), "0.1234", "a rate keeps its digits");
        assert_eq!(cell(&json!("2026-11-30")), "2026-11-30");
        assert_eq!(cell(&json!("Rent\n12/2026")), "Rent 12/2026");
        assert_eq!(cell(&json!(8)), "8");
    }
}
