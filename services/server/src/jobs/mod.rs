//! Background jobs on apalis with Postgres queues (shared by every worker process through
//! `SKIP LOCKED`), plus the cron scheduler that enqueues the periodic ones. The handlers live
//! in the crates whose work they do (each crate's `jobs` module); this module wires them to
//! their queues and schedules.

use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use apalis::layers::retry::RetryPolicy;
use apalis::prelude::*;
use apalis_cron::CronScheduler;
use apalis_postgres::{Config, PostgresStorage};
use kakeibo_analytics::jobs as analytics;
use kakeibo_bank_sync::jobs as bank_sync;
use kakeibo_categorizer::jobs as categorize;
use kakeibo_core::jobs::JobContext;
use kakeibo_core::mail::{self, MailSender, OutgoingMail};
use kakeibo_core::{Settings, StartupError};
use kakeibo_llm::ConfiguredChat;
use kakeibo_notifications::delivery as notifications;
use kakeibo_privacy::jobs as retention;
use sqlx::PgPool;
use tokio_util::sync::CancellationToken;

pub mod observe;
mod wakeups;
use wakeups::{WakeupHub, Wakeups};

/// The e-mail transport the settings ask for (SMTP, or the outbox folder).
pub fn mailer(settings: &Settings) -> Result<Arc<dyn MailSender>, StartupError> {
    let mailer =
        kakeibo_notifications::mail::Mailer::from_settings(&settings.email).map_err(|e| {
            StartupError::Config(format!(
                "invalid configuration: {e:#} (fix the email.* settings)"
            ))
        })?;
    Ok(Arc::new(mailer))
}

/// The bank-sync engine's context: credential keyring and enabled providers.
pub fn bank_sync_context(
    settings: &Settings,
    pool: PgPool,
) -> Result<kakeibo_bank_sync::sync::SyncContext, StartupError> {
    kakeibo_bank_sync::sync::SyncContext::from_settings(settings, pool).map_err(|e| {
        StartupError::Config(format!(
            "{e} (fix: point bank.credential_keys_file at a writable path, or restore the keys file)"
        ))
    })
}

/// Every queue the workers take jobs from: `/metrics` shows each one's backlog.
pub const QUEUES: [&str; 11] = [
    mail::QUEUE,
    retention::QUEUE,
    kakeibo_privacy::exports::QUEUE,
    kakeibo_bank_sync::connections::SYNC_QUEUE,
    kakeibo_core::jobs::CATEGORIZE_QUEUE,
    kakeibo_core::jobs::BUDGET_QUEUE,
    kakeibo_core::jobs::ANALYTICS_QUEUE,
    kakeibo_core::jobs::INSIGHTS_QUEUE,
    analytics::REFRESH_QUEUE,
    notifications::TELEGRAM_QUEUE,
    notifications::EMAIL_QUEUE,
];

/// The cron ticks, counted as jobs of their own kind.
pub const SCHEDULERS: &[&str] = &[
    "scheduler.weekly_summary",
    "scheduler.notifications_release",
    "scheduler.insights_refresh",
    "scheduler.llm_retry",
    "scheduler.bank_sync",
    "scheduler.retention",
];

/// How often a worker proves it is alive, and how many beats it may miss before its jobs
/// are handed to another worker (set explicitly: STACK.md 5).
const MISSED_HEARTBEATS: usize = 4;
const EMAIL_RETRIES: usize = 3;
/// Only database failures reach apalis' retry; provider failures back off on the connection.
const SYNC_RETRIES: usize = 3;
/// A failed categorization leaves its rows queued; the next attempt picks them up.
const CATEGORIZE_RETRIES: usize = 3;
/// A budget check recomputes from stored state, so a retry is always safe.
const BUDGET_RETRIES: usize = 3;
/// A failed refresh leaves its dirty days in place; a retry (or the next report) takes them.
const ANALYTICS_RETRIES: usize = 3;
/// A failed recompute changes nothing; the next attempt starts over.
const INSIGHTS_RETRIES: usize = 3;
/// A delivery that hit a database error: its rows say what was done, so a retry is safe.
const NOTIFY_RETRIES: usize = 3;

/// Creates apalis' own tables (schema `apalis`), next to ours.
pub async fn setup_queues(pool: &PgPool) -> Result<(), StartupError> {
    PostgresStorage::<()>::setup(pool)
        .await
        .map_err(|e| StartupError::Other(format!("job queue setup failed: {e}")))
}

pub fn queue_config(queue: &str, heartbeat: Duration) -> Config {
    Config::default()
        .queue(queue)
        .heartbeat_interval(heartbeat)
        .missed_heartbeats(MISSED_HEARTBEATS)
}

/// The storage (queue) of one job type.
pub fn storage<T>(pool: &PgPool, queue: &str) -> PostgresStorage<T> {
    storage_with_heartbeat(
        pool,
        queue,
        Duration::from_secs(kakeibo_core::config::DEFAULT_HEARTBEAT_SECS),
    )
}

fn storage_with_heartbeat<T>(
    pool: &PgPool,
    queue: &str,
    heartbeat: Duration,
) -> PostgresStorage<T> {
    PostgresStorage::new(pool).with_config(queue_config(queue, heartbeat))
}

/// The queue a worker takes its jobs from, woken as soon as a job is queued on it.
fn worker_queue<T>(
    pool: &PgPool,
    queue: &str,
    heartbeat: Duration,
    hub: &mut WakeupHub,
) -> PollWith<PostgresStorage<T>, StreamStrategy<Wakeups>> {
    storage_with_heartbeat(pool, queue, heartbeat).poll_with_stream(hub.wakeups(queue, heartbeat))
}

/// The name a queue's worker in this process registers under. apalis keys a worker's
/// heartbeat and its jobs' locks by that name: two processes sharing one name would keep each
/// other's heartbeat alive, so a killed one's jobs would never be taken over (and one of them
/// took no jobs at all). Hence a per-process suffix. Cron schedulers hold no locks and keep
/// their plain names.
fn instance_name(queue_worker: &str) -> String {
    static INSTANCE: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
            .map(|h| h.trim().to_string())
            .unwrap_or_else(|_| "host".into());
        let nonce = uuid::Uuid::new_v4().simple().to_string();
        format!("{host}:{}:{}", std::process::id(), &nonce[..8])
    });
    format!("{queue_worker}@{}", *INSTANCE)
}

/// A cron setting, parsed (`name` is its key, for the error).
fn cron_setting(name: &str, value: &str) -> Result<cron::Schedule, StartupError> {
    cron::Schedule::from_str(value)
        .map_err(|e| StartupError::Config(format!("invalid configuration: {name} {value:?}: {e}")))
}

/// Runs every worker and the scheduler until `shutdown` is cancelled.
pub async fn run_workers(
    settings: &Settings,
    pool: PgPool,
    shutdown: CancellationToken,
) -> Result<(), StartupError> {
    // Alerts reach linked Telegram chats when `telegram.bot_token` is configured.
    let chat = kakeibo_bot::TelegramSender::from_settings(settings, pool.clone())?
        .map(|sender| Arc::new(sender) as Arc<dyn kakeibo_core::chat::ChatSender>);
    run_workers_with(settings, pool, chat, shutdown).await
}

/// [`run_workers`] with the linked-chat transport (Telegram) when one is configured.
pub async fn run_workers_with(
    settings: &Settings,
    pool: PgPool,
    chat: Option<Arc<dyn kakeibo_core::chat::ChatSender>>,
    shutdown: CancellationToken,
) -> Result<(), StartupError> {
    // Logs name users by the same hash as the API's (see `app::USER_HASH_PURPOSE`).
    match kakeibo_core::auth::TokenKeys::load_or_create(
        &settings.auth.signing_key_file,
        &settings.auth.issuer,
    ) {
        Ok(keys) => kakeibo_core::telemetry::set_user_hash_key(
            keys.derived_key(crate::app::USER_HASH_PURPOSE),
        ),
        Err(e) => {
            tracing::warn!(error = %e, "no signing key: the workers' logs hash user ids under a key of their own")
        }
    }
    let context = JobContext {
        replica: kakeibo_core::db::connect_replica(settings)?,
        db: pool.clone(),
        settings: Arc::new(settings.clone()),
        mailer: mailer(settings)?,
        chat,
        summaries: Some(Arc::new(
            kakeibo_analytics::weekly_summary::WeeklySummaries { db: pool.clone() },
        )),
    };
    let heartbeat = Duration::from_secs(settings.worker.heartbeat_secs);
    let mut wakeup_hub = WakeupHub::default();
    let email_queue = worker_queue::<OutgoingMail>(&pool, mail::QUEUE, heartbeat, &mut wakeup_hub);
    let retention_cron = cron_setting("worker.retention_cron", &settings.worker.retention_cron)?;
    let refresh_cron = cron_setting(
        "worker.insights_refresh_cron",
        &settings.worker.insights_refresh_cron,
    )?;
    let refresh_queue = worker_queue::<analytics::DailyRefresh>(
        &pool,
        analytics::REFRESH_QUEUE,
        heartbeat,
        &mut wakeup_hub,
    );
    let retention_queue = worker_queue::<retention::RetentionSweep>(
        &pool,
        retention::QUEUE,
        heartbeat,
        &mut wakeup_hub,
    );
    let export_queue = worker_queue::<kakeibo_privacy::exports::ExportJob>(
        &pool,
        kakeibo_privacy::exports::QUEUE,
        heartbeat,
        &mut wakeup_hub,
    );
    let concurrency = settings.worker.concurrency;
    let sync_context = bank_sync_context(settings, pool.clone())?;
    let sync_queue = worker_queue::<kakeibo_bank_sync::connections::SyncJob>(
        &pool,
        kakeibo_bank_sync::connections::SYNC_QUEUE,
        heartbeat,
        &mut wakeup_hub,
    );
    let categorize_queue = worker_queue::<kakeibo_core::jobs::NewTransactions>(
        &pool,
        kakeibo_core::jobs::CATEGORIZE_QUEUE,
        heartbeat,
        &mut wakeup_hub,
    );
    let budget_queue = worker_queue::<kakeibo_core::jobs::TransactionsChanged>(
        &pool,
        kakeibo_core::jobs::BUDGET_QUEUE,
        heartbeat,
        &mut wakeup_hub,
    );
    let analytics_queue = worker_queue::<kakeibo_core::jobs::TransactionsChanged>(
        &pool,
        kakeibo_core::jobs::ANALYTICS_QUEUE,
        heartbeat,
        &mut wakeup_hub,
    );
    let insights_queue = worker_queue::<kakeibo_core::jobs::TransactionsChanged>(
        &pool,
        kakeibo_core::jobs::INSIGHTS_QUEUE,
        heartbeat,
        &mut wakeup_hub,
    );
    let notify_telegram_queue = worker_queue::<notifications::Delivery>(
        &pool,
        notifications::TELEGRAM_QUEUE,
        heartbeat,
        &mut wakeup_hub,
    );
    let notify_email_queue = worker_queue::<notifications::Delivery>(
        &pool,
        notifications::EMAIL_QUEUE,
        heartbeat,
        &mut wakeup_hub,
    );
    let release_schedule = cron::Schedule::from_str(kakeibo_notifications::jobs::RELEASE_SCHEDULE)
        .expect("the notification release schedule is a valid cron expression");
    let weekly_cron = &settings.worker.weekly_summary_cron;
    let weekly_schedule = if weekly_cron.is_empty() {
        None
    } else {
        Some(cron_setting("worker.weekly_summary_cron", weekly_cron)?)
    };
    let chat = ConfiguredChat::from_settings(&settings.llm, pool.clone())
        .map_err(|e| StartupError::Config(format!("invalid configuration: llm: {e}")))?;
    let models = categorize::LoadedModels::new(chat.clone());
    let llm_retry_schedule = cron::Schedule::from_str(categorize::RETRY_SCHEDULE)
        .expect("the LLM retry schedule is a valid cron expression");
    let sync_schedule = cron::Schedule::from_str(bank_sync::SCHEDULE)
        .expect("the bank sync schedule is a valid cron expression");

    tokio::spawn(wakeup_hub.listen(pool.clone(), shutdown.clone()));
    tracing::info!("job workers starting");
    let mut monitor = Monitor::new();
    // Writes the weekly summaries whose local send time has come (once per user and week,
    // whatever the number of schedulers); the notify_email queue delivers them.
    if let Some(schedule) = weekly_schedule {
        let context = context.clone();
        monitor = monitor.register(move |_| {
            WorkerBuilder::new("scheduler.weekly_summary")
                .backend(CronScheduler::new(schedule.clone()))
                .layer(observe::ObserveJobs::new("scheduler.weekly_summary"))
                .data(context.clone())
                .build(kakeibo_notifications::weekly::schedule_on_tick)
        });
    }
    monitor
        .register({
            let context = context.clone();
            move |_| {
                WorkerBuilder::new(instance_name("retention"))
                    .backend(retention_queue.clone())
                    .layer(observe::ObserveJobs::new(retention::QUEUE))
                    .concurrency(concurrency)
                    .data(context.clone())
                    .build(retention::run)
            }
        })
        .register({
            let context = context.clone();
            move |_| {
                WorkerBuilder::new(instance_name("email"))
                    .backend(email_queue.clone())
                    .layer(observe::ObserveJobs::new(mail::QUEUE))
                    .concurrency(concurrency)
                    // Rides out a brief hiccup of the mail server; a failed job stays in the
                    // queue with its message and error.
                    .retry(RetryPolicy::retries(EMAIL_RETRIES))
                    .data(context.clone())
                    .build(kakeibo_notifications::jobs::deliver)
            }
        })
        // Deliveries record their own outcome and retry through the outbox (backoff on the
        // rows), so apalis' retry only covers a database error. `worker.concurrency` bounds
        // how many run at once per process (the bot's sender paces Telegram itself).
        .register({
            let context = context.clone();
            move |_| {
                WorkerBuilder::new(instance_name("notify_telegram"))
                    .backend(notify_telegram_queue.clone())
                    .layer(observe::ObserveJobs::new(notifications::TELEGRAM_QUEUE))
                    .concurrency(concurrency)
                    .retry(RetryPolicy::retries(NOTIFY_RETRIES))
                    .data(context.clone())
                    .build(notifications::run)
            }
        })
        .register({
            let context = context.clone();
            move |_| {
                WorkerBuilder::new(instance_name("notify_email"))
                    .backend(notify_email_queue.clone())
                    .layer(observe::ObserveJobs::new(notifications::EMAIL_QUEUE))
                    .concurrency(concurrency)
                    .retry(RetryPolicy::retries(NOTIFY_RETRIES))
                    .data(context.clone())
                    .build(notifications::run)
            }
        })
        .register({
            let context = context.clone();
            move |_| {
                WorkerBuilder::new("scheduler.notifications_release")
                    .backend(CronScheduler::new(release_schedule.clone()))
                    .layer(observe::ObserveJobs::new("scheduler.notifications_release"))
                    .data(context.clone())
                    .build(kakeibo_notifications::jobs::release_on_tick)
            }
        })
        // Writes the weekly summaries whose local send time has come (once per user and week,
        // whatever the number of schedulers); the e-mail queue above delivers them.

        .register({
            let context = context.clone();
            let models = models.clone();
            move |_| {
                WorkerBuilder::new(instance_name("categorize"))
                    .backend(categorize_queue.clone())
                    .layer(observe::ObserveJobs::new(kakeibo_core::jobs::CATEGORIZE_QUEUE))
                    // One at a time: the model uses every core, and two jobs of one user
                    // would do the same work twice.
                    .concurrency(1)
                    .retry(RetryPolicy::retries(CATEGORIZE_RETRIES))
                    .data(context.clone())
                    .data(models.clone())
                    .build(categorize::run)
            }
        })
        .register({
            let context = context.clone();
            move |_| {
                WorkerBuilder::new(instance_name("analytics"))
                    .backend(analytics_queue.clone())
                    .layer(observe::ObserveJobs::new(kakeibo_core::jobs::ANALYTICS_QUEUE))
                    .concurrency(concurrency)
                    .retry(RetryPolicy::retries(ANALYTICS_RETRIES))
                    .data(context.clone())
                    .build(analytics::refresh_rollups)
            }
        })
        .register({
            let context = context.clone();
            let chat = chat.clone();
            move |_| {
                WorkerBuilder::new(instance_name("insights"))
                    .backend(insights_queue.clone())
                    .layer(observe::ObserveJobs::new(kakeibo_core::jobs::INSIGHTS_QUEUE))
                    .concurrency(concurrency)
                    .retry(RetryPolicy::retries(INSIGHTS_RETRIES))
                    .data(context.clone())
                    .data(chat.clone())
                    .build(analytics::recompute_insights)
            }
        })
        .register({
            let context = context.clone();
            move |_| {
                WorkerBuilder::new(instance_name("insights_refresh"))
                    .backend(refresh_queue.clone())
                    .layer(observe::ObserveJobs::new(analytics::REFRESH_QUEUE))
                    .retry(RetryPolicy::retries(INSIGHTS_RETRIES))
                    .data(context.clone())
                    .build(analytics::refresh_all)
            }
        })
        .register({
            let pool = pool.clone();
            move |_| {
                WorkerBuilder::new("scheduler.insights_refresh")
                    .backend(CronScheduler::new(refresh_cron.clone()))
                    .layer(observe::ObserveJobs::new("scheduler.insights_refresh"))
                    .data(pool.clone())
                    .build(analytics::enqueue_refresh_on_tick)
            }
        })
        .register({
            let context = context.clone();
            let models = models.clone();
            move |_| {
                WorkerBuilder::new("scheduler.llm_retry")
                    .backend(CronScheduler::new(llm_retry_schedule.clone()))
                    .layer(observe::ObserveJobs::new("scheduler.llm_retry"))
                    .data(context.clone())
                    .data(models.clone())
                    .build(categorize::retry_llm)
            }
        })
        .register({
            let context = context.clone();
            move |_| {
                WorkerBuilder::new(instance_name("budget_check"))
                    .backend(budget_queue.clone())
                    .layer(observe::ObserveJobs::new(kakeibo_core::jobs::BUDGET_QUEUE))
                    .concurrency(concurrency)
                    .retry(RetryPolicy::retries(BUDGET_RETRIES))
                    .data(context.clone())
                    .build(kakeibo_budget::jobs::check)
            }
        })
        .register({
            let sync_context = sync_context.clone();
            move |_| {
                WorkerBuilder::new(instance_name("bank_sync"))
                    .backend(sync_queue.clone())
                    .layer(observe::ObserveJobs::new(kakeibo_bank_sync::connections::SYNC_QUEUE))
                    .concurrency(concurrency)
                    .retry(RetryPolicy::retries(SYNC_RETRIES))
                    .data(sync_context.clone())
                    .build(bank_sync::run)
            }
        })
        .register({
            let context = context.clone();
            move |_| {
                WorkerBuilder::new("scheduler.bank_sync")
                    .backend(CronScheduler::new(sync_schedule.clone()))
                    .layer(observe::ObserveJobs::new("scheduler.bank_sync"))
                    .data(context.clone())
                    .data(sync_context.clone())
                    .build(bank_sync::enqueue_due)
            }
        })
        // One export at a time per process: each reads a user's whole history and writes a
        // file; a failure is recorded on the request, which the user asks again.
        .register({
            let context = context.clone();
            move |_| {
                WorkerBuilder::new(instance_name("privacy_export"))
                    .backend(export_queue.clone())
                    .layer(observe::ObserveJobs::new(kakeibo_privacy::exports::QUEUE))
                    .concurrency(1)
                    .data(context.clone())
                    .build(kakeibo_privacy::export_job::run)
            }
        })
        .register({
            let pool = pool.clone();
            move |_| {
                WorkerBuilder::new("scheduler.retention")
                    .backend(CronScheduler::new(retention_cron.clone()))
                    .layer(observe::ObserveJobs::new("scheduler.retention"))
                    .data(pool.clone())
                    .build(retention::enqueue_on_tick)
            }
        })
        // A worker ends when its backend fails (the database went away, say). Restart it
        // always: each attempt waits out the pool's acquire timeout, which paces the retries,
        // and the API keeps serving meanwhile (/ready says the database is down).
        .should_restart(|worker, error| {
            tracing::warn!(worker = worker.name(), restarts = worker.restarts(), %error, "restarting job worker");
            true
        })
        .shutdown_timeout(Duration::from_secs(settings.server.shutdown_grace_secs))
        .run_with_signal(async move {
            shutdown.cancelled().await;
            Ok(())
        })
        .await
        .map_err(|e| StartupError::Other(format!("job workers failed: {e}")))
}
