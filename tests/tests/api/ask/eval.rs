//! `kakeibo eval ask`'s runner over the fixed ledger and a small set (`eval_set.toml`): a
//! right answer counts, a wrong one is a miss, a follow-up is asked after the question it
//! follows, and a figure on an out-of-scope question is counted as invented.

use chrono::Utc;
use kakeibo_ask::eval;
use kakeibo_tests::TestApp;

use super::{add_ledger, context, day, other_user_with_rewe};

#[tokio::test]
async fn the_runner_scores_right_answers_misses_and_invented_figures() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let ana = app.verified_user("ana@example.com").await?;
    add_ledger(&app, &ana).await?;
    other_user_with_rewe(&app).await?;
    let questions = eval::parse(include_str!("eval_set.toml"))?;
    let ctx = context(&app, &ana, day("2026-04-10"));

    let report = eval::run(&ctx, &questions, Utc::now()).await?;

    let outcome = |id: &str| {
        report
            .outcomes
            .iter()
            .find(|o| o.id == id)
            .unwrap_or_else(|| panic!("{id} was not asked"))
    };
    // March: 52.30 + 47.70 − 10.00 refund = 90.00 on groceries; February 60.00; two visits to
    // Rewe with money out (the refund is money in).
    for id in [
        "groceries-last-month",
        "groceries-month-before",
        "rewe-visits-de",
    ] {
        let o = outcome(id);
        assert!(
            o.right,
            "{id}: expected {}, got {:?} ({})",
            o.expected, o.got, o.sentence
        );
    }
    assert_eq!(
        outcome("groceries-month-before").expected,
        eval::Expected::Amount {
            amount: "60.00".parse()?,
            currency: "EUR".into()
        }
    );
    assert_eq!(outcome("rewe-visits-de").expected, eval::Expected::Count(2));
    let wrong = outcome("restaurants-held-to-groceries");
    assert!(!wrong.right, "a wrong answer counted: {}", wrong.sentence);
    assert!(
        !wrong.invented,
        "only out-of-scope questions invent figures"
    );
    assert!(outcome("weather").right);
    assert!(!outcome("weather").invented);
    let invented = outcome("figure-where-none-is-expected");
    assert!(
        invented.invented && !invented.right,
        "{}",
        invented.sentence
    );

    assert_eq!(report.score(), eval::Score { right: 4, asked: 6 });
    assert_eq!(report.invented(), 1);
    assert_eq!(report.out_of_scope(), 2);
    assert_eq!(
        report.by(|o| &o.lang)["de"],
        eval::Score { right: 1, asked: 1 }
    );
    assert_eq!(
        report.by(|o| &o.tool)["none"],
        eval::Score { right: 1, asked: 2 }
    );
    assert_eq!(report.misses().count(), 2);
    let printed = report.to_string();
    assert!(
        printed.contains("exact answers:  66.7 % (4/6)"),
        "{printed}"
    );
    assert!(printed.contains("invented figures on out-of-scope questions: 1 of 2"));

    // The run leaves no conversation behind.
    let mut conn = app.db.pool.acquire().await?;
    let left = kakeibo_ask::conversations::page(&mut conn, ana.id, Utc::now(), None, 10).await?;
    assert!(left.is_empty(), "{} conversations left", left.len());
    Ok(())
}
