//! An `OutgoingMail` as a MIME message: text alone, or multipart/alternative of the text and
//! a multipart/related of the HTML with its `cid:` images. The preview writes it as .eml;
//! the mailer can send the same message.

use anyhow::Context;
use kakeibo_core::mail::OutgoingMail;
use lettre::Message;
/// The sender's address, as `mime_message` takes it.
pub use lettre::message::Mailbox;
use lettre::message::header::ContentType;
use lettre::message::{Attachment, MultiPart, SinglePart};

pub fn mime_message(from: Mailbox, mail: &OutgoingMail) -> anyhow::Result<Message> {
    let builder = Message::builder()
        .from(from)
        .to(mail
            .to
            .parse()
            .with_context(|| format!("bad recipient {:?}", mail.to))?)
        .subject(mail.subject.clone());
    let Some(html) = &mail.html else {
        return Ok(builder
            .header(ContentType::TEXT_PLAIN)
            .body(mail.text.clone())?);
    };
    let mut related = MultiPart::related().singlepart(SinglePart::html(html.clone()));
    for image in &mail.images {
        let content_type = ContentType::parse(&image.content_type)
            .with_context(|| format!("bad image type {:?}", image.content_type))?;
        related = related.singlepart(
            Attachment::new_inline(image.cid.clone()).body(image.bytes.clone(), content_type),
        );
    }
    let alternative = MultiPart::alternative()
        .singlepart(SinglePart::plain(mail.text.clone()))
        .multipart(related);
    Ok(builder.multipart(alternative)?)
}
