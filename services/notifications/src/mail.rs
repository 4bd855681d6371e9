//! E-mail delivery with lettre: SMTP when `email.smtp_url` is set, otherwise each message is
//! written to `email.outbox_dir` as an .eml file, so a fresh install works with no mail server.

use std::path::PathBuf;

use anyhow::Context;
use kakeibo_core::config::EmailSettings;
use kakeibo_core::mail::{MailSender, OutgoingMail, SendResult};
use lettre::message::{Mailbox, header::ContentType};
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use secrecy::ExposeSecret;

pub struct Mailer {
    from: Mailbox,
    transport: Transport,
}

enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Outbox(AsyncFileTransport<Tokio1Executor>, PathBuf),
}

impl Mailer {
    pub fn from_settings(settings: &EmailSettings) -> anyhow::Result<Self> {
        let from: Mailbox = settings
            .from
            .parse()
            .with_context(|| format!("email.from {:?} is not an address", settings.from))?;
        let url = settings.smtp_url.expose_secret();
        let transport = if url.is_empty() {
            std::fs::create_dir_all(&settings.outbox_dir).with_context(|| {
                format!("cannot create the outbox {}", settings.outbox_dir.display())
            })?;
            Transport::Outbox(
                AsyncFileTransport::new(&settings.outbox_dir),
                settings.outbox_dir.clone(),
            )
        } else {
            Transport::Smtp(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .context("email.smtp_url is not a valid SMTP URL")?
                    .build(),
            )
        };
        Ok(Self { from, transport })
    }

    pub async fn deliver(&self, mail: OutgoingMail) -> anyhow::Result<()> {
        let message = Message::builder()
            .from(self.from.clone())
            .to(mail
                .to
                .parse()
                .with_context(|| format!("bad recipient {:?}", mail.to))?)
            .subject(mail.subject)
            .header(ContentType::TEXT_PLAIN)
            .body(mail.text)?;
        match &self.transport {
            Transport::Smtp(smtp) => {
                smtp.send(message)
                    .await
                    .context("the SMTP server refused the message")?;
            }
            Transport::Outbox(files, dir) => {
                let id = files
                    .send(message)
                    .await
                    .context("cannot write to the outbox")?;
                tracing::info!(outbox = %dir.display(), %id, "e-mail written to the outbox (no SMTP configured)");
            }
        }
        Ok(())
    }
}

impl MailSender for Mailer {
    fn send(&self, mail: OutgoingMail) -> SendResult<'_> {
        Box::pin(self.deliver(mail))
    }
}
