//! Issue 16, part 3: statement files as banks write them, through the HTTP API. OFX files
//! with several accounts, investment statements, headerless and half-empty OFX, a preview
//! that refuses what the import refuses, and CSV exports no preset knows (a guessed mapping,
//! confirmed once and remembered for the account).

use kakeibo_tests::{TestApp, TestUser, workspace_root};
use reqwest::multipart::{Form, Part};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

fn fixture(path: &str) -> Vec<u8> {
    let full = workspace_root()
        .join("services/statements/tests/fixtures")
        .join(path);
    std::fs::read(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()))
}

pub(crate) async fn account(
    app: &TestApp,
    user: &TestUser,
    name: &str,
    currency: &str,
    mask: Option<&str>,
) -> anyhow::Result<String> {
    let response = app
        .as_user(user, Method::POST, "/accounts")
        .json(&json!({ "name": name, "kind": "checking", "currency": currency, "mask": mask }))
        .send()
        .await?;
    assert_eq!(response.status(), StatusCode::CREATED);
    let body: Value = response.json().await?;
    assert_eq!(body["mask"].as_str(), mask);
    Ok(body["id"].as_str().unwrap().to_string())
}

pub(crate) fn upload(
    file: &[u8],
    name: &str,
    account: Option<&str>,
    options: Option<Value>,
) -> Form {
    let mut form = Form::new().part(
        "file",
        Part::bytes(file.to_vec()).file_name(name.to_string()),
    );
    if let Some(account) = account {
        form = form.text("account_id", account.to_string());
    }
    if let Some(options) = options {
        form = form.text("options", options.to_string());
    }
    form
}

pub(crate) async fn post(
    app: &TestApp,
    user: &TestUser,
    path: &str,
    form: Form,
) -> anyhow::Result<(StatusCode, Value)> {
    let response = app
        .as_user(user, Method::POST, path)
        .multipart(form)
        .send()
        .await?;
    let status = response.status();
    Ok((status, response.json().await?))
}

fn error_message(body: &Value) -> String {
    body["error"]["details"]["fields"][0]["message"]
        .as_str()
        .or(body["error"]["message"].as_str())
        .unwrap_or_default()
        .to_string()
}

async fn rows_in(app: &TestApp, account: &str) -> anyhow::Result<i64> {
    Ok(sqlx::query_scalar(
        "SELECT count(*) FROM transactions WHERE account_id = $1::uuid AND deleted_at IS NULL",
    )
    .bind(account)
    .fetch_one(&app.db.pool)
    .await?)
}

async fn all_rows(app: &TestApp) -> anyhow::Result<i64> {
    Ok(sqlx::query_scalar("SELECT count(*) FROM transactions")
        .fetch_one(&app.db.pool)
        .await?)
}

/// Item 9: the preview with an account gives the import's own error for a file in another
/// currency, and the import gives it too; nothing is written.
#[tokio::test]
async fn imports_preview_with_an_account_refuses_what_the_import_refuses() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let user = app.register("a@example.com").await?;
    let yen = account(&app, &user, "Yen", "JPY", None).await?;
    let file = fixture("ofx/latin_1252.ofx");
    // Without an account the preview only reads the file.
    let (status, preview) = post(
        &app,
        &user,
        "/imports/preview",
        upload(&file, "a.ofx", None, None),
    )
    .await?;
    assert_eq!(status, StatusCode::OK, "{preview}");
    assert_eq!(preview["accounts"][0]["account_id"], Value::Null);
    // With the account it checks as the import does.
    let (status, refused) = post(
        &app,
        &user,
        "/imports/preview",
        upload(&file, "a.ofx", Some(&yen), None),
    )
    .await?;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
    let (status, imported) = post(
        &app,
        &user,
        "/imports",
        upload(&file, "a.ofx", Some(&yen), None),
    )
    .await?;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{imported}");
    assert_eq!(error_message(&refused), error_message(&imported));
    assert!(
        error_message(&refused).contains("the file is in EUR, the account in JPY"),
        "{refused}"
    );
    assert_eq!(refused["error"]["details"], imported["error"]["details"]);
    assert_eq!(all_rows(&app).await?, 0);
    // The matching account previews fine and names itself.
    let euro = account(&app, &user, "Euro", "EUR", None).await?;
    let (status, preview) = post(
        &app,
        &user,
        "/imports/preview",
        upload(&file, "a.ofx", Some(&euro), None),
    )
    .await?;
    assert_eq!(status, StatusCode::OK, "{preview}");
    assert_eq!(preview["accounts"][0]["account_id"], euro.as_str());
    assert_eq!(preview["accounts"][0]["matched_by"], "explicit");
    Ok(())
}

/// Another user's account is a 404, in the preview and the import alike.
#[tokio::test]
async fn imports_preview_into_another_users_account_is_404() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let alice = app.register("alice@example.com").await?;
    let bob = app.register("bob@example.com").await?;
    let alices = account(&app, &alice, "Checking", "EUR", Some("2333")).await?;
    let file = fixture("csv/giro_de_guess.csv");
    for path in ["/imports/preview", "/imports"] {
        let (status, body) = post(
            &app,
            &bob,
            path,
            upload(&file, "a.csv", Some(&alices), None),
        )
        .await?;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}: {body}");
    }
    // Nor does Bob's multi-account file find Alice's account by its number.
    let multi = fixture("ofx/multi_account.ofx");
    let (status, body) = post(&app, &bob, "/imports", upload(&multi, "m.ofx", None, None)).await?;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(all_rows(&app).await?, 0);
    Ok(())
}

/// Item 7: each statement of the file into the account its number names, shown in the
/// preview first; a second upload adds nothing.
#[tokio::test]
async fn imports_an_ofx_file_with_several_accounts_into_each() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let user = app.register("a@example.com").await?;
    let checking = account(&app, &user, "Checking", "USD", Some("2333")).await?;
    let card = account(&app, &user, "Visa", "USD", Some("4321")).await?;
    let savings = account(&app, &user, "Savings 5666", "USD", None).await?;
    let file = fixture("ofx/multi_account.ofx");

    let (status, preview) = post(
        &app,
        &user,
        "/imports/preview",
        upload(&file, "m.ofx", None, None),
    )
    .await?;
    assert_eq!(status, StatusCode::OK, "{preview}");
    let mapping: Vec<(String, String, &str, i64)> = preview["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["account_hint"].as_str().unwrap().to_string(),
                a["account_id"].as_str().unwrap_or_default().to_string(),
                a["matched_by"].as_str().unwrap_or_default(),
                a["rows"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        mapping,
        [
            ("000111222333".into(), checking.clone(), "last_four", 2),
            ("000444555666".into(), savings.clone(), "last_four", 1),
            ("XXXXXXXXXXXX4321".into(), card.clone(), "last_four", 3),
        ]
    );
    assert_eq!(preview["rows"], 6);
    assert_eq!(preview["accounts"][2]["account_name"], "Visa");
    assert_eq!(all_rows(&app).await?, 0);

    let (status, first) = post(&app, &user, "/imports", upload(&file, "m.ofx", None, None)).await?;
    assert_eq!(status, StatusCode::CREATED, "{first}");
    assert_eq!(first["account_id"], checking.as_str());
    assert_eq!(first["rows_added"], 2);
    let others = first["other_imports"].as_array().unwrap();
    assert_eq!(
        others
            .iter()
            .map(|o| (
                o["account_id"].as_str().unwrap(),
                o["rows_added"].as_i64().unwrap()
            ))
            .collect::<Vec<_>>(),
        [(savings.as_str(), 1), (card.as_str(), 3)]
    );
    assert_eq!(
        (
            rows_in(&app, &checking).await?,
            rows_in(&app, &savings).await?,
            rows_in(&app, &card).await?
        ),
        (2, 1, 3)
    );
    let (status, again) = post(&app, &user, "/imports", upload(&file, "m.ofx", None, None)).await?;
    assert_eq!(status, StatusCode::CREATED, "{again}");
    assert_eq!(
        (again["rows_added"].as_i64(), again["rows_matched"].as_i64()),
        (Some(0), Some(2))
    );
    assert_eq!(all_rows(&app).await?, 6);
    Ok(())
}

/// Item 7: a statement that matches no account refuses the whole file, naming its number;
/// an explicit account takes the one statement no number matched.
#[tokio::test]
async fn imports_refuse_a_statement_no_account_matches() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let user = app.register("a@example.com").await?;
    let checking = account(&app, &user, "Checking", "USD", Some("2333")).await?;
    let card = account(&app, &user, "Visa", "USD", Some("4321")).await?;
    let file = fixture("ofx/multi_account.ofx");
    for path in ["/imports/preview", "/imports"] {
        let (status, body) = post(&app, &user, path, upload(&file, "m.ofx", None, None)).await?;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{path}: {body}");
        let message = error_message(&body);
        assert!(
            message.contains("\"000444555666\"")
                && message.contains("matches none of your accounts"),
            "{message}"
        );
    }
    assert_eq!(all_rows(&app).await?, 0, "all or nothing");
    // The savings account has no number yet: naming it takes the unmatched statement.
    let savings = account(&app, &user, "Savings", "USD", None).await?;
    let (status, body) = post(
        &app,
        &user,
        "/imports",
        upload(&file, "m.ofx", Some(&savings), None),
    )
    .await?;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(
        (
            rows_in(&app, &checking).await?,
            rows_in(&app, &savings).await?,
            rows_in(&app, &card).await?
        ),
        (2, 1, 3)
    );
    Ok(())
}

/// Item 5: no header, an empty CURDEF (the account's currency applies) and an empty BALAMT.
#[tokio::test]
async fn imports_a_headerless_ofx_with_empty_elements() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let user = app.register("a@example.com").await?;
    let giro = account(&app, &user, "Giro", "EUR", None).await?;
    let file = fixture("ofx/headerless_empty.ofx");
    let (status, preview) = post(
        &app,
        &user,
        "/imports/preview",
        upload(&file, "h.ofx", Some(&giro), None),
    )
    .await?;
    assert_eq!(status, StatusCode::OK, "{preview}");
    assert_eq!(
        (preview["format"].as_str(), preview["currency"].as_str()),
        (Some("ofx"), None)
    );
    let (status, body) = post(
        &app,
        &user,
        "/imports",
        upload(&file, "h.ofx", Some(&giro), None),
    )
    .await?;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["rows_added"], 2);
    let currency: String = sqlx::query_scalar(
        "SELECT DISTINCT currency::text FROM transactions WHERE account_id = $1::uuid",
    )
    .bind(&giro)
    .fetch_one(&app.db.pool)
    .await?;
    assert_eq!(currency, "EUR");
    Ok(())
}

/// Item 8: an investment statement's cash movements into a cash account; the preview says
/// holdings are not imported.
#[tokio::test]
async fn imports_the_cash_side_of_an_investment_statement() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let user = app.register("a@example.com").await?;
    let brokerage = account(&app, &user, "Brokerage cash", "USD", None).await?;
    let file = fixture("ofx/investment.ofx");
    let (status, preview) = post(
        &app,
        &user,
        "/imports/preview",
        upload(&file, "i.ofx", Some(&brokerage), None),
    )
    .await?;
    assert_eq!(status, StatusCode::OK, "{preview}");
    assert_eq!(preview["rows"], 5);
    let notes = preview["notes"].to_string();
    assert!(
        notes.contains("Holdings and positions are not imported"),
        "{notes}"
    );
    assert!(
        notes.contains("1 investment transaction without a cash movement"),
        "{notes}"
    );
    let (status, body) = post(
        &app,
        &user,
        "/imports",
        upload(&file, "i.ofx", Some(&brokerage), None),
    )
    .await?;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["rows_added"], 5);
    let total: String = sqlx::query_scalar(
        "SELECT sum(amount)::text FROM transactions WHERE account_id = $1::uuid",
    )
    .bind(&brokerage)
    .fetch_one(&app.db.pool)
    .await?;
    // 1000 - 504.95 + 12.40 + 0.87 + 100: the broker's available cash.
    assert_eq!(
        total.parse::<rust_decimal::Decimal>()?,
        rust_decimal_macros::dec!(608.32)
    );
    let dividend: String = sqlx::query_scalar(
        "SELECT payee FROM transactions WHERE account_id = $1::uuid AND provider_transaction_id = 'INV-3'",
    )
    .bind(&brokerage)
    .fetch_one(&app.db.pool)
    .await?;
    assert_eq!(dividend, "Dividend: ACME Corp & Co");
    Ok(())
}

/// Item 10: a German giro export no preset knows: the preview shows the guess and how sure
/// it is, and an import with no options uses it.
#[tokio::test]
async fn imports_a_csv_export_no_preset_knows_by_a_sure_guess() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let user = app.register("a@example.com").await?;
    let giro = account(&app, &user, "Giro", "EUR", None).await?;
    let file = fixture("csv/giro_de_guess.csv");
    let (status, preview) = post(
        &app,
        &user,
        "/imports/preview",
        upload(&file, "u.csv", None, None),
    )
    .await?;
    assert_eq!(status, StatusCode::OK, "{preview}");
    assert_eq!(preview["csv_preset"], Value::Null);
    assert_eq!(preview["csv_guess"]["confidence"], 1.0);
    assert_eq!(
        preview["csv_guess"]["mapping"]["date_column"],
        "Buchungstag"
    );
    assert_eq!(preview["csv_guess"]["mapping"]["decimal_mark"], "comma");
    assert!(
        preview["csv_guess"]["reasons"]
            .as_array()
            .is_some_and(|r| !r.is_empty())
    );
    assert_eq!(preview["sample"][2]["amount"], "-1084.10");
    let (status, body) = post(
        &app,
        &user,
        "/imports",
        upload(&file, "u.csv", Some(&giro), None),
    )
    .await?;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["rows_added"], 4);
    // A sure guess is not a confirmation: nothing is saved.
    let saved: i64 = sqlx::query_scalar("SELECT count(*) FROM account_csv_mappings")
        .fetch_one(&app.db.pool)
        .await?;
    assert_eq!(saved, 0);
    Ok(())
}

const UNSURE: &str = "Datum;Name;Betrag\n01/02/2025;Miete;950,00\n03/04/2025;Strom;84,10\n";
const UNSURE_NEXT_MONTH: &str =
    "Datum;Name;Betrag\n02/03/2025;Miete;950,00\n04/05/2025;Strom;84,10\n04/07/2025;Wasser;31,00\n";

/// Item 10: an unsure guess is refused with the guess; the mapping the user sends back is
/// saved for the account, and next month's file with the same header needs no question.
#[tokio::test]
async fn imports_remember_the_csv_mapping_a_user_confirmed() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let user = app.register("a@example.com").await?;
    let giro = account(&app, &user, "Giro", "EUR", None).await?;
    let other = account(&app, &user, "Other", "EUR", None).await?;

    let (status, preview) = post(
        &app,
        &user,
        "/imports/preview",
        upload(UNSURE.as_bytes(), "u.csv", Some(&giro), None),
    )
    .await?;
    assert_eq!(status, StatusCode::OK, "{preview}");
    let confidence = preview["csv_guess"]["confidence"].as_f64().unwrap();
    assert!(confidence < 0.8, "{preview}");
    assert!(
        preview["notes"]
            .to_string()
            .contains("send its mapping back as csv_mapping"),
        "{preview}"
    );
    assert_eq!(preview["csv_saved_mapping"], false);

    let (status, refused) = post(
        &app,
        &user,
        "/imports",
        upload(UNSURE.as_bytes(), "u.csv", Some(&giro), None),
    )
    .await?;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
    let message = error_message(&refused);
    assert!(message.contains("send it back as csv_mapping"), "{message}");
    assert!(message.contains("\"date_column\":\"Datum\""), "{message}");
    assert_eq!(all_rows(&app).await?, 0);

    // A mapping that does not fit the file: a clear error, nothing written, nothing saved.
    let mut wrong = preview["csv_guess"]["mapping"].clone();
    wrong["date_column"] = json!("Buchungstag");
    let (status, body) = post(
        &app,
        &user,
        "/imports",
        upload(
            UNSURE.as_bytes(),
            "u.csv",
            Some(&giro),
            Some(json!({ "csv_mapping": wrong })),
        ),
    )
    .await?;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(
        error_message(&body).contains("no column named \"Buchungstag\""),
        "{body}"
    );
    let saved: i64 = sqlx::query_scalar("SELECT count(*) FROM account_csv_mappings")
        .fetch_one(&app.db.pool)
        .await?;
    assert_eq!(
        (saved, all_rows(&app).await?),
        (0, 0),
        "a failed import saves nothing"
    );

    // The user confirms the guess, month first after all (amounts out are positive in this
    // export: the user's mapping says so with an inverted sign).
    let mut confirmed = preview["csv_guess"]["mapping"].clone();
    confirmed["date_format"] = json!("%m/%d/%Y");
    confirmed["amount"]["sign"] = json!("inverted");
    let (status, body) = post(
        &app,
        &user,
        "/imports",
        upload(
            UNSURE.as_bytes(),
            "u.csv",
            Some(&giro),
            Some(json!({ "csv_mapping": confirmed })),
        ),
    )
    .await?;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["rows_added"], 2);
    let saved: i64 =
        sqlx::query_scalar("SELECT count(*) FROM account_csv_mappings WHERE account_id = $1::uuid")
            .bind(&giro)
            .fetch_one(&app.db.pool)
            .await?;
    assert_eq!(saved, 1);

    // Next month: no options, no question.
    let (status, preview) = post(
        &app,
        &user,
        "/imports/preview",
        upload(UNSURE_NEXT_MONTH.as_bytes(), "u.csv", Some(&giro), None),
    )
    .await?;
    assert_eq!(status, StatusCode::OK, "{preview}");
    assert_eq!(preview["csv_saved_mapping"], true);
    assert_eq!(preview["csv_guess"], Value::Null);
    assert_eq!(preview["sample"][0]["booked_on"], "2025-02-03");
    assert_eq!(preview["sample"][0]["amount"], "-950.00");
    let (status, body) = post(
        &app,
        &user,
        "/imports",
        upload(UNSURE_NEXT_MONTH.as_bytes(), "u.csv", Some(&giro), None),
    )
    .await?;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["rows_added"], 3);
    let dates: Vec<String> = sqlx::query_scalar(
        "SELECT (booked_at AT TIME ZONE 'UTC')::date::text FROM transactions WHERE account_id = $1::uuid ORDER BY booked_at",
    )
    .bind(&giro)
    .fetch_all(&app.db.pool)
    .await?;
    assert_eq!(
        dates,
        [
            "2025-01-02",
            "2025-02-03",
            "2025-03-04",
            "2025-04-05",
            "2025-04-07"
        ]
    );

    // The mapping belongs to that account: another account is still asked.
    let (status, body) = post(
        &app,
        &user,
        "/imports",
        upload(UNSURE_NEXT_MONTH.as_bytes(), "u.csv", Some(&other), None),
    )
    .await?;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    Ok(())
}

/// The new fields and the preview's `account_id` are described in the OpenAPI document.
#[tokio::test]
async fn imports_openapi_describes_the_new_fields() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let doc: Value = app.get("/api/v1/openapi.json").await?.json().await?;
    let preview = &doc["components"]["schemas"]["Preview"]["properties"];
    for field in ["csv_guess", "csv_saved_mapping", "accounts", "notes"] {
        assert!(
            preview[field]["description"]
                .as_str()
                .is_some_and(|d| !d.is_empty()),
            "Preview.{field}: {}",
            preview[field]
        );
    }
    let target = &doc["components"]["schemas"]["StatementTarget"]["properties"];
    assert!(
        target["account_hint"]["description"].is_string(),
        "{target}"
    );
    let body = doc["paths"]["/api/v1/imports/preview"]["post"]["requestBody"]["description"]
        .as_str()
        .unwrap_or_default();
    assert!(body.contains("account_id"), "{body}");
    let account = &doc["components"]["schemas"]["NewAccount"]["properties"];
    assert!(account["mask"]["description"].is_string(), "{account}");
    Ok(())
}
