//! kakeibo-server — the `kakeibo` binary's library: it composes the services' routers and
//! job workers into roles (`all`, `serve`, `worker`, `migrate`), and owns the HTTP plumbing
//! shared by every route (health, readiness, metrics, tracing, shutdown).

pub mod app;
mod ask_cmd;
mod bank_cmd;
pub mod cli;
pub mod dashboard;
pub mod demo_plan;
mod email_cmd;
mod eval_cmd;
mod fx_cmd;
pub mod health;
mod import_cmd;
pub mod jobs;
pub mod metrics;
pub mod openapi;
mod privacy_cmd;
pub mod routes;
pub mod shutdown;

use kakeibo_core::{Settings, StartupError, db, telemetry};
use sqlx::PgPool;
use tokio_util::sync::CancellationToken;

pub use app::Application;
use cli::{Cli, Command};

/// Runs the role the command line asks for until it finishes or a signal stops it.
pub async fn run(cli: Cli) -> Result<(), StartupError> {
    // reqwest and sqlx use rustls; without a process-wide provider reqwest panics (STACK.md 1).
    let _ = rustls::crypto::ring::default_provider().install_default();
    let mut settings =
        Settings::load(cli.config.as_deref()).map_err(|e| StartupError::Config(e.to_string()))?;
    let command = cli.command();
    // A command's output is what its user reads: its logs go to stderr, and routine start-up
    // lines would bury an error's one line there, so only warnings show unless RUST_LOG or
    // KAKEIBO_LOG__FILTER asks for more. Roles log to stdout at the configured level.
    let log_to = if command.is_one_shot() {
        if std::env::var_os("RUST_LOG").is_none()
            && std::env::var_os("KAKEIBO_LOG__FILTER").is_none()
        {
            settings.log.filter = "warn".into();
        }
        telemetry::LogTo::Stderr
    } else {
        telemetry::LogTo::Stdout
    };
    let telemetry = telemetry::init(&settings.log, &settings.telemetry, log_to)
        .map_err(|e| StartupError::Config(format!("invalid configuration: {e}")))?;
    let result = run_command(settings, command).await;
    // The spans still queued go out before the process ends.
    let _ = tokio::task::spawn_blocking(move || telemetry.shutdown()).await;
    result
}

async fn run_command(settings: Settings, command: Command) -> Result<(), StartupError> {
    let pool = prepare_database(&settings, &command).await?;
    match &command {
        Command::Migrate => return Ok(()),
        Command::Import(args) => return import_cmd::run(&pool, args).await,
        Command::Bank(command) => return bank_cmd::run(&pool, &settings, command).await,
        Command::RotateKey => return bank_cmd::rotate_key(&pool, &settings).await,
        Command::Demo(args) => return import_cmd::demo(&pool, &settings, args).await,
        Command::Fx(cli::FxCommand::Import { file }) => return fx_cmd::import(&pool, file).await,
        Command::Ask(args) => return ask_cmd::run(&pool, &settings, args).await,
        Command::Email(cli::EmailCommand::Preview(args)) => {
            return email_cmd::preview(&pool, &settings, args).await;
        }
        Command::Privacy(command) => return privacy_cmd::run(&pool, &settings, command).await,
        Command::Eval(cli::EvalCommand::Ask(args)) => {
            return eval_cmd::ask(&pool, &settings, args).await;
        }
        Command::Eval(cli::EvalCommand::Categorizer { fit, misses }) => {
            return eval_cmd::categorizer(&pool, &settings, fit.as_deref(), *misses).await;
        }
        _ => {}
    }

    let shutdown = CancellationToken::new();
    shutdown::cancel_on_signal(shutdown.clone());
    let serve_api = matches!(command, Command::All | Command::Serve);
    let run_workers = matches!(command, Command::All | Command::Worker);
    // `all` includes the bot when a token is set; `bot` insists on one.
    let bot = match command {
        Command::Bot | Command::All => {
            kakeibo_bot::BotContext::from_settings(&settings, pool.clone())?
        }
        _ => None,
    };
    if command == Command::Bot && bot.is_none() {
        return Err(StartupError::Config(
            "kakeibo bot needs a bot token (fix: set telegram.bot_token and telegram.bot_username)"
                .into(),
        ));
    }

    // Bind before starting workers, so a taken port fails fast and alone.
    let app = if serve_api {
        Some(Application::bind(settings.clone(), pool.clone()).await?)
    } else {
        None
    };
    // Whichever role ends first, by error or signal, takes the other down with it.
    let api = async {
        // A role without the API must not end the workers at once.
        let Some(app) = app else {
            return Ok(());
        };
        let result = app.run_until(shutdown.clone()).await;
        shutdown.cancel();
        result
    };
    if run_workers {
        // Jobs count from the first one, whether or not this process serves /metrics.
        metrics::handle();
    }
    let worker_metrics = async {
        match settings.telemetry.worker_metrics_port {
            Some(port) if run_workers && !serve_api => {
                let served = metrics::serve_worker_metrics(
                    settings.server.host,
                    port,
                    pool.clone(),
                    shutdown.clone(),
                )
                .await;
                shutdown.cancel();
                served
            }
            _ => Ok(()),
        }
    };
    let workers = async {
        if !run_workers {
            return Ok(());
        }
        let result = jobs::run_workers(&settings, pool.clone(), shutdown.clone()).await;
        shutdown.cancel();
        result
    };
    let telegram = async {
        let Some(bot) = bot else {
            return Ok(());
        };
        let result = kakeibo_bot::run::run(bot, shutdown.clone()).await;
        shutdown.cancel();
        result
    };
    let (api, workers, telegram, worker_metrics) =
        tokio::join!(api, workers, telegram, worker_metrics);
    api.and(workers).and(telegram).and(worker_metrics)?;
    tracing::info!("stopped");
    Ok(())
}

/// The job queues' own migrations, then Kakeibo's (one of which indexes apalis' jobs table);
/// the extensions are checked first so a server that lacks one is told so before anything
/// is written.
pub async fn migrate_all(pool: &PgPool, target: &str) -> Result<(), StartupError> {
    db::check_extensions(pool, target).await?;
    jobs::setup_queues(pool).await?;
    db::migrate(pool, target).await
}

/// Connects, logs the TimescaleDB license, and migrates when asked to.
pub async fn prepare_database(
    settings: &Settings,
    command: &Command,
) -> Result<PgPool, StartupError> {
    let target = settings.database_display();
    let pool = db::connect(settings).await?;
    if *command == Command::Migrate || settings.database.migrate_on_start {
        migrate_all(&pool, &target).await?;
        tracing::info!(database = %target, "migrations applied");
    } else {
        db::check_extensions(&pool, &target).await?;
    }
    let license = db::timescale_license(&pool)
        .await
        .map_err(|e| StartupError::database(&target, e))?;
    tracing::info!(
        timescaledb.license = %license,
        "timescaledb license detected{}",
        if license == "apache" {
            ": compression, continuous aggregates and policies are unavailable; Kakeibo uses its own rollups and retention job"
        } else {
            ""
        }
    );
    Ok(pool)
}
