//! `kakeibo eval ask`'s runner over the fixed ledger and a small set (`eval_set.toml`): a
//! right answer counts, a wrong one is a miss, a follow-up is asked after the question it
//! follows, and a figure on an out-of-scope question is counted as invented.

use chrono::Utc;
use kakeibo_ask::eval;
use kakeibo_ask::with_model::ModelOptions;
use kakeibo_llm::{OpenAiClient, OpenAiOptions};
use kakeibo_tests::TestApp;
use kakeibo_tests::ask_stand_in::StandIn;
use kakeibo_tests::fake_openai::FakeOpenAi;

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

/// `kakeibo eval ask --llm`'s runner, the model being the stand-in behind the fake OpenAI
/// server (the offline planner's calls, the offline sentence): the same right answers as
/// offline, each through the model's tool calls; out-of-scope questions, where the stand-in
/// reads nothing, are answered by the offline engine and counted as fallbacks.
#[tokio::test]
async fn the_runner_through_the_model_path_counts_fallbacks() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let ana = app.verified_user("ana@example.com").await?;
    add_ledger(&app, &ana).await?;
    other_user_with_rewe(&app).await?;
    let questions = eval::parse(include_str!("eval_set.toml"))?;
    let ctx = context(&app, &ana, day("2026-04-10"));
    let now = Utc::now();
    let stand_in = std::sync::Arc::new(StandIn::prepare(&ctx, &questions, now).await?);
    let fake = FakeOpenAi::start().await;
    fake.set_model(move |body| stand_in.reply(body));
    let model = OpenAiClient::new(OpenAiOptions::from_settings(&fake.settings()).unwrap())?;

    let report = eval::run_with(
        &ctx,
        &questions,
        now,
        eval::Engine::Model {
            model: &model,
            options: ModelOptions::default(),
        },
    )
    .await?;

    assert_eq!(report.score(), eval::Score { right: 4, asked: 6 });
    assert_eq!(report.invented(), 1);
    for o in &report.outcomes {
        match o.expected {
            eval::Expected::Nothing if o.right => assert_eq!(
                o.fallback,
                Some(kakeibo_ask::with_model::Fallback::NoToolCalled),
                "{}",
                o.id
            ),
            _ => assert_eq!(o.fallback, None, "{}: {}", o.id, o.sentence),
        }
    }
    assert!(!fake.chat_requests().is_empty());
    let printed = report.to_string();
    assert!(
        printed.contains("engine: the chat model gpt-4o-mini"),
        "{printed}"
    );
    assert!(
        printed.contains("answered by the model: 5 of 6; fell back: 1 (no tool called 1)"),
        "{printed}"
    );
    // Nothing left behind by the stand-in's preparation or the run.
    let mut conn = app.db.pool.acquire().await?;
    let left = kakeibo_ask::conversations::page(&mut conn, ana.id, Utc::now(), None, 10).await?;
    assert!(left.is_empty(), "{} conversations left", left.len());
    Ok(())
}
