//! Outgoing e-mail as every service sees it: put a message on the `kakeibo.email` queue, in
//! or after the transaction that caused it; a worker delivers it with retries. The transport
//! (SMTP, or .eml files in an outbox folder when no SMTP server is configured) lives in
//! kakeibo-notifications.

use std::future::Future;
use std::pin::Pin;

use apalis::prelude::TaskSink;
use apalis_postgres::{Config, PostgresStorage};
use serde::{Deserialize, Serialize};
use sqlx::PgPool;

pub const QUEUE: &str = "kakeibo.email";

/// One message. The fields after `text` came later: they default, so jobs queued before
/// still decode.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct OutgoingMail {
    pub to: String,
    pub subject: String,
    pub text: String,
    /// With HTML the message is multipart/alternative: the text, and the HTML with its images.
    #[serde(default)]
    pub html: Option<String>,
    /// multipart/related parts the HTML references as `cid:<cid>`.
    #[serde(default)]
    pub images: Vec<InlineImage>,
    /// `List-Unsubscribe` and `List-Unsubscribe-Post` (RFC 8058).
    #[serde(default)]
    pub unsubscribe: Option<Unsubscribe>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InlineImage {
    pub cid: String,
    pub content_type: String,
    #[serde(with = "base64_bytes")]
    pub bytes: Vec<u8>,
}

/// The one-click POST target, also the link in the body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unsubscribe {
    pub url: String,
}

/// Image bytes as base64 in the queued job (JSON arrays of numbers would be four times larger).
mod base64_bytes {
    use base64::Engine;
    use base64::engine::general_purpose::STANDARD;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&STANDARD.encode(bytes))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        let text = String::deserialize(d)?;
        STANDARD.decode(text).map_err(serde::de::Error::custom)
    }
}

/// A refusal that sending again will not change (an SMTP 5xx such as "550 no such user"). A
/// sender's error whose chain holds one is final; any other error is worth a retry.
#[derive(Debug, thiserror::Error)]
#[error("permanently refused: {0}")]
pub struct PermanentFailure(pub String);

/// Whether `error` is final (see [`PermanentFailure`]).
pub fn is_permanent(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| cause.is::<PermanentFailure>())
}

/// Where the e-mail's links go.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EmailLinks {
    pub dashboard: String,
    pub review: String,
    pub unsubscribe: String,
    pub preferences: String,
}

impl EmailLinks {
    /// The dashboard's pages under `public_url`; `unsubscribe` as given (a signed one-click
    /// link), or the e-mail settings page when there is none (a preview).
    pub fn under(public_url: &str, unsubscribe: Option<String>) -> Self {
        let base = public_url.trim_end_matches('/');
        let preferences = format!("{base}/settings/email-summaries");
        Self {
            dashboard: format!("{base}/"),
            review: format!("{base}/transactions?needs_review=true"),
            unsubscribe: unsubscribe.unwrap_or_else(|| preferences.clone()),
            preferences,
        }
    }
}

/// Writes a user's weekly summary e-mail. Analytics does, since it reads every owner's data;
/// notifications, which delivers it, sits below analytics, so the workers hand the writer
/// over in `JobContext`.
pub trait SummaryWriter: Send + Sync {
    /// The summary of ISO `week` ("2026-W48") for `user_id`, addressed to `to`, with
    /// `links.unsubscribe` as its one-click unsubscribe; `None` when the week was empty and
    /// the user chose no summary then.
    fn weekly_email<'a>(
        &'a self,
        user_id: uuid::Uuid,
        week: &'a str,
        to: &'a str,
        links: &'a EmailLinks,
    ) -> Pin<Box<dyn Future<Output = anyhow::Result<Option<OutgoingMail>>> + Send + 'a>>;
}

pub type SendResult<'a> = Pin<Box<dyn Future<Output = anyhow::Result<()>> + Send + 'a>>;

pub trait MailSender: Send + Sync {
    fn send(&self, mail: OutgoingMail) -> SendResult<'_>;
}

/// Queues `mail` for delivery. Queuing takes the same few milliseconds whatever the mail
/// server does, so answers do not reveal whether a message was sent.
pub async fn enqueue(db: &PgPool, mail: OutgoingMail) -> anyhow::Result<()> {
    let mut queue =
        PostgresStorage::<OutgoingMail>::new(db).with_config(Config::default().queue(QUEUE));
    queue
        .push(mail)
        .await
        .map_err(|e| anyhow::anyhow!("queueing an e-mail: {e}"))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_job_queued_before_the_new_fields_still_decodes() {
        let old = r#"{"to":"a@example.com","subject":"Hi","text":"Hello"}"#;
        let mail: OutgoingMail = serde_json::from_str(old).unwrap();
        assert_eq!(mail.html, None);
        assert!(mail.images.is_empty());
        assert_eq!(mail.unsubscribe, None);
    }

    #[test]
    fn image_bytes_round_trip_as_base64() {
        let image = InlineImage {
            cid: "chart".into(),
            content_type: "image/png".into(),
            bytes: vec![0x89, b'P', b'N', b'G', 0, 255],
        };
        let json = serde_json::to_string(&image).unwrap();
        assert!(json.contains("\"iVBORwD/\""), "{json}");
        assert_eq!(serde_json::from_str::<InlineImage>(&json).unwrap(), image);
    }
}
