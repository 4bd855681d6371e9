//! Password guessing as OWASP describes it, and what it must not do to everyone else: an
//! address that keeps failing is slowed by growing delays (a minute at most), one account's
//! failures lock out only that account, and guessing over many accounts from one address
//! (credential stuffing) is slowed without touching people at other addresses.
//! docs/reliability.md, "Authentication under attack", describes the design.

use anyhow::{Context, Result};
use kakeibo_tests::{PASSWORD, TestApp};
use reqwest::StatusCode;
use serde_json::json;

use super::helpers::{client_from, login_obeying_retry_after, status_and_wait};

/// Wrong passwords for made-up accounts, sent as fast as the server answers, ignoring
/// `Retry-After`: each status, with the wait a 429 asked for.
async fn hammer(
    app: &TestApp,
    emails: impl Fn(usize) -> String,
    count: usize,
) -> Result<Vec<(StatusCode, Option<u64>)>> {
    let mut answers = Vec::new();
    for i in 0..count {
        let response = app
            .post_json(
                "/auth/login",
                &json!({ "email": emails(i), "password": "wrong password here" }),
            )
            .await?;
        answers.push(status_and_wait(response).await?);
    }
    Ok(answers)
}

fn statuses(answers: &[(StatusCode, Option<u64>)]) -> Vec<StatusCode> {
    answers.iter().map(|(status, _)| *status).collect()
}

/// The case the issue found: 30 wrong passwords for one made-up account from 127.0.0.1 shut
/// the demo user out of that address for 14 minutes. Now the made-up account is locked, the
/// address is slowed, and the real user gets in after a wait of seconds.
#[tokio::test]
async fn thirty_failures_for_one_made_up_account_do_not_lock_out_a_real_user() -> Result<()> {
    let app = TestApp::spawn().await?;
    app.verified_user("demo@example.com").await?;
    let statuses = statuses(&hammer(&app, |_| "nobody@example.com".into(), 30).await?);
    assert_eq!(
        statuses[..10],
        [StatusCode::UNAUTHORIZED; 10],
        "{statuses:?}"
    );
    assert!(
        statuses[10..]
            .iter()
            .all(|s| *s == StatusCode::TOO_MANY_REQUESTS),
        "{statuses:?}"
    );

    let (response, waited) =
        login_obeying_retry_after(&app, &app.client, "demo@example.com", PASSWORD).await?;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(waited <= 60, "waited {waited} s");
    Ok(())
}

/// People behind one address (an office, a NAT) signing in at the same moment: every login
/// goes through. A claim that waited for another's row lock used to compare that one's fresh
/// `next_at` with its own statement's start, and was refused with 429.
#[tokio::test]
async fn people_signing_in_together_from_one_address_all_get_in() -> Result<()> {
    let app = TestApp::spawn().await?;
    let emails: Vec<String> = (0..8)
        .map(|i| format!("colleague-{i}@example.com"))
        .collect();
    for email in &emails {
        app.verified_user(email).await?;
    }
    let bodies: Vec<serde_json::Value> = emails
        .iter()
        .map(|email| json!({ "email": email, "password": PASSWORD }))
        .collect();
    for round in 0..3 {
        let logins = bodies.iter().map(|body| app.post_json("/auth/login", body));
        let statuses: Vec<StatusCode> = futures::future::join_all(logins)
            .await
            .into_iter()
            .map(|response| response.map(|r| r.status()))
            .collect::<Result<_, _>>()?;
        assert_eq!(statuses, [StatusCode::OK; 8], "round {round}: {statuses:?}");
    }
    Ok(())
}

/// Failures spread over made-up accounts (so no account limit is reached): the address is
/// slowed, with waits that double from a second up to a minute, and a real user from that
/// address gets in after one of them; another address never notices.
#[tokio::test]
async fn failures_for_other_accounts_only_delay_a_real_user_briefly() -> Result<()> {
    let app = TestApp::spawn().await?;
    app.verified_user("demo@example.com").await?;
    let answers = hammer(&app, |i| format!("made-up-{i}@example.com"), 30).await?;
    let statuses = statuses(&answers);
    assert_eq!(
        statuses[..10],
        [StatusCode::UNAUTHORIZED; 10],
        "{statuses:?}"
    );
    assert!(
        statuses.contains(&StatusCode::TOO_MANY_REQUESTS),
        "{statuses:?}"
    );
    // Only the address is slowed (no account failed twice): short waits, never a lockout.
    assert!(
        answers
            .iter()
            .filter_map(|(_, wait)| *wait)
            .all(|w| (1..=60).contains(&w)),
        "{answers:?}"
    );

    let elsewhere = client_from(2)?;
    let (response, waited) =
        login_obeying_retry_after(&app, &elsewhere, "demo@example.com", PASSWORD).await?;
    assert_eq!((response.status(), waited), (StatusCode::OK, 0));

    let (response, waited) =
        login_obeying_retry_after(&app, &app.client, "demo@example.com", PASSWORD).await?;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(waited <= 60, "waited {waited} s");
    Ok(())
}

/// The waits an address is asked for, attempt by attempt, when its client obeys them:
/// ten free, then 1, 2, 4 … 32 seconds, then a minute each; a right password does not count.
#[tokio::test]
async fn the_waits_grow_to_a_minute_and_successes_do_not_count() -> Result<()> {
    let app = TestApp::spawn().await?;
    app.verified_user("often@example.com").await?;
    for _ in 0..15 {
        app.login("often@example.com", PASSWORD).await?;
    }
    let mut waits = Vec::new();
    for i in 0..18 {
        let (response, waited) = login_obeying_retry_after(
            &app,
            &app.client,
            &format!("guess-{i}@example.com"),
            "wrong password here",
        )
        .await?;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
        waits.push(waited);
    }
    // The wait before each attempt. (Each is rounded up to whole seconds, and the clock moves
    // on between answers, so one may be a second short or long.)
    let expected = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 4, 8, 16, 32, 60];
    for (i, (got, want)) in waits.iter().zip(expected).enumerate() {
        assert!(
            got.abs_diff(want) <= 1,
            "attempt {i}: waited {got}, expected {want}: {waits:?}"
        );
    }
    Ok(())
}

/// 1,000 accounts tried from one address with a common password, by a client that obeys every
/// `Retry-After`: it needs more than 16 hours (unthrottled, about as many seconds). People at
/// other addresses log in at once throughout; someone at the attacked address waits a minute
/// at most.
#[tokio::test]
async fn credential_stuffing_from_one_address_is_slowed_without_blocking_others() -> Result<()> {
    let app = TestApp::spawn().await?;
    app.verified_user("real@example.com").await?;
    // A colleague at the attacked address who has signed in from this browser before.
    app.verified_user("colleague@example.com").await?;
    let device = device_cookie(&app, "colleague@example.com").await?;
    let elsewhere = client_from(2)?;
    let mut waited = 0;
    for i in 0..1000 {
        let (response, wait) = login_obeying_retry_after(
            &app,
            &app.client,
            &format!("stuffed-{i}@example.com"),
            "Summer2026!",
        )
        .await?;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "attempt {i}");
        waited += wait;
        if i % 250 == 0 {
            let (response, wait) =
                login_obeying_retry_after(&app, &elsewhere, "real@example.com", PASSWORD).await?;
            assert_eq!(
                (response.status(), wait),
                (StatusCode::OK, 0),
                "during attempt {i}"
            );
            let known = login_with_cookie(&app, &device, "colleague@example.com", PASSWORD).await?;
            assert_eq!(known.status(), StatusCode::OK, "device cookie, attempt {i}");
        }
    }
    // Before attempt n+1 the address waits min(2^(n-11), 60) s: 63 s for the ramp, then
    // 983 minutes.
    assert!(waited >= 63 + 983 * 60 - 60, "waited {waited} s");
    assert!(waited <= 63 + 983 * 61, "waited {waited} s");

    let (response, wait) =
        login_obeying_retry_after(&app, &app.client, "real@example.com", PASSWORD).await?;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(wait <= 60, "waited {wait} s");
    Ok(())
}

/// A browser's device cookie skips the address's wait for its own account only: for another
/// account it is no help, and with a wrong password it still counts for the account.
#[tokio::test]
async fn a_device_cookie_skips_the_address_wait_for_its_own_account_only() -> Result<()> {
    let app = TestApp::spawn().await?;
    app.verified_user("mine@example.com").await?;
    app.verified_user("theirs@example.com").await?;
    let device = device_cookie(&app, "mine@example.com").await?;
    let statuses = statuses(&hammer(&app, |i| format!("made-up-{i}@example.com"), 20).await?);
    assert_eq!(statuses[19], StatusCode::TOO_MANY_REQUESTS, "{statuses:?}");

    let response = login_with_cookie(&app, &device, "MINE@example.com ", PASSWORD).await?;
    assert_eq!(response.status(), StatusCode::OK);
    let other = login_with_cookie(&app, &device, "theirs@example.com", PASSWORD).await?;
    assert_eq!(other.status(), StatusCode::TOO_MANY_REQUESTS);
    let forged =
        login_with_cookie(&app, "kakeibo_device=AAAA", "mine@example.com", PASSWORD).await?;
    assert_eq!(forged.status(), StatusCode::TOO_MANY_REQUESTS);
    for _ in 0..10 {
        let wrong = login_with_cookie(&app, &device, "mine@example.com", "not it at all").await?;
        assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    }
    let locked = login_with_cookie(&app, &device, "mine@example.com", PASSWORD).await?;
    assert_eq!(
        locked.status(),
        StatusCode::TOO_MANY_REQUESTS,
        "the account's own limit"
    );
    Ok(())
}

/// `kakeibo_device=…` from a fresh login of `email` (from another address, so it is not slowed).
async fn device_cookie(app: &TestApp, email: &str) -> Result<String> {
    let response = client_from(3)?
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({ "email": email, "password": PASSWORD }))
        .send()
        .await?;
    assert_eq!(response.status(), StatusCode::OK);
    response
        .headers()
        .get_all(reqwest::header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("kakeibo_device="))
        .and_then(|v| v.split(';').next())
        .map(str::to_string)
        .context("no device cookie")
}

async fn login_with_cookie(
    app: &TestApp,
    cookie: &str,
    email: &str,
    password: &str,
) -> Result<reqwest::Response> {
    Ok(app
        .api(reqwest::Method::POST, "/auth/login")
        .header("cookie", cookie)
        .json(&json!({ "email": email, "password": password }))
        .send()
        .await?)
}

/// Behind a trusted proxy the address is the one the proxy appended to `X-Forwarded-For`: a
/// guesser that makes up the first entry is still one address.
#[tokio::test]
async fn a_made_up_forwarded_for_does_not_escape_the_throttle() -> Result<()> {
    let app = TestApp::spawn_with(|s| s.server.trust_proxy_headers = true).await?;
    app.verified_user("neighbour@example.com").await?;
    let mut statuses = Vec::new();
    for i in 0..15 {
        let response = app
            .api(reqwest::Method::POST, "/auth/login")
            .header("x-forwarded-for", format!("10.9.{i}.1, 198.51.100.7"))
            .json(
                &json!({ "email": format!("guess-{i}@example.com"), "password": "wrong password" }),
            )
            .send()
            .await?;
        statuses.push(response.status());
    }
    assert_eq!(
        statuses[..10],
        [StatusCode::UNAUTHORIZED; 10],
        "{statuses:?}"
    );
    assert!(
        statuses[11..]
            .iter()
            .all(|s| *s == StatusCode::TOO_MANY_REQUESTS),
        "{statuses:?}"
    );

    // Another client behind the same proxy is another address.
    let response = app
        .api(reqwest::Method::POST, "/auth/login")
        .header("x-forwarded-for", "198.51.100.8")
        .json(&json!({ "email": "neighbour@example.com", "password": PASSWORD }))
        .send()
        .await?;
    assert_eq!(response.status(), StatusCode::OK);
    Ok(())
}
