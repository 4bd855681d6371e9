//! `kakeibo eval categorizer`: the offline pipeline's accuracy on the evaluation set, with
//! throwaway users in the configured database (removed afterwards).

use std::path::Path;

use kakeibo_categorizer::calibration::Calibration;
use kakeibo_categorizer::eval;
use kakeibo_core::{Settings, StartupError};
use kakeibo_llm::LocalEmbedder;
use sqlx::PgPool;

pub async fn categorizer(
    pool: &PgPool,
    settings: &Settings,
    fit: Option<&Path>,
    misses: bool,
) -> Result<(), StartupError> {
    let embedder = LocalEmbedder::load(&settings.models_dir)
        .map_err(|e| StartupError::Config(e.to_string()))?;
    let threshold = settings.categorizer.confidence_threshold;
    let mut evaluation = eval::run(pool, &embedder, Calibration::builtin(), threshold)
        .await
        .map_err(|e| StartupError::Other(format!("evaluation failed: {e}")))?;
    if let Some(file) = fit {
        // The decisions' features do not depend on the calibration: refit, and measure again.
        let samples = evaluation.samples();
        evaluation.calibration = Calibration::fit(&samples);
        let header = format!(
            "Fitted by `kakeibo eval categorizer --fit` on {} kNN decisions of the evaluation's runs.\n\
             Features and their order: services/categorizer/src/calibration.rs.",
            samples.len()
        );
        std::fs::write(file, evaluation.calibration.to_tsv(&header))
            .map_err(|e| StartupError::Other(format!("cannot write {}: {e}", file.display())))?;
        println!("calibration written to {}", file.display());
    }
    print!("{evaluation}");
    if misses {
        let cold = evaluation.cold.figures(&evaluation.calibration, threshold);
        for (description, expected, guess) in cold.misses {
            println!("miss\t{description}\t{expected}\t{guess}");
        }
    }
    Ok(())
}

/// `kakeibo eval ask`: the offline ask engine on an evaluation set (the repo's, or the
/// held-out one with `--set`), as the user's own data answers it today (or `--today`).
pub async fn ask(
    pool: &PgPool,
    settings: &Settings,
    args: &crate::cli::EvalAskArgs,
) -> Result<(), StartupError> {
    use kakeibo_ask::eval;
    let fail = |message: String| StartupError::Other(format!("eval ask: {message}"));
    let text = std::fs::read_to_string(&args.set)
        .map_err(|e| fail(format!("cannot read {}: {e}", args.set.display())))?;
    let questions = eval::parse(&text).map_err(|e| fail(e.to_string()))?;
    let user_id = kakeibo_auth::user_id_by_email(pool, &args.user)
        .await
        .map_err(|e| fail(format!("database error: {e}")))?
        .ok_or_else(|| fail(format!("no user {} (run `kakeibo demo`)", args.user)))?;
    let today = match args.today {
        Some(day) => day,
        None => {
            let mut conn = pool.acquire().await.map_err(|e| fail(e.to_string()))?;
            kakeibo_auth::local_time::today(&mut conn, user_id)
                .await
                .map_err(|e| fail(e.to_string()))?
        }
    };
    let ctx = kakeibo_ask::tools::ToolContext {
        db: pool.clone(),
        reads: pool.clone(),
        user_id,
        today,
        embedder: Some(kakeibo_categorizer::QueryEmbedder::local(
            settings.models_dir.clone(),
        )),
        conversation_days: settings.retention.ask_conversations_days,
    };
    let chat = if args.llm {
        if !settings.llm.chat_enabled() {
            return Err(fail(
                "--llm needs a chat model: set llm.base_url and llm.chat_model".to_string(),
            ));
        }
        kakeibo_llm::ConfiguredChat::from_settings(&settings.llm, pool.clone())
            .map_err(|e| fail(format!("the chat model cannot be used: {e}")))?
    } else {
        kakeibo_llm::ConfiguredChat::default()
    };
    let engine = match chat.get() {
        Some(model) => eval::Engine::Model {
            model,
            options: kakeibo_ask::with_model::ModelOptions::from_settings(&settings.llm),
        },
        None => eval::Engine::Offline,
    };
    let report = eval::run_with(&ctx, &questions, chrono::Utc::now(), engine)
        .await
        .map_err(|e| fail(e.to_string()))?;
    println!(
        "{} questions from {}, user {}, today {today}",
        questions.len(),
        args.set.display(),
        args.user
    );
    print!("{report}");
    if args.misses {
        for miss in report.misses() {
            println!("{}", miss.miss_line());
        }
        for line in report.outcomes.iter().filter_map(|o| o.fallback_line()) {
            println!("{line}");
        }
    }
    Ok(())
}
