//! Job handlers: delivering queued e-mail (`kakeibo_core::mail::enqueue`; a failed delivery is
//! retried by apalis, so a mail server that is down for a while loses nothing), delivering
//! notifications (`delivery::run`), and the release tick of the outbox.

use apalis::prelude::*;
use apalis_cron::Tick;
use kakeibo_core::jobs::JobContext;
use kakeibo_core::mail::OutgoingMail;

/// How often held and retried notifications are looked at: seconds matter little for a
/// release after quiet hours, and a retry's shortest backoff is 30 s.
pub const RELEASE_SCHEDULE: &str = "*/15 * * * * *";

/// Logs name the recipient's domain only: an address (and a subject, which may hold an
/// amount) is personal data logs never carry.
#[tracing::instrument(skip_all, fields(to_domain = %mail.to.rsplit('@').next().unwrap_or("")))]
pub async fn deliver(
    mail: OutgoingMail,
    context: Data<JobContext>,
    job_id: TaskId,
    attempt: Attempt,
) -> Result<(), BoxDynError> {
    let to = mail.to.clone();
    if let Err(e) = context.mailer.send(mail).await {
        // Logged here: apalis stores a job's error without logging it, and an outbox on a
        // full or read-only disk must not fail in silence. An SMTP reply may quote the
        // address, which logs never carry.
        let error = format!("{e:#}").replace(&to, "[recipient]");
        let wait =
            kakeibo_core::jobs::retry_later(&context.db, &job_id.to_string(), attempt.current())
                .await?;
        tracing::warn!(%error, attempt = attempt.current(), retry_in_secs = wait.as_secs(), "e-mail not delivered; it is tried again later");
        return Err(error.into());
    }
    metrics::counter!("emails_sent_total").increment(1);
    Ok(())
}

/// Each tick queues the deliveries that are due (see `outbox::release_due`). Two schedulers
/// at once are harmless: the rows are taken with SKIP LOCKED and marked queued.
pub async fn release_on_tick(_tick: Tick, context: Data<JobContext>) -> Result<(), BoxDynError> {
    let released = crate::outbox::release_due(&context.db, chrono::Utc::now()).await?;
    if released.rows > 0 || released.in_doubt > 0 {
        tracing::info!(
            jobs = released.jobs,
            rows = released.rows,
            in_doubt = released.in_doubt,
            "notifications released"
        );
    }
    Ok(())
}
