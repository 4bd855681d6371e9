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

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct OutgoingMail {
    pub to: String,
    pub subject: String,
    pub text: String,
    #[serde(default)]
    pub html: Option<String>,
    /// multipart/related parts referenced as cid:<cid>
    #[serde(default)]
    pub images: Vec<InlineImage>,
    /// List-Unsubscribe (+ -Post, RFC 8058)
    #[serde(default)]
    pub unsubscribe: Option<Unsubscribe>,
}

/// An image the HTML part shows as `cid:<cid>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InlineImage {
    pub cid: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
}

/// The one-click POST target, also the https link in the body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unsubscribe {
    pub url: String,
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
