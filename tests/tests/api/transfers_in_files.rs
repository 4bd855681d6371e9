//! Transfers found by file imports through the HTTP API: a big file's transfers with rows
//! stored in other accounts (read on a second connection beside the file's COPY), and the
//! transfers between the statements of one file (read inside the import's transaction, the
//! only one that sees the file's first statements before it commits).

use kakeibo_bank_sync::import::{self, ImportSource};
use kakeibo_bank_sync::statement::{Statement, StatementLine};
use kakeibo_tests::{TestApp, TestUser, workspace_root};
use reqwest::{Method, StatusCode};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use serde_json::Value;
use uuid::Uuid;

use crate::imports_files::{post, upload};

async fn account(
    app: &TestApp,
    user: &TestUser,
    name: &str,
    currency: &str,
    mask: Option<&str>,
) -> anyhow::Result<Uuid> {
    Ok(
        crate::imports_files::account(app, user, name, currency, mask)
            .await?
            .parse()?,
    )
}

async fn post_file(
    app: &TestApp,
    user: &TestUser,
    file: &[u8],
    name: &str,
    account_id: Option<Uuid>,
) -> anyhow::Result<(StatusCode, Value)> {
    let account_id = account_id.map(|id| id.to_string());
    post(
        app,
        user,
        "/imports",
        upload(file, name, account_id.as_deref(), None),
    )
    .await
}

#[tokio::test]
async fn a_big_file_links_its_transfers_with_rows_stored_in_other_accounts() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let user = app.verified_user("ana@example.com").await?;
    let checking = account(&app, &user, "Checking", "EUR", None).await?;
    let savings = account(&app, &user, "Savings", "EUR", None).await?;
    // Savings already holds the arriving halves of three transfers the big file sends.
    let arrived = [
        ("2025-03-03", dec!(700.00)),
        ("2025-06-02", dec!(45.50)),
        ("2025-09-30", dec!(1200.00)),
    ];
    store(&app, &user, savings, &arrived).await?;

    // 1,500 card payments over 2025 (no opposite anywhere), with the three transfers among them.
    let mut csv = String::from("Date,Description,Amount\n");
    for day in 0..1_500 {
        let date = chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap()
            + chrono::Days::new(day * 360 / 1_500);
        csv.push_str(&format!("{date},CARD PAYMENT {day},-{}.13\n", day % 90 + 1));
    }
    for (date, amount) in [
        ("2025-03-01", "-700.00"),
        ("2025-06-01", "-45.50"),
        ("2025-09-29", "-1200.00"),
    ] {
        csv.push_str(&format!("{date},TRANSFER TO SAVINGS,{amount}\n"));
    }
    let (status, body) = post_file(&app, &user, csv.as_bytes(), "big.csv", Some(checking)).await?;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["rows_added"], 1_503);

    let pairs = transfer_pairs(&app, &user).await?;
    assert_eq!(
        pairs,
        [
            (checking, savings, "1200.0000".to_string()),
            (checking, savings, "45.5000".to_string()),
            (checking, savings, "700.0000".to_string()),
        ]
    );
    // Sending the file again links nothing more and adds nothing.
    let (status, again) = post_file(&app, &user, csv.as_bytes(), "big.csv", Some(checking)).await?;
    assert_eq!(status, StatusCode::CREATED, "{again}");
    assert_eq!(again["rows_added"], 0);
    assert_eq!(transfer_pairs(&app, &user).await?.len(), 3);
    Ok(())
}

#[tokio::test]
async fn a_file_with_several_accounts_links_the_transfers_between_them() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let user = app.verified_user("ana@example.com").await?;
    let checking = account(&app, &user, "Checking", "USD", Some("2333")).await?;
    account(&app, &user, "Savings", "USD", Some("5666")).await?;
    let card = account(&app, &user, "Visa", "USD", Some("4321")).await?;
    // The checking statement pays the card two days before the card's statement (the file's
    // third) shows the payment arriving.
    let fixture = workspace_root().join("services/statements/tests/fixtures/ofx/multi_account.ofx");
    let file = std::fs::read_to_string(&fixture)?.replacen(
        "<FITID>CHK-2<NAME>ACME PAYROLL</STMTTRN>",
        "<FITID>CHK-2<NAME>ACME PAYROLL</STMTTRN>\n\
         <STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20251116<TRNAMT>-500.00<FITID>CHK-3<NAME>VISA PAYMENT</STMTTRN>",
        1,
    );
    assert!(file.contains("CHK-3"), "the fixture changed");

    let (status, body) = post_file(&app, &user, file.as_bytes(), "m.ofx", None).await?;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["rows_added"], 3);
    assert_eq!(
        transfer_pairs(&app, &user).await?,
        [(checking, card, "500.0000".to_string())]
    );
    Ok(())
}

/// Stores posted rows (date, amount) in the account as a committed import.
async fn store(
    app: &TestApp,
    user: &TestUser,
    account_id: Uuid,
    rows: &[(&str, Decimal)],
) -> anyhow::Result<()> {
    let statement = Statement {
        lines: rows
            .iter()
            .enumerate()
            .map(|(n, (date, amount))| StatementLine {
                source_line: n + 2,
                booked_on: date.parse().unwrap(),
                amount: *amount,
                currency: None,
                payee: String::new(),
                description: "TRANSFER FROM CHECKING".into(),
                source_id: None,
                pending: false,
                merchant_category_code: None,
            })
            .collect(),
        ..Default::default()
    };
    let source = ImportSource {
        kind: "file",
        format: Some("csv"),
        filename: None,
    };
    let report = import::import(&app.db.pool, user.id, account_id, &statement, source).await?;
    assert_eq!(
        (report.rows_added, report.transfers_linked),
        (rows.len(), 0)
    );
    Ok(())
}

/// The user's transfers as (from account, to account, amount), by amount's text.
async fn transfer_pairs(
    app: &TestApp,
    user: &TestUser,
) -> anyhow::Result<Vec<(Uuid, Uuid, String)>> {
    let response = app
        .as_user(user, Method::GET, "/transfers?limit=100")
        .send()
        .await?;
    assert_eq!(response.status(), StatusCode::OK);
    let page: Value = response.json().await?;
    let mut pairs: Vec<(Uuid, Uuid, String)> = page["transfers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["from"]["account_id"].as_str().unwrap().parse().unwrap(),
                t["to"]["account_id"].as_str().unwrap().parse().unwrap(),
                t["to"]["amount"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    pairs.sort_by(|a, b| a.2.cmp(&b.2));
    Ok(pairs)
}
