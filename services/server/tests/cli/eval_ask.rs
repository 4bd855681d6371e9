//! `kakeibo eval ask --set FILE --user EMAIL --today DAY --misses`, as a person runs it: the
//! scores per tool and language, invented figures, answer times, and each miss.

use kakeibo_tests::TestDb;

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
