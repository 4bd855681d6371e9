//! The weekly summary's schedule: the user's local day and hour across daylight-saving
//! changes, once per ISO week whatever the number of ticks, late within 24 hours and skipped
//! after, nothing for a deleted user; and its preferences through the API.

use chrono::{DateTime, Utc};
use kakeibo_notifications::delivery::{self, Delivery};
use kakeibo_notifications::outbox::Outcome;
use kakeibo_notifications::weekly::{Scheduled, schedule_due};
use kakeibo_tests::{TestApp, TestUser};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use uuid::Uuid;

use super::{at, context};

pub async fn user_in(app: &TestApp, email: &str, time_zone: &str) -> anyhow::Result<TestUser> {
    let user = app.verified_user(email).await?;
    app.as_user(&user, Method::PATCH, "/me")
        .json(&json!({ "time_zone": time_zone }))
        .send()
        .await?
        .error_for_status()?;
    Ok(user)
}

/// The users a tick at `now` schedules, as (user, week).
async fn due(app: &TestApp, now: DateTime<Utc>) -> anyhow::Result<Vec<(Uuid, String)>> {
    let mut scheduled: Vec<(Uuid, String)> = schedule_due(&app.db.pool, now)
        .await?
        .into_iter()
        .map(|s| (s.user_id, s.week))
        .collect();
    scheduled.sort();
    Ok(scheduled)
}

pub fn job_of(scheduled: &Scheduled) -> Delivery {
    Delivery {
        user_id: scheduled.user_id,
        channel: "email".into(),
        notification_ids: vec![scheduled.notification_id],
    }
}

#[tokio::test]
async fn monday_8am_local_in_berlin_and_new_york_across_the_autumn_change() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let berlin = user_in(&app, "berlin@example.com", "Europe/Berlin").await?;
    let new_york = user_in(&app, "ny@example.com", "America/New_York").await?;

    // Summer time in both: 08:00 CEST is 06:00 UTC, 08:00 EDT is 12:00 UTC.
    assert!(due(&app, at("2026-10-19T05:59:59Z")).await?.is_empty());
    assert_eq!(
        due(&app, at("2026-10-19T06:00:00Z")).await?,
        [(berlin.id, "2026-W42".to_string())]
    );
    assert!(due(&app, at("2026-10-19T11:59:00Z")).await?.is_empty());
    assert_eq!(
        due(&app, at("2026-10-19T12:00:00Z")).await?,
        [(new_york.id, "2026-W42".to_string())]
    );

    // Europe fell back on Sunday 25 October, New York not yet: 07:00 UTC for Berlin,
    // still 12:00 UTC for New York.
    assert!(due(&app, at("2026-10-26T06:59:00Z")).await?.is_empty());
    assert_eq!(
        due(&app, at("2026-10-26T07:00:00Z")).await?,
        [(berlin.id, "2026-W43".to_string())]
    );
    assert_eq!(
        due(&app, at("2026-10-26T12:00:00Z")).await?,
        [(new_york.id, "2026-W43".to_string())]
    );

    // New York fell back on Sunday 1 November: 13:00 UTC from then on.
    let berlin_nov = due(&app, at("2026-11-02T07:00:00Z")).await?;
    assert_eq!(berlin_nov, [(berlin.id, "2026-W44".to_string())]);
    assert!(due(&app, at("2026-11-02T12:59:00Z")).await?.is_empty());
    assert_eq!(
        due(&app, at("2026-11-02T13:00:00Z")).await?,
        [(new_york.id, "2026-W44".to_string())]
    );
    Ok(())
}

#[tokio::test]
async fn the_spring_change_and_a_sunday_evening_slot() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let new_york = user_in(&app, "ny@example.com", "America/New_York").await?;
    let berlin = user_in(&app, "berlin@example.com", "Europe/Berlin").await?;
    app.as_user(&berlin, Method::PUT, "/notifications/preferences")
        .json(&json!({ "weekly_summary": { "day": "sunday", "hour": 23 } }))
        .send()
        .await?
        .error_for_status()?;

    // New York sprang forward on Sunday 8 March 2026: Monday 08:00 EDT is 12:00 UTC (it was
    // 13:00 UTC the week before). Berlin's Sunday 1 March 23:00 slot, 15 hours before that
    // Monday tick, is still inside its 24 hours: it goes out with it, for week 8 (the week
    // before the one that Sunday ends).
    let mut expected = vec![
        (new_york.id, "2026-W09".to_string()),
        (berlin.id, "2026-W08".to_string()),
    ];
    expected.sort();
    assert_eq!(due(&app, at("2026-03-02T13:00:00Z")).await?, expected);
    // One minute before: only Berlin's Sunday slot (22:00 UTC the evening before).
    assert_eq!(
        due(&app, at("2026-03-09T11:59:00Z")).await?,
        [(berlin.id, "2026-W09".to_string())]
    );
    assert_eq!(
        due(&app, at("2026-03-09T12:00:00Z")).await?,
        [(new_york.id, "2026-W10".to_string())]
    );

    // Sunday 23:00 in Berlin (CET) is 22:00 UTC; the summary covers the week before the one
    // that Sunday ends.
    assert!(due(&app, at("2026-12-13T21:59:00Z")).await?.is_empty());
    assert_eq!(
        due(&app, at("2026-12-13T22:00:00Z")).await?,
        [(berlin.id, "2026-W49".to_string())]
    );
    Ok(())
}

#[tokio::test]
async fn two_ticks_at_once_and_a_restart_write_one_summary() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let ana = user_in(&app, "ana@example.com", "Europe/Berlin").await?;
    let now = at("2026-12-07T07:00:00Z");
    let (first, second) = tokio::join!(
        schedule_due(&app.db.pool, now),
        schedule_due(&app.db.pool, now)
    );
    let written = first?.len() + second?.len();
    assert_eq!(written, 1);
    // A restart an hour later, and the next day's ticks: still the one row and one job.
    assert!(due(&app, at("2026-12-07T08:00:00Z")).await?.is_empty());
    assert!(due(&app, at("2026-12-08T06:59:00Z")).await?.is_empty());
    let rows: Vec<(String, Value)> = sqlx::query_as(
        "SELECT dedupe_key, payload FROM notifications WHERE user_id = $1 AND kind = 'weekly_summary'",
    )
    .bind(ana.id)
    .fetch_all(&app.db.pool)
    .await?;
    assert_eq!(
        rows,
        [(
            format!("weekly_summary:{}:2026-W49", ana.id),
            json!({ "week": "2026-W49" })
        )]
    );
    let jobs: i64 = sqlx::query_scalar("SELECT count(*) FROM apalis.jobs WHERE job_type = $1")
        .bind(delivery::EMAIL_QUEUE)
        .fetch_one(&app.db.pool)
        .await?;
    assert_eq!(jobs, 1);
    Ok(())
}

#[tokio::test]
async fn down_over_the_send_time_sends_within_24_hours_then_skips() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let berlin = user_in(&app, "berlin@example.com", "Europe/Berlin").await?;
    let new_york = user_in(&app, "ny@example.com", "America/New_York").await?;
    // Down from Sunday until Tuesday 12:00 UTC: New York's Monday 13:00 UTC was 23 hours
    // ago and still goes out; Berlin's Monday 07:00 UTC was 29 hours ago and is skipped.
    assert_eq!(
        due(&app, at("2026-12-08T12:00:00Z")).await?,
        [(new_york.id, "2026-W49".to_string())]
    );
    // No later tick of the week sends Berlin's.
    assert!(due(&app, at("2026-12-10T07:00:00Z")).await?.is_empty());
    assert!(due(&app, at("2026-12-13T22:59:00Z")).await?.is_empty());
    // The next week goes out on time.
    assert_eq!(
        due(&app, at("2026-12-14T07:00:00Z")).await?,
        [(berlin.id, "2026-W50".to_string())]
    );
    // Just inside the window: 23 h 59 min late.
    assert_eq!(
        due(&app, at("2026-12-15T12:59:00Z")).await?,
        [(new_york.id, "2026-W50".to_string())]
    );
    Ok(())
}

#[tokio::test]
async fn a_deleted_user_gets_nothing() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let ana = user_in(&app, "ana@example.com", "Europe/Berlin").await?;
    let bob = user_in(&app, "bob@example.com", "Europe/Berlin").await?;
    // Bob's summary was scheduled, then he deleted his account before it went out.
    let scheduled = schedule_due(&app.db.pool, at("2026-12-07T07:00:00Z")).await?;
    assert_eq!(scheduled.len(), 2);
    // The account deletion (issue 23) removes the user row; everything of his goes with it.
    sqlx::query("DELETE FROM users WHERE id = $1")
        .bind(bob.id)
        .execute(&app.db.pool)
        .await?;
    let context = context(&app, None)?;
    let bobs = scheduled.iter().find(|s| s.user_id == bob.id).unwrap();
    assert_eq!(
        delivery::deliver(&context, &job_of(bobs), at("2026-12-07T07:00:05Z")).await?,
        None,
        "nothing left to send"
    );
    let anas = scheduled.iter().find(|s| s.user_id == ana.id).unwrap();
    assert_eq!(
        delivery::deliver(&context, &job_of(anas), at("2026-12-07T07:00:05Z")).await?,
        Some(Outcome::Sent)
    );
    // The next week: only Ana.
    assert_eq!(
        due(&app, at("2026-12-14T07:00:00Z")).await?,
        [(ana.id, "2026-W50".to_string())]
    );
    let to_bob = app
        .mails()
        .await?
        .into_iter()
        .filter(|m| m.to.contains("bob@") && m.subject == "Your week")
        .count();
    assert_eq!(to_bob, 0);
    Ok(())
}

#[tokio::test]
async fn weekly_summary_preferences_round_trip_and_refuse_bad_input() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let ana = user_in(&app, "ana@example.com", "Europe/Berlin").await?;
    let prefs: Value = app
        .as_user(&ana, Method::GET, "/notifications/preferences")
        .send()
        .await?
        .json()
        .await?;
    assert_eq!(
        prefs["weekly_summary"],
        json!({ "enabled": true, "day": "monday", "hour": 8, "empty_week": "short" })
    );

    let bad = app
        .as_user(&ana, Method::PUT, "/notifications/preferences")
        .json(&json!({ "weekly_summary": { "day": "someday", "hour": 24, "empty_week": "maybe" } }))
        .send()
        .await?;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = bad.json().await?;
    let fields: Vec<&str> = body["error"]["details"]["fields"]
        .as_array()
        .map(|e| e.iter().filter_map(|f| f["field"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(
        fields,
        [
            "weekly_summary.day",
            "weekly_summary.hour",
            "weekly_summary.empty_week"
        ],
        "{body}"
    );

    let changed: Value = app
        .as_user(&ana, Method::PUT, "/notifications/preferences")
        .json(&json!({ "weekly_summary": { "day": "friday", "hour": 18, "empty_week": "none", "enabled": false } }))
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    assert_eq!(
        changed["weekly_summary"],
        json!({ "enabled": false, "day": "friday", "hour": 18, "empty_week": "none" })
    );
    assert_eq!(changed["channels"]["weekly_summary"]["email"], false);
    // Off: Friday 18:00 Berlin passes with nothing.
    assert!(due(&app, at("2026-12-11T17:00:00Z")).await?.is_empty());
    // On again (through the channel switch, the same thing): Friday 18:00 local.
    app.as_user(&ana, Method::PUT, "/notifications/preferences")
        .json(&json!({ "channels": { "weekly_summary": { "email": true } } }))
        .send()
        .await?
        .error_for_status()?;
    assert!(due(&app, at("2026-12-18T16:59:00Z")).await?.is_empty());
    assert_eq!(
        due(&app, at("2026-12-18T17:00:00Z")).await?,
        [(ana.id, "2026-W50".to_string())]
    );
    Ok(())
}
