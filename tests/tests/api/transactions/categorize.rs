//! The categorization pipeline end to end: an import's job categorizes the new rows with
//! the user's rules first, then the user's history, then kNN and the lexicon; a correction
//! becomes a labelled example at once and decides the next row of that merchant; locked
//! fields and other users' corrections are left alone.

use kakeibo_tests::TestApp;
use reqwest::{Method, StatusCode};
use rust_decimal_macros::dec;
use serde_json::json;

use super::{account, category, expect, id_of, import_into, row, statement};

#[tokio::test]
async fn new_rows_get_a_category_with_its_source_rules_first() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let user = app.verified_user("ana@example.com").await?;
    let checking = account(&app, &user, "Checking").await?;
    let hobbies = category(&app, &user, "entertainment.hobbies").await?;
    expect(
        &app,
        &user,
        Method::POST,
        "/rules",
        Some(json!({
            "name": "Comics",
            "triggers": [{ "type": "description", "op": "contains", "value": "zorblax" }],
            "actions": { "category_id": hobbies }
        })),
        StatusCode::CREATED,
    )
    .await?;
    import_into(
        &app,
        &user,
        checking,
        &statement(&[
            (
                3,
                dec!(-12.40),
                "",
                "GIROCARD ADLER APOTHEKE KOELN 12.03.26 10:12",
            ),
            (
                3,
                dec!(2450.00),
                "",
                "ACH CREDIT ACME WIDGETS PAYROLL PPD ID: 0313079525",
            ),
            (2, dec!(-4.50), "", "SQ *BLUE BOTTLE COFFEE OAKLAND CA"),
            (1, dec!(-19.99), "", "ZORBLAX COMICS #42 DENVER CO"),
        ]),
    )
    .await?;
    app.drain_jobs().await?;

    for (description, slug, source) in [
        (
            "GIROCARD ADLER APOTHEKE KOELN 12.03.26 10:12",
            "health.pharmacy",
            "knn",
        ),
        (
            "ACH CREDIT ACME WIDGETS PAYROLL PPD ID: 0313079525",
            "income.salary",
            "knn",
        ),
        ("SQ *BLUE BOTTLE COFFEE OAKLAND CA", "food.coffee", "knn"),
        (
            "ZORBLAX COMICS #42 DENVER CO",
            "entertainment.hobbies",
            "rule",
        ),
    ] {
        let t = row(&app, &user, description).await?;
        assert_eq!(
            t["category_id"],
            json!(category(&app, &user, slug).await?),
            "{description}: {t}"
        );
        assert_eq!(t["category_source"], source, "{description}");
        let confidence = t["category_confidence"].as_f64().unwrap();
        assert!(
            confidence > 0.0 && confidence <= 1.0,
            "{description}: {confidence}"
        );
    }
    Ok(())
}

#[tokio::test]
async fn a_correction_decides_the_next_row_of_that_merchant_for_that_user_only()
-> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let ana = app.verified_user("ana@example.com").await?;
    let eve = app.verified_user("eve@example.com").await?;
    let ana_account = account(&app, &ana, "Checking").await?;
    let eve_account = account(&app, &eve, "Checking").await?;
    let first = "PURCHASE AUTHORIZED ON 03/02 QUUXLY #0042 AUSTIN TX S418086633535441 CARD 4397";
    import_into(
        &app,
        &ana,
        ana_account,
        &statement(&[(9, dec!(-31.00), "", first)]),
    )
    .await?;
    app.drain_jobs().await?;

    let pets = category(&app, &ana, "family.pets").await?;
    let id = id_of(&app, &ana, first).await?;
    expect(
        &app,
        &ana,
        Method::PATCH,
        &format!("/transactions/{id}"),
        Some(json!({ "category_id": pets })),
        StatusCode::OK,
    )
    .await?;
    let examples: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM user_examples WHERE user_id = $1 AND text = 'quuxly' AND category_id = $2",
    )
    .bind(ana.id)
    .bind(pets.parse::<uuid::Uuid>()?)
    .fetch_one(&app.db.pool)
    .await?;
    assert_eq!(examples, 1, "the correction is a labelled example at once");

    let next = "QUUXLY #0077 DENVER CO";
    import_into(
        &app,
        &ana,
        ana_account,
        &statement(&[(1, dec!(-28.00), "", next)]),
    )
    .await?;
    import_into(
        &app,
        &eve,
        eve_account,
        &statement(&[(1, dec!(-28.00), "", next)]),
    )
    .await?;
    app.drain_jobs().await?;

    let t = row(&app, &ana, next).await?;
    assert_eq!(t["category_id"], json!(pets));
    assert_eq!(t["category_source"], "history");
    let theirs = row(&app, &eve, next).await?;
    assert_ne!(theirs["category_source"], "history", "{theirs}");
    assert_ne!(
        theirs["category_id"],
        json!(category(&app, &eve, "family.pets").await?)
    );
    // The corrected row itself keeps the user's choice.
    let corrected = row(&app, &ana, first).await?;
    assert_eq!(corrected["category_source"], "user");
    assert_eq!(corrected["category_id"], json!(pets));
    Ok(())
}

#[tokio::test]
async fn a_row_the_user_categorized_before_the_job_ran_keeps_its_category() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let user = app.verified_user("ana@example.com").await?;
    let checking = account(&app, &user, "Checking").await?;
    let text = "GIROCARD LINDEN APOTHEKE BERLIN 01.02.26 09:00";
    let sibling = "KARTENZAHLUNG LINDEN APOTHEKE BERLIN 03.02";
    import_into(
        &app,
        &user,
        checking,
        &statement(&[(2, dec!(-8.00), "", text), (1, dec!(-5.00), "", sibling)]),
    )
    .await?;
    let gifts = category(&app, &user, "giving.gifts").await?;
    let id = id_of(&app, &user, text).await?;
    expect(
        &app,
        &user,
        Method::PATCH,
        &format!("/transactions/{id}"),
        Some(json!({ "category_id": gifts })),
        StatusCode::OK,
    )
    .await?;
    app.drain_jobs().await?;
    let t = row(&app, &user, text).await?;
    assert_eq!(t["category_id"], json!(gifts));
    assert_eq!(t["category_source"], "user");
    // It teaches the same batch: the other row of that merchant follows it.
    let next = row(&app, &user, sibling).await?;
    assert_eq!(next["category_id"], json!(gifts), "{next}");
    assert_eq!(next["category_source"], "history");
    // Seen by the pipeline all the same: it now teaches the kNN step.
    let learned: i64 = sqlx::query_scalar("SELECT count(*) FROM user_examples WHERE user_id = $1")
        .bind(user.id)
        .fetch_one(&app.db.pool)
        .await?;
    assert_eq!(learned, 1);
    Ok(())
}
