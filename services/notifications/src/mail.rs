//! E-mail delivery with lettre: SMTP when `email.smtp_url` is set, otherwise each message is
//! written to `email.outbox_dir` as an .eml file, so a fresh install works with no mail server.
//!
//! A message with HTML is multipart/alternative: the plain text, then multipart/related with
//! the HTML and its inline images (`cid:`). A message with an unsubscribe URL carries
//! `List-Unsubscribe` and `List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 8058).
//! With `email.dkim_key_file` every message is DKIM-signed, those headers included.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context;
use kakeibo_core::config::EmailSettings;
use kakeibo_core::mail::{MailSender, OutgoingMail, PermanentFailure, SendResult};
use lettre::message::dkim::{
    DkimCanonicalization, DkimCanonicalizationType, DkimConfig, DkimSigningAlgorithm,
    DkimSigningKey,
};
use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use secrecy::ExposeSecret;

pub struct Mailer {
    from: Mailbox,
    transport: Transport,
    dkim: Option<Dkim>,
    /// Bounds one SMTP attempt, connecting to the last reply (lettre's own timeout covers
    /// only the connect of its async transport: a server that accepts and never greets
    /// would hold the worker forever).
    timeout: Duration,
}

enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Outbox(PathBuf),
}

/// Two signing configurations over the same key: lettre signs exactly the headers listed, so
/// a message with the unsubscribe headers needs them listed (RFC 8058 asks that they be
/// signed) and one without needs them left out.
struct Dkim {
    plain: DkimConfig,
    with_unsubscribe: DkimConfig,
}

const LIST_UNSUBSCRIBE: &str = "List-Unsubscribe";
const LIST_UNSUBSCRIBE_POST: &str = "List-Unsubscribe-Post";

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
            Transport::Outbox(settings.outbox_dir.clone())
        } else {
            Transport::Smtp(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .context("email.smtp_url is not a valid SMTP URL")?
                    .timeout(Some(Duration::from_secs(settings.smtp_timeout_secs)))
                    .build(),
            )
        };
        let dkim = match &settings.dkim_key_file {
            None => None,
            Some(path) => Some(Dkim::load(
                path,
                &settings.dkim_selector,
                &settings.dkim_domain,
            )?),
        };
        Ok(Self {
            from,
            transport,
            dkim,
            timeout: Duration::from_secs(settings.smtp_timeout_secs),
        })
    }

    /// Builds the message as it goes out (also what the preview writes as .eml).
    pub fn message(&self, mail: OutgoingMail) -> anyhow::Result<Message> {
        let to: Mailbox = mail
            .to
            .parse()
            .map_err(|e| PermanentFailure(format!("bad recipient {:?}: {e}", mail.to)))?;
        let mut builder = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(mail.subject);
        if let Some(unsubscribe) = &mail.unsubscribe {
            builder = builder
                .raw_header(HeaderValue::new(
                    HeaderName::new_from_ascii_str(LIST_UNSUBSCRIBE),
                    format!("<{}>", unsubscribe.url),
                ))
                .raw_header(HeaderValue::new(
                    HeaderName::new_from_ascii_str(LIST_UNSUBSCRIBE_POST),
                    "List-Unsubscribe=One-Click".to_string(),
                ));
        }
        let mut message = match mail.html {
            None => builder.header(ContentType::TEXT_PLAIN).body(mail.text)?,
            Some(html) => {
                let mut related = MultiPart::related().singlepart(SinglePart::html(html));
                for image in mail.images {
                    let content_type =
                        ContentType::parse(&image.content_type).with_context(|| {
                            format!("bad image content type {:?}", image.content_type)
                        })?;
                    related = related.singlepart(
                        Attachment::new_inline(image.cid).body(image.bytes, content_type),
                    );
                }
                builder.multipart(
                    MultiPart::alternative()
                        .singlepart(SinglePart::plain(mail.text))
                        .multipart(related),
                )?
            }
        };
        if let Some(dkim) = &self.dkim {
            message.sign(if mail.unsubscribe.is_some() {
                &dkim.with_unsubscribe
            } else {
                &dkim.plain
            });
        }
        Ok(message)
    }

    pub async fn deliver(&self, mail: OutgoingMail) -> anyhow::Result<()> {
        let message = self.message(mail)?;
        match &self.transport {
            Transport::Smtp(smtp) => tokio::time::timeout(self.timeout, smtp.send(message))
                .await
                .map_err(|_| {
                    anyhow::anyhow!(
                        "the SMTP server did not answer within {:?} (timed out; will retry)",
                        self.timeout
                    )
                })?
                .map_err(classify)?,
            Transport::Outbox(dir) => {
                let id = uuid::Uuid::new_v4().to_string();
                write_to_outbox(dir, &id, &message.formatted())
                    .await
                    .with_context(|| {
                        format!("cannot write to the outbox {} (will retry)", dir.display())
                    })?;
                tracing::info!(outbox = %dir.display(), %id, "e-mail written to the outbox (no SMTP configured)");
                return Ok(());
            }
        };
        Ok(())
    }
}

/// A 5xx reply is final (the address does not exist, the message is refused); anything else
/// (4xx, a refused connection, a timeout, TLS trouble) may pass on a later attempt.
fn classify(error: lettre::transport::smtp::Error) -> anyhow::Error {
    if error.is_permanent() {
        anyhow::Error::new(PermanentFailure(error.to_string()))
    } else {
        anyhow::Error::new(error).context("the SMTP server did not take the message (will retry)")
    }
}

impl Dkim {
    fn load(path: &std::path::Path, selector: &str, domain: &str) -> anyhow::Result<Self> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read email.dkim_key_file {}", path.display()))?;
        let algorithm = if text.contains("BEGIN RSA PRIVATE KEY") {
            DkimSigningAlgorithm::Rsa
        } else {
            DkimSigningAlgorithm::Ed25519
        };
        let key = || {
            DkimSigningKey::new(text.trim(), algorithm).map_err(|e| {
                anyhow::anyhow!(
                    "email.dkim_key_file {} is neither an RSA PKCS#1 PEM key nor a base64 Ed25519 seed: {e}",
                    path.display()
                )
            })
        };
        let config = |headers: &[&'static str]| -> anyhow::Result<DkimConfig> {
            Ok(DkimConfig::new(
                selector.to_string(),
                domain.to_string(),
                key()?,
                headers
                    .iter()
                    .map(|h| HeaderName::new_from_ascii_str(h))
                    .collect(),
                DkimCanonicalization {
                    header: DkimCanonicalizationType::Relaxed,
                    body: DkimCanonicalizationType::Relaxed,
                },
            ))
        };
        const SIGNED: [&str; 5] = ["From", "To", "Subject", "Date", "Content-Type"];
        let mut with_unsubscribe = SIGNED.to_vec();
        with_unsubscribe.extend([LIST_UNSUBSCRIBE, LIST_UNSUBSCRIBE_POST]);
        Ok(Self {
            plain: config(&SIGNED)?,
            with_unsubscribe: config(&with_unsubscribe)?,
        })
    }
}

/// Writes one message as `ID.eml`, whole or not at all: into a hidden temporary file first,
/// renamed when complete, so a full or read-only disk leaves no truncated message behind for
/// whoever reads the outbox (lettre's file transport writes `ID.eml` in place, and a disk
/// that filled up half-way left an empty or cut-off `.eml` beside the retry's good one).
async fn write_to_outbox(dir: &std::path::Path, id: &str, message: &[u8]) -> std::io::Result<()> {
    let partial = dir.join(format!(".{id}.eml.partial"));
    let written = async {
        let mut file = tokio::fs::File::create(&partial).await?;
        tokio::io::AsyncWriteExt::write_all(&mut file, message).await?;
        // tokio writes in the background: only `flush` reports a failed write (`sync_all`
        // does not, and a full disk then left an empty message renamed into place).
        tokio::io::AsyncWriteExt::flush(&mut file).await?;
        file.sync_all().await?;
        tokio::fs::rename(&partial, dir.join(format!("{id}.eml"))).await
    }
    .await;
    if written.is_err() {
        tokio::fs::remove_file(&partial).await.ok();
    }
    written
}

impl MailSender for Mailer {
    fn send(&self, mail: OutgoingMail) -> SendResult<'_> {
        Box::pin(self.deliver(mail))
    }
}

#[cfg(test)]
mod tests {
    use kakeibo_core::mail::{InlineImage, Unsubscribe};

    use super::*;

    fn outbox_mailer(dir: &std::path::Path) -> Mailer {
        let mut settings = kakeibo_core::Settings::default().email;
        settings.outbox_dir = dir.to_path_buf();
        Mailer::from_settings(&settings).unwrap()
    }

    #[test]
    fn html_mail_is_alternative_with_related_images_and_unsubscribe_headers() {
        let dir = std::env::temp_dir().join(format!("kakeibo-mail-{}", uuid::Uuid::new_v4()));
        let mailer = outbox_mailer(&dir);
        let message = mailer
            .message(OutgoingMail {
                to: "ana@example.com".into(),
                subject: "Your week".into(),
                text: "plain words".into(),
                html: Some("<img src=\"cid:chart\">".into()),
                images: vec![InlineImage {
                    cid: "chart".into(),
                    content_type: "image/png".into(),
                    bytes: vec![1, 2, 3],
                }],
                unsubscribe: Some(Unsubscribe {
                    url: "https://k.example/api/v1/unsubscribe?token=abc".into(),
                }),
            })
            .unwrap();
        let raw = String::from_utf8(message.formatted()).unwrap();
        std::fs::remove_dir_all(&dir).ok();
        assert!(raw.contains("List-Unsubscribe: <https://k.example/api/v1/unsubscribe?token=abc>"));
        assert!(raw.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"));
        let alternative = raw.find("multipart/alternative").unwrap();
        let related = raw.find("multipart/related").unwrap();
        let html = raw.find("text/html").unwrap();
        assert!(alternative < raw.find("text/plain").unwrap());
        assert!(alternative < related && related < html);
        assert!(raw.contains("Content-ID: <chart>"));
    }

    /// A disk that fills up while a message is written (`/dev/full` stands in for it) leaves
    /// nothing in the outbox: no truncated `.eml`, no temporary file.
    #[tokio::test]
    async fn a_failed_outbox_write_leaves_no_partial_message() {
        let dir = std::env::temp_dir().join(format!("kakeibo-mail-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).unwrap();
        std::os::unix::fs::symlink("/dev/full", dir.join(".m1.eml.partial")).unwrap();
        let failed = write_to_outbox(&dir, "m1", &[b'x'; 64 * 1024]).await;
        let left: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        write_to_outbox(&dir, "m2", b"Subject: hi").await.unwrap();
        let written = std::fs::read(dir.join("m2.eml")).unwrap();
        let after: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        std::fs::remove_dir_all(&dir).ok();
        assert!(failed.is_err());
        assert!(left.is_empty(), "left behind: {left:?}");
        assert_eq!(written, b"Subject: hi");
        assert_eq!(after, ["m2.eml"]);
    }

    #[test]
    fn a_bad_recipient_is_permanent() {
        let dir = std::env::temp_dir().join(format!("kakeibo-mail-{}", uuid::Uuid::new_v4()));
        let mailer = outbox_mailer(&dir);
        let error = mailer
            .message(OutgoingMail {
                to: "not an address".into(),
                ..OutgoingMail::default()
            })
            .unwrap_err();
        std::fs::remove_dir_all(&dir).ok();
        assert!(kakeibo_core::mail::is_permanent(&error), "{error:#}");
    }
}
