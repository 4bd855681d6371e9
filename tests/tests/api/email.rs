//! E-mail delivery: through a real SMTP server when one is configured, to the outbox folder
//! when none is.

use kakeibo_tests::TestApp;
use kakeibo_tests::smtp::SmtpServer;
use reqwest::StatusCode;
use secrecy::SecretString;
use serde_json::json;

#[tokio::test]
async fn verification_mail_goes_through_smtp_and_its_link_works() -> anyhow::Result<()> {
    let smtp = SmtpServer::start()?;
    let smtp_url = smtp.url();
    let app = TestApp::spawn_with(move |s| s.email.smtp_url = SecretString::from(smtp_url)).await?;
    app.register("bob@example.com").await?;
    kakeibo_tests::drain_jobs_with(&app.db, |s| {
        s.email.smtp_url = SecretString::from(smtp.url())
    })
    .await?;

    let received = smtp.received()?;
    assert_eq!(received.len(), 1, "{received:#?}");
    let message = &received[0];
    assert!(message.contains("To: bob@example.com"), "{message}");
    assert!(
        message.contains("Subject: Confirm your e-mail address for Kakeibo"),
        "{message}"
    );
    assert!(
        message.contains("From: Kakeibo <kakeibo@localhost>"),
        "{message}"
    );
    // Nothing went to the outbox: SMTP replaced it.
    assert!(
        !app.db.outbox_dir().join("new").exists()
            && std::fs::read_dir(app.db.outbox_dir()).map_or(true, |d| d.count() == 0)
    );

    let mail = kakeibo_tests::auth::parse_message(message)?;
    let verify = app
        .post_json(
            "/auth/verify-email",
            &json!({ "token": mail.link_token()? }),
        )
        .await?;
    assert_eq!(verify.status(), StatusCode::NO_CONTENT);
    Ok(())
}

#[tokio::test]
async fn an_unreachable_smtp_server_loses_no_message() -> anyhow::Result<()> {
    // A port nobody listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port();
    let url = format!("smtp://127.0.0.1:{port}");
    let app = TestApp::spawn_with({
        let url = url.clone();
        move |s| s.email.smtp_url = SecretString::from(url)
    })
    .await?;
    app.register("carol@example.com").await?;
    // Draining reports the failure, or returns once the job is back in the queue for a later
    // try (timing decides which); either way the message must still be there, not done.
    let _ = kakeibo_tests::drain_jobs_with(&app.db, |s| s.email.smtp_url = SecretString::from(url))
        .await;
    // The message is not lost: its job is still in the queue with the delivery error.
    let (status, attempts, job): (String, i32, serde_json::Value) = sqlx::query_as(
        "SELECT status, attempts, convert_from(job, 'UTF8')::jsonb FROM apalis.jobs WHERE job_type = 'kakeibo.email'",
    )
    .fetch_one(&app.db.pool)
    .await?;
    assert_ne!(
        status, "Done",
        "a mail that was never delivered is not done"
    );
    assert!(attempts >= 1, "{attempts} attempts");
    assert_eq!(job["to"], "carol@example.com", "{job}");
    Ok(())
}

/// An outbox that cannot be written (a full or read-only disk; `/proc` refuses new files even
/// to root) fails the delivery visibly, and the job waits before its next attempt instead of
/// using up its attempts at every poll (found by deploy/local/chaos.sh: a disk full for half
/// a minute dropped the message for good). Once the folder works, the message goes out once.
#[tokio::test]
async fn an_unwritable_outbox_holds_the_message_back_and_delivers_it_later() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    app.register("dora@example.com").await?;
    let broken = std::path::PathBuf::from("/proc");
    let _ = kakeibo_tests::drain_jobs_with(&app.db, |s| s.email.outbox_dir = broken).await;
    let (status, attempts, wait): (String, i32, f64) = sqlx::query_as(
        "SELECT status, attempts, extract(epoch FROM run_at - now())::float8
         FROM apalis.jobs WHERE job_type = 'kakeibo.email'",
    )
    .fetch_one(&app.db.pool)
    .await?;
    assert_eq!(status, "Failed");
    assert!(attempts >= 1, "{attempts} attempts");
    assert!(wait > 1.0, "the next attempt is {wait} s away");

    // Later (the wait is over), with the folder fixed: the workers take the failed job again.
    // (Not `drain_jobs`: a failed job is not open to it, so it would stop before they do.)
    sqlx::query("UPDATE apalis.jobs SET run_at = now() WHERE job_type = 'kakeibo.email'")
        .execute(&app.db.pool)
        .await?;
    let shutdown = tokio_util::sync::CancellationToken::new();
    let workers = tokio::spawn({
        let (settings, pool, shutdown) = (app.db.settings(), app.db.pool.clone(), shutdown.clone());
        async move { kakeibo_server::jobs::run_workers(&settings, pool, shutdown).await }
    });
    let mut status = String::new();
    for _ in 0..600 {
        status =
            sqlx::query_scalar("SELECT status FROM apalis.jobs WHERE job_type = 'kakeibo.email'")
                .fetch_one(&app.db.pool)
                .await?;
        if status == "Done" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    shutdown.cancel();
    workers.await??;
    assert_eq!(status, "Done");
    let mail = app.last_mail_to("dora@example.com").await?;
    assert!(mail.link_token().is_ok());
    assert_eq!(app.mails().await?.len(), 1);
    Ok(())
}
