//! `kakeibo eval ask --llm` against the fake OpenAI server, for the repo's figures and CI:
//! `cargo run -p kakeibo-tests --bin eval-ask-llm -- [SET] [EMAIL] [TODAY]` (defaults:
//! services/ask/eval/questions.toml, demo@kakeibo.local, the user's today), with the
//! database of `KAKEIBO_DATABASE__URL` (source .data/env). The "model" is the stand-in of
//! `kakeibo_tests::ask_stand_in` (the offline planner's calls, the offline sentence): the
//! score measures the model path's plumbing and figure check, not a model's understanding.
//! The `kakeibo` binary does not know the fake; this command wires it in from test code.

use std::sync::Arc;

use anyhow::{Context, Result};
use chrono::Utc;
use kakeibo_ask::eval::{self, Engine};
use kakeibo_ask::tools::ToolContext;
use kakeibo_ask::with_model::ModelOptions;
use kakeibo_categorizer::QueryEmbedder;
use kakeibo_llm::{OpenAiClient, OpenAiOptions};
use kakeibo_tests::ask_stand_in::StandIn;
use kakeibo_tests::fake_openai::FakeOpenAi;

#[tokio::main]
async fn main() -> Result<()> {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let mut args = std::env::args().skip(1);
    let set = args
        .next()
        .unwrap_or_else(|| "services/ask/eval/questions.toml".into());
    let email = args.next().unwrap_or_else(|| "demo@kakeibo.local".into());
    let today = args.next().map(|d| d.parse()).transpose()?;

    let settings = kakeibo_core::Settings::load(None)?;
    let pool = kakeibo_core::db::connect(&settings).await?;
    let questions = eval::parse(&std::fs::read_to_string(&set).with_context(|| set.clone())?)?;
    let user_id = kakeibo_auth::user_id_by_email(&pool, &email)
        .await?
        .with_context(|| format!("no user {email} (run `kakeibo demo`)"))?;
    let today = match today {
        Some(day) => day,
        None => {
            let mut conn = pool.acquire().await?;
            kakeibo_auth::local_time::today(&mut conn, user_id).await?
        }
    };
    let ctx = ToolContext {
        db: pool.clone(),
        reads: pool.clone(),
        user_id,
        today,
        embedder: Some(QueryEmbedder::local(settings.models_dir.clone())),
        conversation_days: settings.retention.ask_conversations_days,
    };
    let now = Utc::now();
    let stand_in = Arc::new(StandIn::prepare(&ctx, &questions, now).await?);
    let fake = FakeOpenAi::start().await;
    fake.set_model(move |body| stand_in.reply(body));
    // No response cache: every question goes over the wire.
    let model = OpenAiClient::new(
        OpenAiOptions::from_settings(&fake.settings()).context("the fake's settings")?,
    )?;
    let engine = Engine::Model {
        model: &model,
        options: ModelOptions::default(),
    };
    let report = eval::run_with(&ctx, &questions, now, engine).await?;
    // The offline engine on the same data, for comparison: the stand-in says its sentences,
    // so a question right offline and wrong here is the model path's doing.
    let offline = eval::run(&ctx, &questions, now).await?;
    println!(
        "{} questions from {set}, user {email}, today {today}; the model is the stand-in behind the fake OpenAI server",
        questions.len()
    );
    print!("{report}");
    println!("offline, same data: {}", offline.score());
    for (with_model, alone) in report.outcomes.iter().zip(&offline.outcomes) {
        if with_model.right != alone.right {
            println!(
                "differs\t{}\toffline {}\tmodel path {}\t{}",
                alone.id,
                if alone.right { "right" } else { "wrong" },
                if with_model.right { "right" } else { "wrong" },
                with_model.sentence.replace(['\t', '\n'], " ")
            );
        }
    }
    if std::env::var_os("MISSES").is_some() {
        for miss in report.misses() {
            println!("{}", miss.miss_line());
        }
        for line in report.outcomes.iter().filter_map(|o| o.fallback_line()) {
            println!("{line}");
        }
    }
    Ok(())
}
