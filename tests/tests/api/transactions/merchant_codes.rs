//! The card network's merchant category code: a payment whose text names nothing known
//! gets the category its code names (source `mcc`), a code never outranks what the text is
//! sure of, a refund under a restaurant's code is not a restaurant meal, and a code the
//! table cannot place leaves the row for review.

use rust_decimal_macros::dec;
use serde_json::{Value, json};

use super::{account, category, import_into, row, statement};
use kakeibo_tests::TestApp;

#[tokio::test]
async fn a_code_settles_what_the_text_cannot() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let user = app.verified_user("ana@example.com").await?;
    let card = account(&app, &user, "Card").await?;
    let mut lines = statement(&[
        (4, dec!(-86.40), "", "POS DEBIT BALTHAZAR #4471 NEW YORK NY"),
        (3, dec!(-23.10), "", "CARD PAYMENT 55012 BERLIN"),
        (3, dec!(-4.50), "", "SQ *BLUE BOTTLE COFFEE OAKLAND CA"),
        (2, dec!(31.00), "", "POS REFUND THE SMITH #210 NEW YORK NY"),
        (1, dec!(-12.00), "", "POS DEBIT QWERTZ HANDEL 7781"),
        (1, dec!(-15.00), "", "POS DEBIT ZXQV 7782"),
    ]);
    // Balthazar and the bare card payment under 5812 (restaurants); Blue Bottle under a
    // fast-food code, though the text knows it for a coffee shop; the refund under 5812;
    // 5999 (miscellaneous retail) says nothing; the last row has no code.
    for (line, code) in lines
        .lines
        .iter_mut()
        .zip(["5812", "5812", "5814", "5812", "5999"])
    {
        line.merchant_category_code = Some(code.to_string());
    }
    import_into(&app, &user, card, &lines).await?;
    app.drain_jobs().await?;

    let restaurants = json!(category(&app, &user, "food.restaurants").await?);
    let balthazar = row(&app, &user, "POS DEBIT BALTHAZAR #4471 NEW YORK NY").await?;
    assert_eq!(balthazar["merchant_category_code"], "5812");
    assert_eq!(balthazar["category_id"], restaurants, "{balthazar}");
    assert_eq!(balthazar["category_source"], "mcc");
    assert!(balthazar["category_confidence"].as_f64().unwrap() >= 0.8);

    let bare = row(&app, &user, "CARD PAYMENT 55012 BERLIN").await?;
    assert_eq!(
        bare["category_id"], restaurants,
        "a generic line with a code: {bare}"
    );

    let coffee = row(&app, &user, "SQ *BLUE BOTTLE COFFEE OAKLAND CA").await?;
    assert_eq!(
        coffee["category_id"],
        json!(category(&app, &user, "food.coffee").await?),
        "the text is sure; the code does not overrule it: {coffee}"
    );
    assert_eq!(coffee["category_source"], "knn");

    let refund = row(&app, &user, "POS REFUND THE SMITH #210 NEW YORK NY").await?;
    assert_ne!(
        refund["category_id"], restaurants,
        "money in is no meal: {refund}"
    );
    assert_ne!(refund["category_source"], "mcc");

    for unplaced in ["POS DEBIT QWERTZ HANDEL 7781", "POS DEBIT ZXQV 7782"] {
        let t = row(&app, &user, unplaced).await?;
        assert_eq!(t["category_id"], Value::Null, "{t}");
        assert_eq!(t["needs_review"], true, "{t}");
    }
    assert_eq!(
        row(&app, &user, "POS DEBIT ZXQV 7782").await?["merchant_category_code"],
        Value::Null
    );
    Ok(())
}

#[tokio::test]
async fn an_unsure_code_is_a_suggestion_not_a_category() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let user = app.verified_user("ana@example.com").await?;
    let card = account(&app, &user, "Card").await?;
    let mut lines = statement(&[(2, dec!(-54.90), "", "POS DEBIT VELOCITAS 3310 DENVER CO")]);
    // 5941, sporting goods: hobbies more often than not, but not surely.
    lines.lines[0].merchant_category_code = Some("5941".into());
    import_into(&app, &user, card, &lines).await?;
    app.drain_jobs().await?;

    let t = row(&app, &user, "POS DEBIT VELOCITAS 3310 DENVER CO").await?;
    assert_eq!(t["category_id"], Value::Null, "{t}");
    assert_eq!(t["needs_review"], true);
    let hobbies = json!(category(&app, &user, "entertainment.hobbies").await?);
    let suggested: Vec<&Value> = t["category_suggestions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| &s["category_id"])
        .collect();
    assert!(suggested.contains(&&hobbies), "{t}");
    Ok(())
}
