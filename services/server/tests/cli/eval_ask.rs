//! `kakeibo eval ask --set FILE --user EMAIL --today DAY --misses`, as a person runs it: the
//! scores per tool and language, invented figures, answer times, and each miss; with
//! `--llm`, through the chat model (the fake OpenAI server), with the fallbacks counted.

use kakeibo_tests::TestDb;
use kakeibo_tests::fake_openai::{API_KEY, CHAT_MODEL, FakeOpenAi, ModelReply};

use crate::ask::ledger;
use crate::succeeded;
use crate::support::{kakeibo, run_to_end};

/// Groceries in March 2026 (90.00 EUR), held once to the right figure and once to a wrong
/// one, and the weather.
const SET: &str = r#"
[[question]]
id = "groceries-march"
lang = "en"
tool = "spending"
text = "How much did I spend on groceries last month?"
expect = "amount"
currency = "EUR"
sql = """
SELECT round(-sum(amount), 2) FROM transactions
WHERE user_id = $1 AND (booked_at AT TIME ZONE 'UTC')::date
  BETWEEN (date_trunc('month', $2::date) - interval '1 month')::date AND date_trunc('month', $2::date)::date - 1"""

[[question]]
id = "groceries-held-to-a-wrong-figure"
lang = "en"
tool = "spending"
text = "How much did I spend on groceries last month?"
expect = "amount"
currency = "EUR"
sql = "SELECT 91.00::numeric"

[[question]]
id = "weather"
lang = "en"
tool = "none"
text = "what's the weather in Berlin tomorrow"
expect = "none"
"#;

#[tokio::test]
async fn prints_scores_invented_figures_times_and_misses() {
    let db = TestDb::new().await.unwrap();
    ledger(&db).await;
    let set = std::env::temp_dir().join(format!("eval-ask-{}.toml", uuid::Uuid::new_v4()));
    std::fs::write(&set, SET).unwrap();
    let output = run_to_end(
        kakeibo()
            .args(["eval", "ask", "--set"])
            .arg(&set)
            .args([
                "--user",
                "cli@example.com",
                "--today",
                "2026-04-10",
                "--misses",
            ])
            .env("KAKEIBO_DATABASE__URL", db.url()),
    );
    std::fs::remove_file(&set).ok();
    let out = succeeded(&output, "kakeibo eval ask");
    assert!(out.contains("3 questions from"), "{out}");
    assert!(out.contains("today 2026-04-10"), "{out}");
    assert!(out.contains("exact answers:  66.7 % (2/3)"), "{out}");
    assert!(out.contains("  spending      50.0 % (1/2)"), "{out}");
    assert!(out.contains("  none         100.0 % (1/1)"), "{out}");
    assert!(
        out.contains("invented figures on out-of-scope questions: 0 of 1"),
        "{out}"
    );
    assert!(out.contains("answer time: p50 "), "{out}");
    let misses: Vec<&str> = out.lines().filter(|l| l.starts_with("miss\t")).collect();
    assert_eq!(misses.len(), 1, "{out}");
    assert!(
        misses[0].starts_with("miss\tgroceries-held-to-a-wrong-figure\t")
            && misses[0].contains("\texpected 91.00 EUR\tgot 90.00"),
        "{out}"
    );
}

/// A model behind the fake OpenAI server that reads March's groceries and says the figure,
/// and says something without reading anything about the weather.
fn groceries_model(body: &serde_json::Value) -> ModelReply {
    let messages = body["messages"].as_array().cloned().unwrap_or_default();
    let read = messages.iter().any(|m| m["role"] == "tool");
    let about_groceries = messages.iter().any(|m| {
        m["role"] == "user"
            && m["content"]
                .as_str()
                .is_some_and(|c| c.contains("groceries"))
    });
    match (about_groceries, read) {
        (true, false) => ModelReply::ToolCalls(vec![(
            "spending".into(),
            serde_json::json!({
                "flow": "spending", "from": "2026-03-01", "to": "2026-03-31",
                "categories": ["Groceries"], "merchants": [], "account": null, "tag": null,
                "text": null, "group_by": "none", "compare": "none"
            })
            .to_string(),
        )]),
        (true, true) => ModelReply::Content("Last month you spent 90.00 EUR on groceries.".into()),
        (false, _) => ModelReply::Content("I only answer questions about your money.".into()),
    }
}

#[tokio::test]
async fn with_llm_asks_through_the_model_and_counts_fallbacks() {
    let db = TestDb::new().await.unwrap();
    ledger(&db).await;
    let fake = FakeOpenAi::start().await;
    fake.set_model(groceries_model);
    let set = std::env::temp_dir().join(format!("eval-ask-{}.toml", uuid::Uuid::new_v4()));
    std::fs::write(&set, SET).unwrap();
    let eval = |with_model: bool| {
        let mut cmd = kakeibo();
        cmd.args(["eval", "ask", "--llm", "--set"])
            .arg(&set)
            .args(["--user", "cli@example.com", "--today", "2026-04-10"])
            .env("KAKEIBO_DATABASE__URL", db.url());
        if with_model {
            cmd.env("KAKEIBO_LLM__BASE_URL", fake.base_url())
                .env("KAKEIBO_LLM__API_KEY", API_KEY)
                .env("KAKEIBO_LLM__CHAT_MODEL", CHAT_MODEL);
        }
        cmd
    };
    // The binary runs apart; the fake answers from this process.
    let (mut with, mut without) = (eval(true), eval(false));
    let output =
        tokio::task::spawn_blocking(move || (run_to_end(&mut with), run_to_end(&mut without)))
            .await
            .unwrap();
    std::fs::remove_file(&set).ok();
    let out = succeeded(&output.0, "kakeibo eval ask --llm");
    assert!(out.contains("engine: the chat model gpt-4o-mini"), "{out}");
    assert!(out.contains("exact answers:  66.7 % (2/3)"), "{out}");
    // The weather was read by nothing, so the offline engine answered it.
    assert!(
        out.contains("answered by the model: 2 of 3; fell back: 1 (no tool called 1)"),
        "{out}"
    );
    let asked = fake
        .chat_requests()
        .iter()
        .filter(|r| r.body["tools"].is_array())
        .count();
    assert!(asked >= 2, "{asked} requests with tools");
    // Without a model configured, --llm is a one-line error.
    // (Start-up logs go to standard error too: the error is its last line.)
    let stderr = String::from_utf8_lossy(&output.1.stderr);
    assert_eq!(output.1.status.code(), Some(1), "{stderr}");
    let last = stderr.lines().last().unwrap_or_default();
    assert!(
        last.starts_with("kakeibo: error: eval ask: --llm needs a chat model"),
        "{stderr}"
    );
}
