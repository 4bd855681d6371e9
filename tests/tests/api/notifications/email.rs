//! E-mail through a real SMTP server (aiosmtpd): the summary's MIME structure and headers, an
//! inline image as a CID part, DKIM, the one-click unsubscribe end to end, forged and expired
//! links, and the server's refusals: 550 stops at once, 451, a refused connection and a
//! timeout are retried with backoff, and every outcome shows in the delivery history.

use std::sync::Arc;

use base64::Engine;
use kakeibo_core::jobs::JobContext;
use kakeibo_core::mail::{InlineImage, OutgoingMail, Unsubscribe};
use kakeibo_notifications::delivery::{self, Delivery};
use kakeibo_notifications::outbox::{self, Outcome};
use kakeibo_notifications::unsubscribe::Signer;
use kakeibo_notifications::weekly::schedule_due;
use kakeibo_tests::mime::{self, ParsedMail};
use kakeibo_tests::smtp::SmtpServer;
use kakeibo_tests::{TestApp, TestUser};
use reqwest::{Method, StatusCode};
use secrecy::SecretString;
use serde_json::{Value, json};

use super::weekly::{job_of, user_in};
use super::{at, emit, rows_on};

/// The workers' context, sending through `smtp_url`.
fn smtp_context(app: &TestApp, smtp_url: &str) -> anyhow::Result<JobContext> {
    let mut settings = app.settings.clone();
    settings.email.smtp_url = SecretString::from(smtp_url.to_string());
    settings.email.smtp_timeout_secs = 2;
    Ok(JobContext {
        replica: None,
        db: app.db.pool.clone(),
        mailer: kakeibo_server::jobs::mailer(&settings)?,
        settings: Arc::new(settings),
        chat: None,
        summaries: Some(Arc::new(
            kakeibo_analytics::weekly_summary::WeeklySummaries {
                db: app.db.pool.clone(),
            },
        )),
    })
}

fn received(smtp: &SmtpServer) -> anyhow::Result<Vec<ParsedMail>> {
    smtp.received()?
        .iter()
        .map(|raw| mime::parse(raw))
        .collect()
}

/// The path and query of a link to this app (the links carry `server.public_url`).
fn local_path(link: &str) -> String {
    let url = url::Url::parse(link).expect("a URL");
    format!("{}?{}", url.path(), url.query().unwrap_or_default())
}

async fn weekly_email_on(app: &TestApp, user: &TestUser) -> anyhow::Result<bool> {
    let prefs: Value = app
        .as_user(user, Method::GET, "/notifications/preferences")
        .send()
        .await?
        .json()
        .await?;
    Ok(prefs["weekly_summary"]["enabled"] == json!(true))
}

#[tokio::test]
async fn the_summary_arrives_multipart_and_its_one_click_unsubscribe_works() -> anyhow::Result<()> {
    let smtp = SmtpServer::start()?;
    let app = TestApp::spawn().await?;
    let ana = user_in(&app, "ana@example.com", "Europe/Berlin").await?;
    let context = smtp_context(&app, &smtp.url())?;
    let now = at("2026-12-07T07:00:00Z");
    let scheduled = schedule_due(&app.db.pool, now).await?;
    assert_eq!(scheduled.len(), 1);
    assert_eq!(
        delivery::deliver(&context, &job_of(&scheduled[0]), now).await?,
        Some(Outcome::Sent)
    );

    let mails = received(&smtp)?;
    assert_eq!(mails.len(), 1);
    let mail = &mails[0];
    assert_eq!(mail.header("To"), Some("ana@example.com"));
    assert_eq!(
        mail.structure,
        "multipart/alternative(text/plain, multipart/related(text/html))"
    );
    assert_eq!(
        mail.header("List-Unsubscribe-Post"),
        Some("List-Unsubscribe=One-Click")
    );
    let header = mail.header("List-Unsubscribe").unwrap();
    let link = header
        .strip_prefix('<')
        .and_then(|h| h.strip_suffix('>'))
        .unwrap();
    assert!(
        link.starts_with("http://localhost:8080/api/v1/unsubscribe?token="),
        "{link}"
    );
    // The same link is in the body, for a person to click.
    assert!(mail.text()?.contains(link), "{}", mail.text()?);
    let html = mail.part("text/html").unwrap().text.as_deref().unwrap();
    assert!(unescape_html(html).contains(link), "{html}");

    // Following the link (as a mail scanner does) changes nothing: it shows a button.
    let path = local_path(link);
    let page = app.client.get(app.url(&path)).send().await?;
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await?;
    assert!(
        html.contains("the weekly summary") && html.contains("<button"),
        "{html}"
    );
    assert!(weekly_email_on(&app, &ana).await?);

    // The mail client's one-click POST (RFC 8058), no login.
    let done = app
        .client
        .post(app.url(&path))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await?;
    assert_eq!(done.status(), StatusCode::OK);
    assert!(!weekly_email_on(&app, &ana).await?);
    // Twice is harmless.
    let again = app
        .client
        .post(app.url(&path))
        .body("List-Unsubscribe=One-Click")
        .send()
        .await?;
    assert_eq!(again.status(), StatusCode::OK);

    // No more summaries.
    assert!(
        schedule_due(&app.db.pool, at("2026-12-14T07:00:00Z"))
            .await?
            .is_empty()
    );
    assert_eq!(received(&smtp)?.len(), 1);
    Ok(())
}

#[tokio::test]
async fn forged_expired_or_bare_requests_change_nothing() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let ana = user_in(&app, "ana@example.com", "Europe/Berlin").await?;
    let keys = kakeibo_core::auth::TokenKeys::load_or_create(
        &app.settings.auth.signing_key_file,
        "kakeibo",
    )?;
    let signer = Signer::from_token_keys(&keys);
    let post = |token: String| {
        app.client
            .post(app.url(&format!("/api/v1/unsubscribe?token={token}")))
            .body("List-Unsubscribe=One-Click")
            .send()
    };

    // Signed with another key (a forger's), or edited.
    let other = Signer::from_token_keys(&kakeibo_core::auth::TokenKeys::from_signing_key(
        &ed25519_dalek::SigningKey::from_bytes(&[9; 32]),
        "kakeibo",
    ));
    let forged = other.sign(ana.id, &["weekly_summary"], chrono::Utc::now());
    let response = post(forged.clone()).await?;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert!(response.text().await?.contains("not valid"));
    let get = app
        .client
        .get(app.url(&format!("/api/v1/unsubscribe?token={forged}")))
        .send()
        .await?;
    assert_eq!(get.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        post("nonsense".into()).await?.status(),
        StatusCode::BAD_REQUEST
    );

    // A real link, but 200 days old (links live 180 days).
    let old = signer.sign(
        ana.id,
        &["weekly_summary"],
        chrono::Utc::now() - chrono::Duration::days(200),
    );
    let response = post(old).await?;
    assert_eq!(response.status(), StatusCode::GONE);
    assert!(response.text().await?.contains("expired"));

    // A real, fresh link posted without the one-click body (not what RFC 8058 clients send).
    let fresh = signer.sign(ana.id, &["weekly_summary"], chrono::Utc::now());
    let bare = app
        .client
        .post(app.url(&format!("/api/v1/unsubscribe?token={fresh}")))
        .send()
        .await?;
    assert_eq!(bare.status(), StatusCode::BAD_REQUEST);

    assert!(weekly_email_on(&app, &ana).await?, "still subscribed");
    Ok(())
}

#[tokio::test]
async fn a_german_reader_gets_the_pages_in_german() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let lena = user_in(&app, "lena@example.com", "Europe/Berlin").await?;
    sqlx::query("UPDATE users SET locale = 'de-DE' WHERE id = $1")
        .bind(lena.id)
        .execute(&app.db.pool)
        .await?;
    let keys = kakeibo_core::auth::TokenKeys::load_or_create(
        &app.settings.auth.signing_key_file,
        "kakeibo",
    )?;
    let token =
        Signer::from_token_keys(&keys).sign(lena.id, &["weekly_summary"], chrono::Utc::now());
    let url = app.url(&format!("/api/v1/unsubscribe?token={token}"));

    // The user's language, whatever the browser says.
    let page = app
        .client
        .get(&url)
        .header("accept-language", "en-US")
        .send()
        .await?;
    assert_eq!(page.status(), StatusCode::OK);
    let page = page.text().await?;
    assert!(page.contains("<html lang=\"de\">"), "{page}");
    assert!(
        page.contains("E-Mails der Wochenübersicht abbestellen?"),
        "{page}"
    );
    assert!(
        weekly_email_on(&app, &lena).await?,
        "showing the page changes nothing"
    );
    let done = app
        .client
        .post(&url)
        .body("List-Unsubscribe=One-Click")
        .send()
        .await?;
    assert_eq!(done.status(), StatusCode::OK);
    assert!(
        done.text()
            .await?
            .contains("Du bekommst keine E-Mails der Wochenübersicht mehr.")
    );
    assert!(!weekly_email_on(&app, &lena).await?);

    // A link that names nobody: the browser's language.
    let forged = app
        .client
        .get(app.url("/api/v1/unsubscribe?token=nonsense"))
        .header("accept-language", "de-AT,de;q=0.9,en;q=0.5")
        .send()
        .await?;
    assert_eq!(forged.status(), StatusCode::BAD_REQUEST);
    assert!(forged.text().await?.contains("Dieser Link ist ungültig"));
    Ok(())
}

#[tokio::test]
async fn an_inline_image_is_a_related_cid_part_and_dkim_signs_the_unsubscribe_headers()
-> anyhow::Result<()> {
    let smtp = SmtpServer::start()?;
    let app = TestApp::spawn().await?;
    let key_file = app.db.outbox_dir().with_file_name("dkim.key");
    std::fs::write(
        &key_file,
        base64::engine::general_purpose::STANDARD.encode([7u8; 32]),
    )?;
    let mut settings = app.settings.clone();
    settings.email.smtp_url = SecretString::from(smtp.url());
    settings.email.dkim_key_file = Some(key_file);
    settings.email.dkim_selector = "mail".into();
    settings.email.dkim_domain = "example.com".into();
    let mailer = kakeibo_server::jobs::mailer(&settings)?;
    // A 1×1 PNG.
    let png = base64::engine::general_purpose::STANDARD.decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
    )?;
    mailer
        .send(OutgoingMail {
            to: "ana@example.com".into(),
            subject: "Your week".into(),
            text: "Spending per day: see the chart.".into(),
            html: Some(
                "<p><img src=\"cid:chart\" alt=\"Spending per day\" width=\"560\"></p>".into(),
            ),
            images: vec![InlineImage {
                cid: "chart".into(),
                content_type: "image/png".into(),
                bytes: png.clone(),
            }],
            unsubscribe: Some(Unsubscribe {
                url: "https://kakeibo.example/api/v1/unsubscribe?token=t".into(),
            }),
        })
        .await?;

    let mails = received(&smtp)?;
    let mail = &mails[0];
    assert_eq!(
        mail.structure,
        "multipart/alternative(text/plain, multipart/related(text/html, image/png))"
    );
    let image = mail.part("image/png").unwrap();
    assert_eq!(image.content_id.as_deref(), Some("<chart>"));
    assert_eq!(image.disposition.as_deref(), Some("inline"));
    assert_eq!(image.bytes, png);
    assert!(
        mail.part("text/html")
            .unwrap()
            .text
            .as_deref()
            .unwrap()
            .contains("cid:chart")
    );
    let signature = mail.header("DKIM-Signature").expect("signed");
    assert!(
        signature.contains("d=example.com") && signature.contains("s=mail"),
        "{signature}"
    );
    assert!(signature.contains("a=ed25519-sha256"), "{signature}");
    let signed = signature
        .split(';')
        .find_map(|tag| tag.trim().strip_prefix("h="))
        .unwrap()
        .to_ascii_lowercase();
    assert!(
        signed.contains("list-unsubscribe") && signed.contains("list-unsubscribe-post"),
        "{signed}"
    );
    Ok(())
}

/// Budget alerts on e-mail for the user; one alert at `now`, and its e-mail job.
async fn email_alert(
    app: &TestApp,
    user: &TestUser,
    key: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> anyhow::Result<Delivery> {
    kakeibo_notifications::set_channel_enabled(
        &app.db.pool,
        user.id,
        "budget_threshold",
        "email",
        true,
    )
    .await?;
    let notified = emit(app, user.id, key, now).await?;
    Ok(Delivery {
        user_id: user.id,
        channel: "email".into(),
        notification_ids: notified
            .rows
            .iter()
            .filter(|(_, c)| *c == "email")
            .map(|(id, _)| *id)
            .collect(),
    })
}

async fn history(app: &TestApp, user: &TestUser) -> anyhow::Result<Vec<Value>> {
    let page: Value = app
        .as_user(user, Method::GET, "/notifications/deliveries")
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    Ok(page["deliveries"].as_array().cloned().unwrap_or_default())
}

#[tokio::test]
async fn an_unknown_address_stops_after_the_first_550() -> anyhow::Result<()> {
    let smtp = SmtpServer::start()?;
    let app = TestApp::spawn().await?;
    let nobody = app.verified_user("nobody@example.com").await?;
    let now = at("2099-03-01T12:00:00Z");
    let job = email_alert(&app, &nobody, "groceries", now).await?;
    let context = smtp_context(&app, &smtp.url())?;
    let outcome = delivery::deliver(&context, &job, now).await?;
    let Some(Outcome::Failed(error)) = outcome else {
        panic!("{outcome:?}")
    };
    assert!(error.contains("550"), "{error}");
    assert_eq!(rows_on(&app, nobody.id, "email").await?[0].0, "failed");
    assert_eq!(rows_on(&app, nobody.id, "email").await?[0].1, 1);
    // Nothing is tried again, however long one waits.
    let released = outbox::release_due(&app.db.pool, now + chrono::Duration::days(1)).await?;
    assert_eq!(released.rows, 0);
    let shown = history(&app, &nobody).await?;
    assert_eq!(shown.len(), 1);
    assert_eq!(shown[0]["status"], "failed");
    assert_eq!(shown[0]["attempts"], 1);
    assert!(
        shown[0]["last_error"].as_str().unwrap().contains("550"),
        "{shown:?}"
    );
    assert!(received(&smtp)?.is_empty());
    Ok(())
}

#[tokio::test]
async fn a_busy_server_is_retried_with_backoff_and_shows_in_history() -> anyhow::Result<()> {
    let smtp = SmtpServer::start()?;
    let app = TestApp::spawn().await?;
    let busy = app.verified_user("busy@example.com").await?;
    let now = at("2099-03-01T12:00:00Z");
    let job = email_alert(&app, &busy, "groceries", now).await?;
    let context = smtp_context(&app, &smtp.url())?;
    let Some(Outcome::Retry {
        at: retry_at,
        error,
    }) = delivery::deliver(&context, &job, now).await?
    else {
        panic!("a 451 is temporary")
    };
    assert!(error.contains("451"), "{error}");
    assert_eq!(retry_at, now + delivery::backoff(1));
    let shown = history(&app, &busy).await?;
    assert_eq!(shown[0]["status"], "pending");
    assert!(shown[0]["last_error"].as_str().unwrap().contains("451"));
    // The release tick queues it again once the backoff has passed, not before.
    assert_eq!(
        outbox::release_due(&app.db.pool, retry_at - chrono::Duration::seconds(1))
            .await?
            .rows,
        0
    );
    assert_eq!(outbox::release_due(&app.db.pool, retry_at).await?.rows, 1);
    Ok(())
}

#[tokio::test]
async fn a_refused_connection_then_a_timeout_are_retried_then_it_is_sent() -> anyhow::Result<()> {
    let smtp = SmtpServer::start()?;
    let app = TestApp::spawn().await?;
    let ana = app.verified_user("ana@example.com").await?;
    let now = at("2099-03-01T12:00:00Z");
    let job = email_alert(&app, &ana, "groceries", now).await?;

    // Nobody listens on this port.
    let closed = std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port();
    let refused = smtp_context(&app, &format!("smtp://127.0.0.1:{closed}"))?;
    let first = delivery::deliver(&refused, &job, now).await?;
    assert!(matches!(first, Some(Outcome::Retry { .. })), "{first:?}");

    // A server that accepts the connection and never greets: the attempt times out (2 s).
    let silent = std::net::TcpListener::bind("127.0.0.1:0")?;
    let silent_url = format!("smtp://127.0.0.1:{}", silent.local_addr()?.port());
    let second_at = now + delivery::backoff(1);
    outbox::release_due(&app.db.pool, second_at).await?;
    let started = std::time::Instant::now();
    let second = delivery::deliver(&smtp_context(&app, &silent_url)?, &job, second_at).await?;
    let Some(Outcome::Retry {
        at: third_at,
        error,
    }) = second
    else {
        panic!("{second:?}")
    };
    assert!(started.elapsed() < std::time::Duration::from_secs(15));
    assert!(
        error.to_lowercase().contains("timed out") || error.to_lowercase().contains("timeout"),
        "{error}"
    );
    assert_eq!(third_at, second_at + delivery::backoff(2));
    let shown = history(&app, &ana).await?;
    assert_eq!(
        (shown[0]["status"].as_str(), shown[0]["attempts"].as_i64()),
        (Some("pending"), Some(2))
    );
    drop(silent);

    // The server is back: the third attempt goes through, with its unsubscribe link.
    outbox::release_due(&app.db.pool, third_at).await?;
    let third = delivery::deliver(&smtp_context(&app, &smtp.url())?, &job, third_at).await?;
    assert_eq!(third, Some(Outcome::Sent));
    let mails = received(&smtp)?;
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].structure, "text/plain");
    let link = mails[0]
        .header("List-Unsubscribe")
        .unwrap()
        .trim_matches(['<', '>'])
        .to_string();
    assert!(mails[0].text()?.contains(&link));
    assert_eq!(history(&app, &ana).await?[0]["status"], "sent");

    // That link stops budget alerts by e-mail (only those).
    let done = app
        .client
        .post(app.url(&local_path(&link)))
        .body("List-Unsubscribe=One-Click")
        .send()
        .await?;
    assert_eq!(done.status(), StatusCode::OK);
    let prefs: Value = app
        .as_user(&ana, Method::GET, "/notifications/preferences")
        .send()
        .await?
        .json()
        .await?;
    assert_eq!(prefs["channels"]["budget_threshold"]["email"], false);
    assert_eq!(prefs["channels"]["budget_threshold"]["in_app"], true);
    assert_eq!(prefs["weekly_summary"]["enabled"], true);
    Ok(())
}

/// What a browser reads from the templates' escaped attributes (minijinja escapes `/` too).
fn unescape_html(html: &str) -> String {
    html.replace("&#x2f;", "/")
        .replace("&#x27;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}
