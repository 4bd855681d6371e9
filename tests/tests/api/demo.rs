//! The demo user: created once with two years of demo-bank history, synced again without
//! duplicates as time passes, pending rows posted in place.

use chrono::{Duration, Utc};
use kakeibo_bank_sync::demo::DemoBank;
use kakeibo_bank_sync::demo_sync;
use kakeibo_tests::TestApp;
use reqwest::Method;
use serde_json::Value;

#[tokio::test]
async fn the_demo_user_gets_two_years_once_and_new_days_later() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let user =
        kakeibo_auth::ensure_verified_user(&app.db.pool, "demo@kakeibo.local", "kakeibo demo")
            .await?;
    assert_eq!(
        kakeibo_auth::ensure_verified_user(&app.db.pool, "demo@kakeibo.local", "kakeibo demo")
            .await?,
        user
    );

    // About ten days ago, at a moment when the demo bank shows card payments pending: not
    // every moment does (at night after a day without card purchases, none are).
    let bank = DemoBank::new(42);
    let earlier = (0..72)
        .map(|hours| Utc::now() - Duration::days(10) - Duration::hours(hours))
        .find(|at| {
            bank.transactions(at.date_naive() - Duration::days(7), *at)
                .iter()
                .any(|t| t.pending)
        })
        .expect("the demo bank shows pending card payments within three days");
    let first = demo_sync::sync(&app.bank_sync()?, user, 42, earlier).await?;
    assert_eq!(first.accounts, 4);
    assert!(first.rows_added > 1000, "{first:?}");
    let (oldest, pending): (chrono::NaiveDate, i64) = sqlx::query_as(
        "SELECT min((booked_at AT TIME ZONE 'UTC')::date), count(*) FILTER (WHERE status = 'pending')
         FROM transactions WHERE user_id = $1",
    )
    .bind(user)
    .fetch_one(&app.db.pool)
    .await?;
    assert!(
        oldest <= (earlier - Duration::days(700)).date_naive(),
        "{oldest}"
    );
    assert!(pending > 0, "recent card payments are pending");

    // The same moment again adds nothing.
    assert_eq!(
        demo_sync::sync(&app.bank_sync()?, user, 42, earlier)
            .await?
            .rows_added,
        0
    );

    // Ten days later: new rows, and every earlier pending row posted in place.
    let later = demo_sync::sync(&app.bank_sync()?, user, 42, Utc::now()).await?;
    assert!(later.rows_added > 0 && later.rows_posted > 0, "{later:?}");
    let stale_pending: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM transactions WHERE user_id = $1 AND status = 'pending' AND booked_at < now() - interval '5 days'",
    )
    .bind(user)
    .fetch_one(&app.db.pool)
    .await?;
    assert_eq!(stale_pending, 0);

    // And the demo login works through the API.
    let session = app.login("demo@kakeibo.local", "kakeibo demo").await?;
    let accounts: Value = app
        .as_user(&session, Method::GET, "/accounts")
        .send()
        .await?
        .json()
        .await?;
    let currencies: Vec<&str> = accounts
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| a["currency"].as_str())
        .collect();
    assert_eq!(currencies.len(), 4);
    assert!(
        currencies.contains(&"EUR") && currencies.contains(&"USD"),
        "{currencies:?}"
    );
    Ok(())
}

/// A demo connection stored by an older build without credentials is given some and synced
/// again, not replaced by a second connection that would duplicate its accounts.
#[tokio::test]
async fn a_demo_connection_without_credentials_is_repaired() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let user =
        kakeibo_auth::ensure_verified_user(&app.db.pool, "demo@kakeibo.local", "kakeibo demo")
            .await?;
    let earlier = Utc::now() - Duration::days(10);
    demo_sync::sync(&app.bank_sync()?, user, 42, earlier).await?;
    sqlx::query(
        "UPDATE bank_connections SET credentials = NULL, credentials_key_id = NULL WHERE user_id = $1",
    )
    .bind(user)
    .execute(&app.db.pool)
    .await?;

    let later = demo_sync::sync(&app.bank_sync()?, user, 42, Utc::now()).await?;
    assert_eq!(later.accounts, 4);
    assert!(later.rows_added > 0, "{later:?}");
    let (connections, accounts): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT count(*) FROM bank_connections WHERE user_id = $1),
                (SELECT count(*) FROM accounts WHERE user_id = $1)",
    )
    .bind(user)
    .fetch_one(&app.db.pool)
    .await?;
    assert_eq!((connections, accounts), (1, 4));
    Ok(())
}

/// The demo's budgets (every period, rollover, a total, dollars converted) and goals are made
/// once; each answers its progress; a user with budgets of their own gets nothing added.
#[tokio::test]
async fn the_demo_budgets_and_goals_are_made_once_and_each_answers() -> anyhow::Result<()> {
    use kakeibo_server::demo_plan::{self, Planned};

    let app = TestApp::spawn().await?;
    let user =
        kakeibo_auth::ensure_verified_user(&app.db.pool, "demo@kakeibo.local", "kakeibo demo")
            .await?;
    demo_sync::sync(&app.bank_sync()?, user, 42, Utc::now()).await?;
    app.drain_jobs().await?;
    // The demo's dollars convert at a rate from before its history (as run.sh imports the
    // ECB's).
    sqlx::query(
        "INSERT INTO fx_rates (base, quote, rate_date, rate) VALUES ('EUR', 'USD', '2020-01-02', 1.12)",
    )
    .execute(&app.db.pool)
    .await?;

    let made = demo_plan::ensure(&app.db.pool, user).await?;
    assert_eq!(
        made,
        Planned {
            budgets: 5,
            goals: 2
        }
    );
    assert_eq!(
        demo_plan::ensure(&app.db.pool, user).await?,
        Planned::default()
    );
    app.drain_jobs().await?;

    let session = app.login("demo@kakeibo.local", "kakeibo demo").await?;
    let get = |path: &'static str| {
        let request = app.as_user(&session, Method::GET, path);
        async move {
            anyhow::Ok(
                request
                    .send()
                    .await?
                    .error_for_status()?
                    .json::<Value>()
                    .await?,
            )
        }
    };
    let summary = get("/analytics/summary").await?;
    let budgets = summary["budgets"].as_array().unwrap();
    let mut named: Vec<(&str, &str)> = budgets
        .iter()
        .map(|b| {
            (
                b["budget"]["name"].as_str().unwrap(),
                b["budget"]["period"].as_str().unwrap(),
            )
        })
        .collect();
    named.sort();
    assert_eq!(
        named,
        [
            ("Coffee", "weekly"),
            ("Eating out", "monthly"),
            ("Everything", "monthly"),
            ("Groceries", "monthly"),
            ("Travel", "yearly")
        ]
    );
    for b in budgets {
        assert!(b["progress"].is_object(), "{b}");
    }
    let groceries = budgets
        .iter()
        .find(|b| b["budget"]["name"] == "Groceries")
        .unwrap();
    assert_ne!(
        groceries["progress"]["rolled_over"], "0.0000",
        "six months of rollover"
    );

    let goals = get("/goals").await?;
    let holiday = goals
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["name"] == "Summer holiday")
        .unwrap();
    let id = holiday["id"].as_str().unwrap();
    let progress: Value = app
        .as_user(&session, Method::GET, &format!("/goals/{id}/progress"))
        .send()
        .await?
        .json()
        .await?;
    assert_eq!(progress["progress"]["saved"], "1000.0000", "{progress}");
    assert_eq!(progress["progress"]["on_track"], true, "{progress}");

    // Someone with a budget of their own keeps exactly that.
    let other = app.verified_user("own@example.com").await?;
    sqlx::query(
        "INSERT INTO budgets (user_id, name, period, amount, currency) VALUES ($1, 'Mine', 'monthly', 100, 'EUR')",
    )
    .bind(other.id)
    .execute(&app.db.pool)
    .await?;
    assert_eq!(
        demo_plan::ensure(&app.db.pool, other.id).await?,
        Planned::default()
    );
    Ok(())
}
