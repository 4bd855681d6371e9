//! The weekly summary e-mail and the alert e-mails' layout: facts (computed by
//! `kakeibo_analytics::weekly_summary`, which can read every owner's data; this crate sits
//! below analytics and budget), worded in the reader's language by minijinja templates
//! embedded in the binary, HTML (table layout, inline CSS, 600 px, light and dark) and
//! plain text from the same view, and the spending chart as an inline PNG.

pub mod chart;
pub mod facts;
pub mod message;
mod view;
pub mod week;
mod words;
pub use words::Lang;

use std::sync::OnceLock;

use base64::Engine;
use kakeibo_core::mail::{InlineImage, OutgoingMail, Unsubscribe};
use minijinja::Environment;
use serde::Serialize;

pub use facts::WeeklyFacts;
pub use week::{BadWeek, IsoWeek};

pub use kakeibo_core::mail::EmailLinks;

/// A rendered e-mail: subject, both bodies, and the images the HTML shows as `cid:`.
#[derive(Debug, Clone)]
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

    /// The HTML with each `cid:` image inlined as a `data:` URI, so a browser shows it
    /// (the preview file and the dashboard's preview).
    pub fn html_with_data_uris(&self) -> String {
        let mut html = self.html.clone();
        for image in &self.images {
            let data = base64::engine::general_purpose::STANDARD.encode(&image.bytes);
            html = html.replace(
                &format!("\"cid:{}\"", image.cid),
                &format!("\"data:{};base64,{data}\"", image.content_type),
            );
        }
        html
    }
}

fn templates() -> &'static Environment<'static> {
    static ENV: OnceLock<Environment<'static>> = OnceLock::new();
    ENV.get_or_init(|| {
        let mut env = Environment::new();
        env.set_syntax(
            minijinja::syntax::SyntaxConfig::builder()
                .trim_blocks(true)
                .lstrip_blocks(true)
                .build()
                .expect("the default delimiters are valid"),
        );
        let sources = [
            ("layout.html", include_str!("templates/layout.html")),
            ("section.html", include_str!("templates/section.html")),
            ("weekly.html", include_str!("templates/weekly.html")),
            ("weekly.txt", include_str!("templates/weekly.txt")),
            ("alert.html", include_str!("templates/alert.html")),
            ("alert.txt", include_str!("templates/alert.txt")),
        ];
        for (name, source) in sources {
            env.add_template(name, source)
                .unwrap_or_else(|e| panic!("template {name} does not parse: {e}"));
        }
        env
    })
}

fn render_template<S: Serialize>(name: &str, context: &S) -> String {
    // The templates are fixed and the contexts are ours: an error is a bug, caught by the
    // tests that render each template.
    templates()
        .get_template(name)
        .and_then(|t| t.render(minijinja::value::Serde(context)))
        .unwrap_or_else(|e| panic!("rendering {name}: {e:#}"))
}

/// The weekly summary in the reader's `locale`: the short, friendly version for a week
/// with nothing booked.
pub fn render_weekly(facts: &WeeklyFacts, locale: &str, links: &EmailLinks) -> RenderedEmail {
    let lang = Lang::of(locale);
    let view = view::weekly(facts, lang, links);
    let images = facts
        .currencies
        .iter()
        .filter(|c| c.transactions > 0)
        .filter_map(
            |c| match chart::spending_by_day(lang, &c.by_weekday, &c.currency) {
                Ok(image) => Some(image),
                Err(e) => {
                    // The figures are in the tables and the alt text; a chart that fails to
                    // draw must not cost the user the summary.
                    tracing::error!(error = %e, "the weekly chart could not be drawn");
                    None
                }
            },
        )
        .collect::<Vec<_>>();
    let mut view = view;
    for c in &mut view.currencies {
        if c.chart
            .as_ref()
            .is_some_and(|chart| !images.iter().any(|i| i.cid == chart.cid))
        {
            c.chart = None;
        }
    }
    RenderedEmail {
        subject: view.subject.clone(),
        html: render_template("weekly.html", &view),
        text: render_template("weekly.txt", &view),
        images,
    }
}

#[derive(Serialize)]
struct AlertView<'a> {
    lang: &'static str,
    subject: String,
    heading: String,
    subheading: &'static str,
    why: &'static str,
    alerts: Vec<Alert<'a>>,
    links: &'a EmailLinks,
    t: std::collections::BTreeMap<&'static str, &'static str>,
}

#[derive(Serialize)]
struct Alert<'a> {
    title: &'a str,
    body: &'a str,
}

/// Notification e-mails in the summary's layout: one alert (its title is the subject and
/// the heading), or several grouped (after quiet hours or as the digest).
pub fn render_alert_email(
    alerts: &[(String, String)],
    locale: &str,
    links: &EmailLinks,
) -> RenderedEmail {
    let lang = Lang::of(locale);
    let subject = match alerts {
        [(title, _)] => title.clone(),
        many => crate::render::group_title(many.len(), locale),
    };
    let heading = match alerts {
        [(title, _)] => title.clone(),
        _ => lang.phrase("notifications").to_string(),
    };
    let view = AlertView {
        lang: lang.code(),
        subject: subject.clone(),
        heading,
        subheading: "",
        why: lang.phrase("alert_why"),
        alerts: alerts
            .iter()
            .map(|(title, body)| Alert { title, body })
            .collect(),
        links,
        t: view::phrases(lang),
    };
    if alerts.is_empty() {
        // Nothing to say: an empty message rather than a panic in a template.
        return RenderedEmail {
            subject,
            html: String::new(),
            text: String::new(),
            images: Vec::new(),
        };
    }
    RenderedEmail {
        subject,
        html: render_template("alert.html", &view),
        text: render_template("alert.txt", &view),
        images: Vec::new(),
    }
}

#[cfg(test)]
mod tests;
