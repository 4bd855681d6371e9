//! Import through the HTTP API against COPY alone, on the same database and in one run:
//! `cargo run --release -p kakeibo-tests --bin bench-import-api [ROWS] [HISTORY]`.
//! The database first holds HISTORY rows (500,000 by default, over 2019–2025) of the user
//! who imports, in another account, so transfer detection has rows to look at. Then, in
//! each round, ROWS rows (100,000) first go by a bare COPY into a new account of a second
//! user, and a `Date,Description,Amount` CSV of ROWS rows over 2025 into a new account of
//! the first by `POST /api/v1/imports`, followed by the same file again (which must add 0).

// Timing figures, not money.
#![allow(clippy::float_arithmetic)]

use std::time::{Duration, Instant};

use anyhow::{Result, ensure};
use chrono::{Days, NaiveDate};
use kakeibo_tests::{TestApp, TestUser};
use reqwest::multipart::{Form, Part};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use uuid::Uuid;

const ROUNDS: usize = 3;

#[tokio::main]
async fn main() -> Result<()> {
    let mut args = std::env::args().skip(1).map(|a| a.parse::<usize>());
    let rows = args.next().transpose()?.unwrap_or(100_000);
    let history = args.next().transpose()?.unwrap_or(500_000);
    let app = TestApp::spawn().await?;
    let seeding = Instant::now();
    kakeibo_tests::bench_history::seed(&app.db.pool, "importer@bench.example", history as i64)
        .await?;
    println!(
        "{history} rows of history seeded in {:.0} s; {rows} rows per import; {} cores",
        seeding.elapsed().as_secs_f64(),
        std::thread::available_parallelism()?
    );
    let user = app
        .login(
            "importer@bench.example",
            kakeibo_tests::bench_history::SEED_PASSWORD,
        )
        .await?;
    let copier = app.register("copy@bench.example").await?;
    let file = csv_file(rows);
    let mut ratios = Vec::new();
    for round in 1..=ROUNDS {
        let copy = copy_alone(&app, &copier, rows).await?;
        let account = account(&app, &user, &format!("API {round}")).await?;
        let (first, added) = api_import(&app, &user, &account, &file).await?;
        ensure!(added == rows as i64, "the first import added {added} rows");
        let (again, added) = api_import(&app, &user, &account, &file).await?;
        ensure!(added == 0, "the same file again added {added} rows");
        let rate = |took: Duration| rows as f64 / took.as_secs_f64();
        println!(
            "round {round}: COPY alone {:>7.0} rows/s | API import {:>7.0} rows/s ({:>4.0} % of COPY) | same file again {:>7.0} rows/s",
            rate(copy),
            rate(first),
            100.0 * copy.as_secs_f64() / first.as_secs_f64(),
            rate(again)
        );
        ratios.push(copy.as_secs_f64() / first.as_secs_f64());
    }
    ratios.sort_by(f64::total_cmp);
    println!(
        "median: the API import ran at {:.0} % of COPY's speed",
        100.0 * ratios[ratios.len() / 2]
    );
    app.stop().await
}

async fn account(app: &TestApp, user: &TestUser, name: &str) -> Result<String> {
    let response = app
        .as_user(user, Method::POST, "/accounts")
        .json(&json!({ "name": name, "kind": "checking", "currency": "EUR" }))
        .send()
        .await?;
    ensure!(
        response.status() == StatusCode::CREATED,
        "{}",
        response.text().await?
    );
    let body: Value = response.json().await?;
    Ok(body["id"].as_str().unwrap_or_default().to_string())
}

/// The request's whole time, upload to answer; and the rows it added.
async fn api_import(
    app: &TestApp,
    user: &TestUser,
    account: &str,
    file: &[u8],
) -> Result<(Duration, i64)> {
    let form = Form::new()
        .part(
            "file",
            Part::bytes(file.to_vec()).file_name("statement.csv"),
        )
        .text("account_id", account.to_string());
    let started = Instant::now();
    let response = app
        .as_user(user, Method::POST, "/imports")
        .multipart(form)
        .send()
        .await?;
    let status = response.status();
    let body: Value = response.json().await?;
    let took = started.elapsed();
    ensure!(status == StatusCode::CREATED, "{status}: {body}");
    Ok((took, body["rows_added"].as_i64().unwrap_or(-1)))
}

/// The same rows by one COPY into a new account of the second user, with the columns an
/// import writes: what the database alone can take.
async fn copy_alone(app: &TestApp, user: &TestUser, rows: usize) -> Result<Duration> {
    let account: Uuid = account(app, user, "COPY").await?.parse()?;
    let mut data = String::with_capacity(rows * 120);
    for i in 0..rows {
        let (date, payee, amount) = row(i, rows);
        data.push_str(&format!(
            "{},{},{account},{date} 00:00:00+00,{amount},EUR,posted,\"{payee}\",\"{payee} card payment {i}\",,\n",
            Uuid::now_v7(),
            user.id
        ));
    }
    let mut conn = app.db.pool.acquire().await?;
    let started = Instant::now();
    let mut copy = conn
        .copy_in_raw(
            "COPY transactions (id, user_id, account_id, booked_at, amount, currency, status, payee,
                                description, provider_transaction_id, import_id)
             FROM STDIN (FORMAT csv)",
        )
        .await?;
    for chunk in data.as_bytes().chunks(1024 * 1024) {
        copy.send(chunk).await?;
    }
    let copied = copy.finish().await?;
    let took = started.elapsed();
    ensure!(copied == rows as u64, "COPY wrote {copied} rows");
    Ok(took)
}

/// Rows across 2025, several a day, amounts from a small set.
fn row(i: usize, rows: usize) -> (NaiveDate, &'static str, String) {
    const PAYEES: [&str; 6] = ["REWE", "Lidl", "Shell", "Amazon", "Cafe Noir", "Apotheke"];
    let start = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap_or_default();
    let date = start + Days::new((i * 365 / rows.max(1)) as u64);
    let cents = -((i * 7919 % 20_000) as i64) - 100;
    let amount = format!("{}.{:02}", cents / 100, (cents % 100).abs());
    (date, PAYEES[i % PAYEES.len()], amount)
}

fn csv_file(rows: usize) -> Vec<u8> {
    let mut out = String::from("Date,Description,Amount\n");
    for i in 0..rows {
        let (date, payee, amount) = row(i, rows);
        out.push_str(&format!("{date},{payee} card payment {i},{amount}\n"));
    }
    out.into_bytes()
}
