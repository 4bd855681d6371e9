//! A change of a transaction's date that moves it into another chunk of the hypertable:
//! TimescaleDB refuses such an UPDATE, so each way a date changes (a pending row posting, a
//! date edited by hand; a bank's correction in `connections::plaid::corrections`) moves the
//! row instead, keeping its id and everything the user gave it. The dates are aimed at a
//! boundary read from the hypertable's dimension, never taken relative to today.

use chrono::{Datelike, Days, NaiveDate};
use kakeibo_bank_sync::import::ImportReport;
use kakeibo_bank_sync::statement::{Statement, StatementLine};
use kakeibo_tests::chunks::{chunk_range, next_chunk_start};
use kakeibo_tests::{TestApp, TestUser};
use reqwest::{Method, StatusCode};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::analytics::{dec, get};
use crate::transactions::import_into;
use kakeibo_tests::http::{account, assert_invalid, call, category, expect};

/// A day in the middle of 2026; the boundary the tests use is the first one after it.
const SOMEWHERE: NaiveDate = NaiveDate::from_ymd_opt(2026, 5, 20).unwrap();

/// The first day of a chunk, and the day before it (the last of the previous chunk).
async fn boundary(app: &TestApp) -> anyhow::Result<(NaiveDate, NaiveDate)> {
    let first = next_chunk_start(&app.db.pool, SOMEWHERE).await?;
    Ok((first - Days::new(1), first))
}

fn posted(day: NaiveDate, amount: Decimal, payee: &str, id: &str) -> Statement {
    Statement {
        lines: vec![StatementLine {
            source_line: 2,
            booked_on: day,
            amount,
            currency: None,
            payee: payee.into(),
            description: format!("CARD {payee}"),
            source_id: Some(id.into()),
            pending: false,
            merchant_category_code: None,
        }],
        ..Default::default()
    }
}

fn pending(day: NaiveDate, amount: Decimal, payee: &str, id: &str) -> Statement {
    let mut statement = posted(day, amount, payee, id);
    statement.lines[0].pending = true;
    statement
}

async fn book(
    app: &TestApp,
    user: &TestUser,
    account: Uuid,
    statement: Statement,
) -> anyhow::Result<ImportReport> {
    import_into(app, user, account, &statement).await
}

/// An app, Ana with a checking account, and the boundary (see `boundary`).
async fn ana_at_the_boundary() -> anyhow::Result<(TestApp, TestUser, Uuid, NaiveDate, NaiveDate)> {
    let app = TestApp::spawn().await?;
    let user = app.verified_user("ana@example.com").await?;
    let checking = account(&app, &user, "Checking").await?;
    let (last, first) = boundary(&app).await?;
    Ok((app, user, checking, last, first))
}

async fn only_row(app: &TestApp, user: &TestUser, account: Uuid) -> anyhow::Result<Uuid> {
    let ids: Vec<Uuid> =
        sqlx::query_scalar("SELECT id FROM transactions WHERE user_id = $1 AND account_id = $2")
            .bind(user.id)
            .bind(account)
            .fetch_all(&app.db.pool)
            .await?;
    anyhow::ensure!(ids.len() == 1, "one row expected, found {ids:?}");
    Ok(ids[0])
}

async fn detail(app: &TestApp, user: &TestUser, id: Uuid) -> anyhow::Result<Value> {
    let path = format!("/transactions/{id}");
    expect(app, user, Method::GET, &path, None, StatusCode::OK).await
}

/// Spending in the month of `day`: each category's amount, smallest first.
async fn spent_on(app: &TestApp, user: &TestUser, day: NaiveDate) -> anyhow::Result<Vec<Decimal>> {
    let report = get(
        app,
        user,
        &format!("/analytics/spending?from={day}&to={day}"),
    )
    .await?;
    let mut amounts: Vec<Decimal> = report["periods"]
        .as_array()
        .expect("periods")
        .iter()
        .flat_map(|p| p["categories"].as_array().cloned().unwrap_or_default())
        .map(|c| dec(&c["amount"]))
        .collect();
    amounts.sort();
    Ok(amounts)
}

#[tokio::test]
async fn the_chunk_boundary_is_where_timescaledb_puts_it() -> anyhow::Result<()> {
    let (app, user, checking, last, first) = ana_at_the_boundary().await?;
    book(&app, &user, checking, posted(last, dec!(-1), "A", "a")).await?;
    let (_, _, end) = chunk_range(&app.db.pool, only_row(&app, &user, checking).await?).await?;
    assert_eq!(end, first, "the computed boundary is the chunk's end");
    Ok(())
}

#[tokio::test]
async fn a_pending_row_posted_in_the_next_chunk_keeps_its_id_edits_and_split() -> anyhow::Result<()>
{
    let (app, user, checking, _, first) = ana_at_the_boundary().await?;
    // The spending report counts whole months: the pending day is the last of the month
    // before, still in the previous chunk.
    let last = first.with_day(1).unwrap() - Days::new(1);

    // Booked pending in one chunk…
    book(
        &app,
        &user,
        checking,
        pending(last, dec!(-120.00), "IKEA", "auth-77"),
    )
    .await?;
    let id = only_row(&app, &user, checking).await?;
    let (chunk_before, _, end) = chunk_range(&app.db.pool, id).await?;
    assert_eq!(end, first, "pending in the chunk before the boundary");
    // …where Ana files it, names the merchant, notes, tags, and splits it.
    let groceries = category(&app, &user, "food.groceries").await?;
    let home = category(&app, &user, "shopping.home").await?;
    let path = format!("/transactions/{id}");
    let edit = json!({"category_id": home, "merchant": "IKEA Berlin", "notes": "shelves + lunch", "tags": ["flat"]});
    expect(
        &app,
        &user,
        Method::PATCH,
        &path,
        Some(edit),
        StatusCode::OK,
    )
    .await?;
    let parts = json!({"parts": [
        {"amount": "-100.00", "category_id": home},
        {"amount": "-20.00", "category_id": groceries, "notes": "hot dogs"}]});
    expect(
        &app,
        &user,
        Method::POST,
        &format!("{path}/split"),
        Some(parts),
        StatusCode::OK,
    )
    .await?;
    app.drain_jobs().await?;
    assert_eq!(
        spent_on(&app, &user, last).await?.len(),
        2,
        "the parts count on the pending day"
    );

    // The bank posts it on the first day of the next chunk.
    let report = book(
        &app,
        &user,
        checking,
        posted(first, dec!(-120.00), "IKEA", "auth-77"),
    )
    .await?;
    assert_eq!((report.rows_added, report.rows_posted), (0, 1));

    assert_eq!(
        only_row(&app, &user, checking).await?,
        id,
        "posted in place, under its id"
    );
    let (chunk_after, start, _) = chunk_range(&app.db.pool, id).await?;
    assert_ne!(
        chunk_after, chunk_before,
        "the row really crossed into another chunk"
    );
    assert_eq!(start, first);

    let t = detail(&app, &user, id).await?;
    assert_eq!(t["status"], "posted");
    assert_eq!(t["booked_at"].as_str().unwrap()[..10], first.to_string());
    assert_eq!(t["category_id"], home.as_str());
    assert_eq!(t["category_source"], "user");
    assert_eq!(t["merchant"], "IKEA Berlin");
    assert_eq!(t["notes"], "shelves + lunch");
    assert_eq!(t["tags"], json!(["flat"]));
    assert_eq!(t["locked_fields"], json!(["category", "merchant"]));
    let splits: Vec<(Decimal, String, Value)> = t["splits"]
        .as_array()
        .expect("splits")
        .iter()
        .map(|s| {
            (
                dec(&s["amount"]),
                s["category_id"].as_str().unwrap().to_string(),
                s["notes"].clone(),
            )
        })
        .collect();
    assert_eq!(
        splits,
        vec![
            (dec!(-100.00), home.clone(), Value::Null),
            (dec!(-20.00), groceries.clone(), json!("hot dogs")),
        ]
    );

    // The rollups moved the money from the old day to the new one.
    app.drain_jobs().await?;
    assert_eq!(spent_on(&app, &user, last).await?, vec![]);
    assert_eq!(
        spent_on(&app, &user, first).await?,
        vec![dec!(20.00), dec!(100.00)]
    );

    // Importing the same posted file again changes nothing.
    let again = book(
        &app,
        &user,
        checking,
        posted(first, dec!(-120.00), "IKEA", "auth-77"),
    )
    .await?;
    assert_eq!(
        (again.rows_added, again.rows_matched, again.rows_posted),
        (0, 1, 0)
    );
    Ok(())
}

#[tokio::test]
async fn a_transfer_keeps_its_link_across_the_boundary_and_links_after_posting()
-> anyhow::Result<()> {
    let (app, user, checking, last, first) = ana_at_the_boundary().await?;
    let savings = account(&app, &user, "Savings").await?;

    // A pair entered by hand on the last day of a chunk, linked, then one half moved by date.
    let out = manual(&app, &user, checking, last, "-500.00", "To savings").await?;
    let into = manual(&app, &user, savings, last, "500.00", "From checking").await?;
    let link = json!({"transaction_ids": [out, into]});
    expect(
        &app,
        &user,
        Method::POST,
        "/transfers",
        Some(link),
        StatusCode::CREATED,
    )
    .await?;
    let (chunk_before, _, _) = chunk_range(&app.db.pool, out).await?;
    let moved = json!({"booked_on": first});
    let t = expect(
        &app,
        &user,
        Method::PATCH,
        &format!("/transactions/{out}"),
        Some(moved),
        StatusCode::OK,
    )
    .await?;
    assert_eq!(t["booked_at"].as_str().unwrap()[..10], first.to_string());
    assert_ne!(chunk_range(&app.db.pool, out).await?.0, chunk_before);
    assert_eq!(
        detail(&app, &user, out).await?["transfer_id"],
        into.to_string()
    );
    assert_eq!(
        detail(&app, &user, into).await?["transfer_id"],
        out.to_string()
    );

    // A transfer whose outgoing half was pending on the last day and posts on the first day
    // of the next chunk, where its other half already is: the import posts and links it.
    let brokerage = account(&app, &user, "Brokerage").await?;
    book(
        &app,
        &user,
        checking,
        pending(last, dec!(-250.00), "DEPOT", "tr-9"),
    )
    .await?;
    book(
        &app,
        &user,
        brokerage,
        posted(first, dec!(250.00), "GIRO", "in-9"),
    )
    .await?;
    book(
        &app,
        &user,
        checking,
        posted(first, dec!(-250.00), "DEPOT", "tr-9"),
    )
    .await?;
    let (half, other): (Uuid, Uuid) = sqlx::query_as(
        "SELECT o.id, i.id FROM transactions o, transactions i
         WHERE o.user_id = $1 AND o.account_id = $2 AND o.amount = -250
           AND i.user_id = $1 AND i.account_id = $3",
    )
    .bind(user.id)
    .bind(checking)
    .bind(brokerage)
    .fetch_one(&app.db.pool)
    .await?;
    let t = detail(&app, &user, half).await?;
    assert_eq!(
        (t["status"].as_str(), t["transfer_id"].as_str()),
        (Some("posted"), Some(other.to_string().as_str()))
    );
    assert_eq!(chunk_range(&app.db.pool, half).await?.1, first);
    Ok(())
}

async fn manual(
    app: &TestApp,
    user: &TestUser,
    account: Uuid,
    day: NaiveDate,
    amount: &str,
    description: &str,
) -> anyhow::Result<Uuid> {
    let body = json!({"account_id": account, "booked_on": day, "amount": amount, "description": description});
    let t = expect(
        app,
        user,
        Method::POST,
        "/transactions",
        Some(body),
        StatusCode::CREATED,
    )
    .await?;
    Ok(t["id"].as_str().unwrap().parse()?)
}

#[tokio::test]
async fn only_a_transaction_added_by_hand_takes_a_new_date() -> anyhow::Result<()> {
    let (app, user, checking, last, first) = ana_at_the_boundary().await?;
    let eve = app.verified_user("eve@example.com").await?;
    book(
        &app,
        &user,
        checking,
        posted(last, dec!(-9.99), "NETFLIX", "nf-1"),
    )
    .await?;
    let imported = only_row(&app, &user, checking).await?;

    let (status, body) = call(
        &app,
        &user,
        Method::PATCH,
        &format!("/transactions/{imported}"),
        Some(json!({"booked_on": first, "notes": "lost"})),
    )
    .await?;
    assert_invalid(status, &body, "booked_on");
    let t = detail(&app, &user, imported).await?;
    assert_eq!(
        (
            t["booked_at"].as_str().unwrap()[..10].to_string(),
            t["notes"].clone()
        ),
        (last.to_string(), Value::Null),
        "a refused edit changes nothing"
    );

    let mine = manual(&app, &user, checking, last, "-4.50", "Cash coffee").await?;
    let (status, body) = call(
        &app,
        &user,
        Method::PATCH,
        &format!("/transactions/{mine}"),
        Some(json!({"booked_on": "2101-01-01"})),
    )
    .await?;
    assert_invalid(status, &body, "booked_on");
    let (status, _) = call(
        &app,
        &eve,
        Method::PATCH,
        &format!("/transactions/{mine}"),
        Some(json!({"booked_on": first})),
    )
    .await?;
    assert_eq!(status, StatusCode::NOT_FOUND, "another user's id");
    assert_eq!(
        chunk_range(&app.db.pool, mine).await?.2,
        first,
        "still in the first chunk"
    );

    // The same date again moves nothing; a date in the same chunk is a plain move.
    let same = json!({"booked_on": last, "notes": "kept"});
    let t = expect(
        &app,
        &user,
        Method::PATCH,
        &format!("/transactions/{mine}"),
        Some(same),
        StatusCode::OK,
    )
    .await?;
    assert_eq!(
        (
            t["booked_at"].as_str().unwrap()[..10].to_string(),
            t["notes"].as_str()
        ),
        (last.to_string(), Some("kept"))
    );
    let earlier = last - Days::new(3);
    let t = expect(
        &app,
        &user,
        Method::PATCH,
        &format!("/transactions/{mine}"),
        Some(json!({"booked_on": earlier})),
        StatusCode::OK,
    )
    .await?;
    assert_eq!(
        (
            t["booked_at"].as_str().unwrap()[..10].to_string(),
            t["notes"].as_str()
        ),
        (earlier.to_string(), Some("kept"))
    );
    Ok(())
}

#[tokio::test]
async fn a_moved_row_does_not_undo_a_later_correction() -> anyhow::Result<()> {
    let (app, user, checking, last, first) = ana_at_the_boundary().await?;
    let home = category(&app, &user, "shopping.home").await?;
    let groceries = category(&app, &user, "food.groceries").await?;

    // Ana files a pending IKEA purchase under Home, then a later IKEA row under Groceries:
    // the later correction is what the categorizer learns for IKEA.
    book(
        &app,
        &user,
        checking,
        pending(last, dec!(-80.00), "IKEA", "auth-1"),
    )
    .await?;
    let pending = only_row(&app, &user, checking).await?;
    app.drain_jobs().await?;
    let file = json!({"category_id": home});
    expect(
        &app,
        &user,
        Method::PATCH,
        &format!("/transactions/{pending}"),
        Some(file),
        StatusCode::OK,
    )
    .await?;
    book(
        &app,
        &user,
        checking,
        posted(last, dec!(-12.00), "IKEA", "card-2"),
    )
    .await?;
    app.drain_jobs().await?;
    let later: Uuid = sqlx::query_scalar(
        "SELECT id FROM transactions WHERE user_id = $1 AND provider_transaction_id = 'card-2'",
    )
    .bind(user.id)
    .fetch_one(&app.db.pool)
    .await?;
    let file = json!({"category_id": groceries});
    expect(
        &app,
        &user,
        Method::PATCH,
        &format!("/transactions/{later}"),
        Some(file),
        StatusCode::OK,
    )
    .await?;
    let learned = || async {
        sqlx::query_scalar::<_, Uuid>(
            "SELECT e.category_id FROM user_examples e
             JOIN transactions t ON t.user_id = e.user_id AND t.merchant_key = e.text_hash
             WHERE t.user_id = $1 AND t.id = $2",
        )
        .bind(user.id)
        .bind(later)
        .fetch_all(&app.db.pool)
        .await
    };
    assert_eq!(
        learned().await?,
        vec![groceries.parse::<Uuid>()?],
        "the correction is learned"
    );

    book(
        &app,
        &user,
        checking,
        posted(first, dec!(-80.00), "IKEA", "auth-1"),
    )
    .await?;
    assert_eq!(
        chunk_range(&app.db.pool, pending).await?.1,
        first,
        "moved into the next chunk"
    );
    assert_eq!(
        detail(&app, &user, pending).await?["category_id"],
        home.as_str()
    );
    assert_eq!(
        learned().await?,
        vec![groceries.parse::<Uuid>()?],
        "still the later correction"
    );
    Ok(())
}
