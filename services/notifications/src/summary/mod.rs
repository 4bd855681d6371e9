// placeholder until M1's summary lands: only the contract's types (issue 22's
// s32-mail-contract) and `weekly_email`'s signature, so delivery and its tests compile. M1's
// module replaces this file whole; nothing here is the summary's content.
//! The weekly summary's content (placeholder: see the comment above).

use chrono::IsoWeek;
use kakeibo_core::mail::{InlineImage, OutgoingMail, Unsubscribe};
use sqlx::PgPool;
use uuid::Uuid;

/// Where the e-mail's links go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmailLinks {
    pub dashboard: String,
    pub review: String,
    pub unsubscribe: String,
    pub preferences: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedEmail {
    pub subject: String,
    pub html: String,
    pub text: String,
    pub images: Vec<InlineImage>,
}

impl RenderedEmail {
    pub fn into_mail(self, to: &str, unsubscribe: Option<Unsubscribe>) -> OutgoingMail {
        OutgoingMail {
            to: to.to_string(),
            subject: self.subject,
            text: self.text,
            html: Some(self.html),
            images: self.images,
            unsubscribe,
        }
    }
}

/// The user's summary of `week`; `None` when the week was empty and the user chose no
/// summary then. (Placeholder body until M1's summary lands.)
pub async fn weekly_email(
    _db: &PgPool,
    _user_id: Uuid,
    week: IsoWeek,
    links: &EmailLinks,
) -> anyhow::Result<Option<RenderedEmail>> {
    let week = format!("{}-W{:02}", week.year(), week.week());
    Ok(Some(RenderedEmail {
        subject: "Your week".into(),
        html: format!(
            "<p>Week {week}</p><p><a href=\"{}\">Unsubscribe</a></p>",
            links.unsubscribe
        ),
        text: format!("Week {week}\n\nUnsubscribe: {}\n", links.unsubscribe),
        images: Vec::new(),
    }))
}
