//! The preview: a user with nothing booked gets the short summary (never an error), a
//! malformed week is a 422, no token is a 401, and the MIME message has the text, the HTML
//! and the chart the HTML names by Content-ID.

use kakeibo_analytics::weekly_summary::weekly_email;
use kakeibo_notifications::summary::message::mime_message;
use kakeibo_notifications::summary::{EmailLinks, IsoWeek};
use mail_parser::{MessageParser, MimeHeaders, PartType};
use reqwest::{Method, StatusCode};
use rust_decimal_macros::dec;

use super::{account_in, ana_in, booked, call, slug};

#[tokio::test]
async fn a_user_with_nothing_booked_gets_the_short_summary() -> anyhow::Result<()> {
    let (app, ana) = ana_in("Europe/Berlin").await?;
    let (status, body) = call(
        &app,
        &ana,
        Method::GET,
        "/notifications/email/preview?week=2026-W48",
        None,
    )
    .await?;
    assert_eq!(status, StatusCode::OK, "{body}");
    let text = body["text"].as_str().unwrap();
    assert!(text.contains("Nothing was booked last week."), "{text}");
    assert_eq!(
        body["subject"],
        "Your week, 23–29 November 2026: a quiet one"
    );
    assert!(!body["html"].as_str().unwrap().contains("<img"));
    // Without a week: the last whole week of the user's calendar.
    let (status, body) = call(
        &app,
        &ana,
        Method::GET,
        "/notifications/email/preview",
        None,
    )
    .await?;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body["week"].as_str().unwrap().contains("-W"));
    Ok(())
}

#[tokio::test]
async fn bad_weeks_and_no_token_are_refused() -> anyhow::Result<()> {
    let (app, ana) = ana_in("UTC").await?;
    for bad in ["2026-W54", "2025-W53", "2026-48", "next", "2026-W00"] {
        let (status, body) = call(
            &app,
            &ana,
            Method::GET,
            &format!("/notifications/email/preview?week={bad}"),
            None,
        )
        .await?;
        kakeibo_tests::http::assert_invalid(status, &body, "week");
    }
    let anonymous = reqwest::Client::new()
        .get(app.url("/api/v1/notifications/email/preview"))
        .send()
        .await?;
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    Ok(())
}

#[tokio::test]
async fn the_message_is_alternative_with_the_chart_inline() -> anyhow::Result<()> {
    let (app, ana) = ana_in("Europe/Berlin").await?;
    let giro = account_in(&app, &ana, "Giro", "checking", "EUR").await?;
    let groceries = slug(&app, &ana, "food.groceries").await?;
    booked(
        &app,
        &ana,
        giro,
        "2026-11-24 12:00 Europe/Berlin",
        dec!(-42.5),
        Some(groceries),
        "Rewe",
    )
    .await?;
    let week: IsoWeek = "2026-W48".parse()?;
    let links = EmailLinks::under("https://kakeibo.example", None);
    let rendered = weekly_email(&app.db.pool, ana.id, week, &links)
        .await?
        .expect("a summary");
    let mail = rendered.into_mail("ana@example.com", None);
    let raw = mime_message("Kakeibo <kakeibo@example.com>".parse()?, &mail)?.formatted();

    let parsed = MessageParser::default()
        .parse(&raw[..])
        .expect("a MIME message");
    assert_eq!(
        parsed.subject(),
        Some("Your week, 23–29 November 2026: 42.50 EUR spent")
    );
    let root = parsed.root_part();
    assert_eq!(root.content_type().unwrap().subtype(), Some("alternative"));
    let text = parsed.body_text(0).expect("a text part");
    assert!(text.contains("Spending: 42.50 EUR"), "{text}");
    let html = parsed.body_html(0).expect("an HTML part");
    // The HTML names the image by its Content-ID; the image is a PNG part of the related
    // group, inline.
    let images: Vec<_> = parsed
        .parts
        .iter()
        .filter(|p| p.content_type().is_some_and(|c| c.ctype() == "image"))
        .collect();
    assert_eq!(images.len(), 1);
    let cid = images[0].content_id().expect("a Content-ID");
    assert!(html.contains(&format!("src=\"cid:{cid}\"")), "{html}");
    assert!(matches!(
        images[0].body,
        PartType::InlineBinary(_) | PartType::Binary(_)
    ));
    assert_eq!(&images[0].contents()[..4], b"\x89PNG");
    let related = parsed.parts.iter().any(|p| {
        p.content_type()
            .is_some_and(|c| c.subtype() == Some("related"))
    });
    assert!(related, "no multipart/related part");
    Ok(())
}
