//! Delivering outbox rows: one apalis job per delivery (one row, or the rows released
//! together), one queue per channel so a Telegram outage does not hold up e-mail.
//!
//! The job claims its rows (committed) before sending and records the outcome after, so a
//! retried job or a second worker finds nothing pending and sends nothing. Retries are the
//! outbox's own (`deliver_after` plus the release tick), with exponential backoff; the job
//! itself ends Ok whatever the delivery did, since the outcome is recorded on the rows.

use apalis::prelude::*;
use chrono::{DateTime, Duration, Utc};
use kakeibo_core::chat::{ChatAlert, ChatDelivered, ChatError, ChatMessage};
use kakeibo_core::jobs::JobContext;
use kakeibo_core::mail::{OutgoingMail, Unsubscribe};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::kinds;
use crate::outbox::{self, Claimed, Outcome};
use crate::render::{group_title, render};
use crate::summary::EmailLinks;
use crate::unsubscribe::Signer;

pub const TELEGRAM_QUEUE: &str = "kakeibo.notify_telegram";
pub const EMAIL_QUEUE: &str = "kakeibo.notify_email";

/// Attempts per row before its failure is final.
pub const MAX_ATTEMPTS: i32 = 8;
/// The first retry waits this long; each next one twice as long, up to [`MAX_BACKOFF`].
const FIRST_BACKOFF: Duration = Duration::seconds(30);
const MAX_BACKOFF: Duration = Duration::hours(1);

pub fn queue_of(channel: &str) -> &'static str {
    if channel == kinds::EMAIL {
        EMAIL_QUEUE
    } else {
        TELEGRAM_QUEUE
    }
}

/// Deliver these rows of one user on one channel, as one message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Delivery {
    pub user_id: Uuid,
    pub channel: String,
    pub notification_ids: Vec<Uuid>,
}

/// The apalis handler of both delivery queues.
#[tracing::instrument(skip_all, fields(user = %kakeibo_core::telemetry::user_hash(job.user_id), channel = %job.channel))]
pub async fn run(job: Delivery, context: Data<JobContext>) -> Result<(), BoxDynError> {
    deliver(&context, &job, Utc::now()).await?;
    Ok(())
}

/// Claims, sends and records one delivery at `now`; answers the outcome (`None` when every
/// row had already been taken by another attempt).
pub async fn deliver(
    context: &JobContext,
    job: &Delivery,
    now: DateTime<Utc>,
) -> Result<Option<Outcome>, sqlx::Error> {
    let claimed = outbox::claim(&context.db, job, now).await?;
    if claimed.is_empty() {
        return Ok(None);
    }
    let contact = {
        let mut conn = context.db.acquire().await?;
        kakeibo_auth::profile::contact(&mut conn, job.user_id).await?
    };
    let outcome = match contact {
        None => Outcome::Suppressed("the user no longer exists".into()),
        Some(contact) => match job.channel.as_str() {
            kinds::TELEGRAM => {
                send_chat(context, job.user_id, &claimed, &contact.locale, now).await
            }
            kinds::EMAIL => send_email(context, job.user_id, &contact, &claimed, now).await,
            other => Outcome::Failed(format!("no deliverer for channel {other:?}")),
        },
    };
    let outcome = retry_or_give_up(outcome, &claimed, now);
    let ids: Vec<Uuid> = claimed.iter().map(|c| c.id).collect();
    outbox::record(&context.db, &ids, &outcome, now).await?;
    let label = match &outcome {
        Outcome::Sent => "sent",
        Outcome::Suppressed(_) => "suppressed",
        Outcome::Retry { .. } => "retry",
        Outcome::Failed(_) => "failed",
    };
    metrics::counter!("notifications_delivered_total", "channel" => job.channel.clone(), "outcome" => label)
        .increment(ids.len() as u64);
    Ok(Some(outcome))
}

/// A retry past the last attempt is a final failure.
fn retry_or_give_up(outcome: Outcome, claimed: &[Claimed], now: DateTime<Utc>) -> Outcome {
    let attempts = claimed.iter().map(|c| c.attempts).max().unwrap_or(1);
    match outcome {
        Outcome::Retry { error, .. } if attempts >= MAX_ATTEMPTS => {
            Outcome::Failed(format!("gave up after {attempts} attempts: {error}"))
        }
        Outcome::Retry { at, error } => Outcome::Retry {
            at: at.max(now + backoff(attempts)),
            error,
        },
        other => other,
    }
}

/// 30 s, 1 min, 2 min, … at most an hour.
pub fn backoff(attempts: i32) -> Duration {
    let doublings = attempts.clamp(1, 20) - 1;
    (FIRST_BACKOFF * 2_i32.pow(doublings as u32)).min(MAX_BACKOFF)
}

async fn send_chat(
    context: &JobContext,
    user_id: Uuid,
    claimed: &[Claimed],
    locale: &str,
    now: DateTime<Utc>,
) -> Outcome {
    let Some(chat) = &context.chat else {
        return Outcome::Suppressed(
            "no chat transport configured (telegram.bot_token unset)".into(),
        );
    };
    let alerts = claimed
        .iter()
        .map(|row| {
            let (title, body) = render(&row.kind, &row.payload, locale);
            ChatAlert {
                notification_id: row.id,
                kind: row.kind.clone(),
                title,
                body,
                payload: row.payload.clone(),
            }
        })
        .collect();
    match chat.send(ChatMessage { user_id, alerts }).await {
        Ok(ChatDelivered::Sent) => Outcome::Sent,
        Ok(ChatDelivered::NotLinked) => Outcome::Suppressed("no linked chat".into()),
        Err(ChatError::RetryAfter(wait)) => Outcome::Retry {
            at: now + Duration::from_std(wait).unwrap_or(MAX_BACKOFF),
            error: format!("rate limited: retry after {wait:?}"),
        },
        Err(e @ ChatError::Temporary(_)) => Outcome::Retry {
            at: now,
            error: e.to_string(),
        },
        Err(e @ ChatError::Permanent(_)) => Outcome::Failed(e.to_string()),
    }
}

async fn send_email(
    context: &JobContext,
    user_id: Uuid,
    contact: &kakeibo_auth::profile::Contact,
    claimed: &[Claimed],
    now: DateTime<Utc>,
) -> Outcome {
    if !contact.email_verified {
        return Outcome::Suppressed("the e-mail address is not verified".into());
    }
    let signer = match Signer::from_settings(&context.settings) {
        Ok(signer) => signer,
        Err(e) => {
            return Outcome::Retry {
                at: now,
                error: format!("{e:#}"),
            };
        }
    };
    let public_url = &context.settings.server.public_url;
    // The weekly summary goes out alone (the release tick never groups it with alerts).
    let mail = if let [row] = claimed
        && row.kind == kinds::WEEKLY_SUMMARY
    {
        let token = signer.sign(user_id, &[kinds::WEEKLY_SUMMARY], now);
        let links = email_links(public_url, &token);
        let Some(week) = row.payload["week"]
            .as_str()
            .filter(|week| crate::weekly::parse_week(week).is_some())
        else {
            return Outcome::Failed(format!("no ISO week in the payload {}", row.payload));
        };
        let Some(summaries) = &context.summaries else {
            return Outcome::Suppressed("no summary writer in this process".into());
        };
        match summaries
            .weekly_email(user_id, week, &contact.email, &links)
            .await
        {
            Ok(Some(mail)) => mail,
            Ok(None) => {
                return Outcome::Suppressed(
                    "an empty week, and the user chose no summary then".into(),
                );
            }
            Err(e) => {
                return Outcome::Retry {
                    at: now,
                    error: format!("rendering the summary: {e:#}"),
                };
            }
        }
    } else {
        let mut kinds_here: Vec<&str> = claimed.iter().map(|row| row.kind.as_str()).collect();
        kinds_here.sort_unstable();
        kinds_here.dedup();
        let token = signer.sign(user_id, &kinds_here, now);
        alert_email(
            &contact.email,
            &contact.locale,
            claimed,
            &email_links(public_url, &token),
        )
    };
    match context.mailer.send(mail).await {
        Ok(()) => Outcome::Sent,
        // "550 no such user" stays so: one attempt, then the row says why.
        Err(e) if kakeibo_core::mail::is_permanent(&e) => Outcome::Failed(format!("{e:#}")),
        // A server down, refusing for now (4xx) or too slow: retry with backoff.
        Err(e) => Outcome::Retry {
            at: now,
            error: format!("{e:#}"),
        },
    }
}

/// The links an e-mail carries, under `server.public_url`.
pub fn email_links(public_url: &str, unsubscribe_token: &str) -> EmailLinks {
    let unsubscribe = crate::unsubscribe::url(public_url.trim_end_matches('/'), unsubscribe_token);
    EmailLinks::under(public_url, Some(unsubscribe))
}

/// The e-mail of one or more alerts (the one place alert e-mails are worded, so the summary's
/// layout can take over here): a single alert is its own subject; several are listed. Every
/// one carries its unsubscribe link, in the headers and in the text.
pub fn alert_email(
    to: &str,
    locale: &str,
    claimed: &[Claimed],
    links: &EmailLinks,
) -> OutgoingMail {
    let rendered: Vec<(String, String)> = claimed
        .iter()
        .map(|row| render(&row.kind, &row.payload, locale))
        .collect();
    let (subject, mut text) = match rendered.as_slice() {
        [(title, body)] => (title.clone(), format!("{body}\n")),
        many => (
            group_title(many.len(), locale),
            many.iter()
                .map(|(title, body)| format!("* {title}\n  {body}\n"))
                .collect::<Vec<_>>()
                .join("\n"),
        ),
    };
    text.push_str(&format!(
        "\n-- \nStop these e-mails: {}\nAll settings: {}\n",
        links.unsubscribe, links.preferences
    ));
    OutgoingMail {
        to: to.to_string(),
        subject,
        text,
        html: None,
        images: Vec::new(),
        unsubscribe: Some(Unsubscribe {
            url: links.unsubscribe.clone(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_an_hour() {
        let secs: Vec<i64> = (1..=9).map(|n| backoff(n).num_seconds()).collect();
        assert_eq!(secs, [30, 60, 120, 240, 480, 960, 1920, 3600, 3600]);
    }
}
