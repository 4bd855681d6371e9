//! Rules: order and stop, every trigger and action, bad rules refused, preview and apply on
//! existing transactions (never over what the user locked), the categorizer's step 1, and the
//! rule offered when a user recategorizes.

use kakeibo_tests::{TestApp, TestUser};
use kakeibo_transactions::rules_store::apply_rules_to;
use reqwest::{Method, StatusCode};
use rust_decimal_macros::dec;
use serde_json::{Value, json};
use uuid::Uuid;

use super::{account, ana_and_eve_with, ana_with, category, expect, id_of, import_into, statement};

pub(super) async fn add_rule(
    app: &TestApp,
    user: &TestUser,
    body: Value,
) -> anyhow::Result<String> {
    let rule = expect(
        app,
        user,
        Method::POST,
        "/rules",
        Some(body),
        StatusCode::CREATED,
    )
    .await?;
    Ok(rule["id"].as_str().unwrap().to_string())
}

async fn get(app: &TestApp, user: &TestUser, id: &str) -> anyhow::Result<Value> {
    expect(
        app,
        user,
        Method::GET,
        &format!("/transactions/{id}"),
        None,
        StatusCode::OK,
    )
    .await
}

/// The descriptions a rule's preview lists, sorted, after checking its count.
async fn preview(app: &TestApp, user: &TestUser, rule: &str) -> anyhow::Result<Vec<String>> {
    let p = expect(
        app,
        user,
        Method::POST,
        &format!("/rules/{rule}/preview"),
        None,
        StatusCode::OK,
    )
    .await?;
    let mut found: Vec<String> = p["transactions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["description"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(p["matched"], found.len(), "{p}");
    found.sort();
    Ok(found)
}

#[tokio::test]
async fn rules_run_in_order_and_a_match_can_stop_the_rest() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let user = app.verified_user("ana@example.com").await?;
    let checking = account(&app, &user, "Checking").await?;
    import_into(
        &app,
        &user,
        checking,
        &statement(&[(2, dec!(-30), "LIDL 44", "LIDL SAGT DANKE")]),
    )
    .await?;
    let id: Uuid = id_of(&app, &user, "LIDL SAGT DANKE").await?.parse()?;
    let groceries = category(&app, &user, "food.groceries").await?;
    let general = category(&app, &user, "shopping.general").await?;
    let lidl = json!([{ "type": "merchant", "op": "contains", "value": "lidl" }]);
    let first = add_rule(
        &app,
        &user,
        json!({ "name": "Lidl", "triggers": lidl, "actions": { "category_id": groceries, "add_tags": ["food"] } }),
    )
    .await?;
    let second = add_rule(
        &app,
        &user,
        json!({ "name": "Shops", "triggers": lidl, "actions": { "category_id": general, "add_tags": ["shop"] } }),
    )
    .await?;
    let listed = expect(&app, &user, Method::GET, "/rules", None, StatusCode::OK).await?;
    assert_eq!(listed[0]["id"], first.as_str());
    assert_eq!(listed[1]["position"], 1);

    let mut conn = app.db.pool.acquire().await?;
    // Both match: the later one's category wins, tags add up.
    let applied = apply_rules_to(&mut conn, user.id, &[id]).await?;
    assert_eq!(applied.categorized, [id]);
    let t = get(&app, &user, &id.to_string()).await?;
    assert_eq!(t["category_id"], general.as_str());
    assert_eq!(t["tags"], json!(["food", "shop"]));

    // The first now stops the rest.
    expect(
        &app,
        &user,
        Method::PATCH,
        &format!("/rules/{first}"),
        Some(json!({ "stop_processing": true })),
        StatusCode::OK,
    )
    .await?;
    apply_rules_to(&mut conn, user.id, &[id]).await?;
    assert_eq!(
        get(&app, &user, &id.to_string()).await?["category_id"],
        groceries.as_str()
    );

    // Moved first, the second rule runs first and the stopping rule still runs after it.
    let moved = expect(
        &app,
        &user,
        Method::PATCH,
        &format!("/rules/{second}"),
        Some(json!({ "position": 0, "stop_processing": true })),
        StatusCode::OK,
    )
    .await?;
    assert_eq!(moved["position"], 0);
    let listed = expect(&app, &user, Method::GET, "/rules", None, StatusCode::OK).await?;
    assert_eq!(listed[0]["id"], second.as_str());
    assert_eq!(listed[1]["id"], first.as_str());
    apply_rules_to(&mut conn, user.id, &[id]).await?;
    assert_eq!(
        get(&app, &user, &id.to_string()).await?["category_id"],
        general.as_str()
    );

    // A disabled rule does not run; a deleted one is gone and the order closes up.
    expect(
        &app,
        &user,
        Method::PATCH,
        &format!("/rules/{second}"),
        Some(json!({ "enabled": false })),
        StatusCode::OK,
    )
    .await?;
    apply_rules_to(&mut conn, user.id, &[id]).await?;
    assert_eq!(
        get(&app, &user, &id.to_string()).await?["category_id"],
        groceries.as_str()
    );
    expect(
        &app,
        &user,
        Method::DELETE,
        &format!("/rules/{second}"),
        None,
        StatusCode::NO_CONTENT,
    )
    .await?;
    let listed = expect(&app, &user, Method::GET, "/rules", None, StatusCode::OK).await?;
    assert_eq!(listed.as_array().unwrap().len(), 1);
    assert_eq!(listed[0]["position"], 0);
    Ok(())
}

#[tokio::test]
async fn each_trigger_matches_what_it_says() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let user = app.verified_user("ana@example.com").await?;
    let checking = account(&app, &user, "Checking").await?;
    let savings = account(&app, &user, "Savings").await?;
    import_into(
        &app,
        &user,
        checking,
        &statement(&[
            (5, dec!(-4.20), "SQ *BLUE BOTTLE 8812", "CARD PAYMENT"),
            (4, dec!(-61.30), "REWE MARKT", "REWE SAGT DANKE 0423"),
            (3, dec!(2500), "ACME GMBH", "SALARY NOVEMBER"),
            (2, dec!(-10), "", "ATM WITHDRAWAL"),
        ]),
    )
    .await?;
    import_into(
        &app,
        &user,
        savings,
        &statement(&[(1, dec!(10), "", "INTEREST")]),
    )
    .await?;
    let coffee = category(&app, &user, "food.coffee").await?;
    let cases = [
        (
            json!({ "type": "merchant", "op": "contains", "value": "blue bottle" }),
            vec!["CARD PAYMENT"],
        ),
        (
            json!({ "type": "merchant", "op": "equals", "value": "rewe  markt" }),
            vec!["REWE SAGT DANKE 0423"],
        ),
        (
            json!({ "type": "merchant", "op": "equals", "value": "rewe" }),
            vec![],
        ),
        (
            json!({ "type": "merchant", "op": "regex", "value": r"^(acme|rewe)\b" }),
            vec!["REWE SAGT DANKE 0423", "SALARY NOVEMBER"],
        ),
        (
            json!({ "type": "description", "op": "contains", "value": "Salary" }),
            vec!["SALARY NOVEMBER"],
        ),
        (
            json!({ "type": "description", "op": "equals", "value": "atm withdrawal" }),
            vec!["ATM WITHDRAWAL"],
        ),
        (
            json!({ "type": "description", "op": "regex", "value": r"\d{4}$" }),
            vec!["REWE SAGT DANKE 0423"],
        ),
        // Sizes, whichever the direction: 10 out and 10 in both count.
        (
            json!({ "type": "amount", "min": "10", "max": "61.30" }),
            vec!["ATM WITHDRAWAL", "INTEREST", "REWE SAGT DANKE 0423"],
        ),
        (
            json!({ "type": "amount", "max": "9.99" }),
            vec!["CARD PAYMENT"],
        ),
        (
            json!({ "type": "account", "account_id": savings }),
            vec!["INTEREST"],
        ),
        (
            json!({ "type": "direction", "direction": "in" }),
            vec!["INTEREST", "SALARY NOVEMBER"],
        ),
        (
            json!({ "type": "direction", "direction": "out" }),
            vec!["ATM WITHDRAWAL", "CARD PAYMENT", "REWE SAGT DANKE 0423"],
        ),
    ];
    for (n, (trigger, expected)) in cases.into_iter().enumerate() {
        let rule = add_rule(
            &app,
            &user,
            json!({ "name": format!("case {n}"), "triggers": [trigger], "actions": { "category_id": coffee } }),
        )
        .await?;
        assert_eq!(preview(&app, &user, &rule).await?, expected, "{trigger}");
    }
    // Several triggers must all hold.
    let both = add_rule(
        &app,
        &user,
        json!({ "name": "both", "actions": { "category_id": coffee }, "triggers": [
            { "type": "direction", "direction": "in" }, { "type": "account", "account_id": checking }] }),
    )
    .await?;
    assert_eq!(preview(&app, &user, &both).await?, ["SALARY NOVEMBER"]);
    // A preview changes nothing.
    let salary = id_of(&app, &user, "SALARY NOVEMBER").await?;
    assert_eq!(get(&app, &user, &salary).await?["category_id"], Value::Null);
    Ok(())
}

#[tokio::test]
async fn each_action_sets_what_it_says_and_apply_leaves_locked_fields_alone() -> anyhow::Result<()>
{
    let (app, user, _) = ana_with(&[
        (6, dec!(-15.99), "NETFLIX.COM 866", "NETFLIX MONTHLY"),
        (5, dec!(-15.99), "NETFLIX.COM 866", "NETFLIX LOCKED"),
        (4, dec!(-15.99), "NETFLIX.COM 866", "NETFLIX DELETED"),
        (3, dec!(-500), "", "TO SAVINGS 7781"),
        (2, dec!(-9), "SPOTIFY", "SPOTIFY"),
    ])
    .await?;
    let streaming = category(&app, &user, "entertainment.streaming").await?;
    let events = category(&app, &user, "entertainment.events").await?;
    let transfer = category(&app, &user, "transfers.internal").await?;
    let locked = id_of(&app, &user, "NETFLIX LOCKED").await?;
    expect(
        &app,
        &user,
        Method::PATCH,
        &format!("/transactions/{locked}"),
        Some(json!({ "category_id": events, "merchant": "Netflix (shared)" })),
        StatusCode::OK,
    )
    .await?;
    let deleted = id_of(&app, &user, "NETFLIX DELETED").await?;
    expect(
        &app,
        &user,
        Method::DELETE,
        &format!("/transactions/{deleted}"),
        None,
        StatusCode::NO_CONTENT,
    )
    .await?;

    let netflix = add_rule(
        &app,
        &user,
        json!({ "name": "Netflix", "triggers": [{ "type": "merchant", "op": "regex", "value": "^netflix" }],
                "actions": { "category_id": streaming, "merchant": " Netflix ", "add_tags": ["subscription", " tv "] } }),
    )
    .await?;
    let rule = expect(
        &app,
        &user,
        Method::GET,
        &format!("/rules/{netflix}"),
        None,
        StatusCode::OK,
    )
    .await?;
    assert_eq!(rule["actions"]["merchant"], "Netflix");
    assert_eq!(rule["actions"]["add_tags"], json!(["subscription", "tv"]));
    assert_eq!(
        preview(&app, &user, &netflix).await?,
        ["NETFLIX LOCKED", "NETFLIX MONTHLY"],
        "deleted rows are not matched"
    );
    let counts = expect(
        &app,
        &user,
        Method::POST,
        &format!("/rules/{netflix}/apply"),
        None,
        StatusCode::OK,
    )
    .await?;
    assert_eq!(
        counts,
        json!({ "matched": 2, "categorized": 1, "merchants_set": 1, "tagged": 2, "category_locked": 1 })
    );
    let monthly = get(&app, &user, &id_of(&app, &user, "NETFLIX MONTHLY").await?).await?;
    assert_eq!(monthly["category_id"], streaming.as_str());
    assert_eq!(monthly["category_source"], "rule");
    assert_eq!(monthly["category_confidence"], 1.0);
    assert_eq!(monthly["merchant"], "Netflix");
    assert_eq!(monthly["tags"], json!(["subscription", "tv"]));
    assert_eq!(monthly["locked_fields"], json!([]));
    let locked_row = get(&app, &user, &locked).await?;
    assert_eq!(locked_row["category_id"], events.as_str());
    assert_eq!(locked_row["category_source"], "user");
    assert_eq!(locked_row["merchant"], "Netflix (shared)");
    assert_eq!(
        locked_row["tags"],
        json!(["subscription", "tv"]),
        "tags lock nothing"
    );
    // Applying again changes nothing.
    let again = expect(
        &app,
        &user,
        Method::POST,
        &format!("/rules/{netflix}/apply"),
        None,
        StatusCode::OK,
    )
    .await?;
    assert_eq!(
        again,
        json!({ "matched": 2, "categorized": 0, "merchants_set": 0, "tagged": 0, "category_locked": 1 })
    );

    // Mark as a transfer: the user's "Between My Accounts"; the transfer link is not touched.
    let savings = add_rule(
        &app,
        &user,
        json!({ "name": "Savings", "triggers": [{ "type": "description", "op": "contains", "value": "to savings" }],
                "actions": { "mark_transfer": true } }),
    )
    .await?;
    let counts = expect(
        &app,
        &user,
        Method::POST,
        &format!("/rules/{savings}/apply"),
        None,
        StatusCode::OK,
    )
    .await?;
    assert_eq!(counts["categorized"], 1);
    let moved = get(&app, &user, &id_of(&app, &user, "TO SAVINGS 7781").await?).await?;
    assert_eq!(moved["category_id"], transfer.as_str());
    assert_eq!(moved["category_source"], "rule");
    assert_eq!(moved["transfer_id"], Value::Null);
    // Spotify matched nothing and kept nothing.
    let spotify = get(&app, &user, &id_of(&app, &user, "SPOTIFY").await?).await?;
    assert_eq!(spotify["category_id"], Value::Null);
    assert_eq!(spotify["tags"], json!([]));
    Ok(())
}

#[tokio::test]
async fn the_categorizer_step_writes_rule_categories_and_names_them() -> anyhow::Result<()> {
    let (app, user, other, _) = ana_and_eve_with(&[
        (3, dec!(-2.80), "DB VERTRIEB", "DB TICKET"),
        (2, dec!(-3.10), "DB VERTRIEB", "DB TICKET LOCKED"),
        (1, dec!(-20), "KIOSK", "KIOSK"),
    ])
    .await?;
    let transit = category(&app, &user, "transport.public").await?;
    let fees = category(&app, &user, "financial.fees").await?;
    add_rule(
        &app,
        &user,
        json!({ "name": "DB", "triggers": [{ "type": "merchant", "op": "equals", "value": "db vertrieb" }],
                "actions": { "category_id": transit, "merchant": "Deutsche Bahn" } }),
    )
    .await?;
    let ticket: Uuid = id_of(&app, &user, "DB TICKET").await?.parse()?;
    let locked: Uuid = id_of(&app, &user, "DB TICKET LOCKED").await?.parse()?;
    let kiosk: Uuid = id_of(&app, &user, "KIOSK").await?.parse()?;
    expect(
        &app,
        &user,
        Method::PATCH,
        &format!("/transactions/{locked}"),
        Some(json!({ "category_id": fees })),
        StatusCode::OK,
    )
    .await?;
    let mut conn = app.db.pool.acquire().await?;
    // Another user's ids are ignored.
    assert!(
        apply_rules_to(&mut conn, other.id, &[ticket])
            .await?
            .categorized
            .is_empty()
    );
    let applied = apply_rules_to(&mut conn, user.id, &[ticket, locked, kiosk]).await?;
    assert_eq!(
        applied.categorized,
        [ticket],
        "the locked row is not the rule's"
    );
    let mut merchants = applied.merchants_set.clone();
    merchants.sort();
    let mut expected = vec![ticket, locked];
    expected.sort();
    assert_eq!(merchants, expected, "the merchant was not locked");
    let t = get(&app, &user, &ticket.to_string()).await?;
    assert_eq!(
        (&t["category_id"], &t["category_source"], &t["merchant"]),
        (&json!(transit), &json!("rule"), &json!("Deutsche Bahn"))
    );
    assert_eq!(
        get(&app, &user, &locked.to_string()).await?["category_id"],
        fees.as_str()
    );
    // Run again: the row still counts as the rule's, so later steps skip it.
    let again = apply_rules_to(&mut conn, user.id, &[ticket]).await?;
    assert_eq!(again.categorized, [ticket]);
    assert!(again.merchants_set.is_empty());
    Ok(())
}

#[tokio::test]
async fn a_recategorization_offers_a_rule_that_round_trips() -> anyhow::Result<()> {
    let (app, user, _) = ana_with(&[
        (
            9,
            dec!(-12),
            "CAFE CENTRAL 0091",
            "CARD 4411 CAFE CENTRAL 12/11",
        ),
        (
            8,
            dec!(-14),
            "CAFE CENTRAL 0091",
            "CARD 4411 CAFE CENTRAL 19/11",
        ),
        (
            7,
            dec!(-13),
            "CAFE CENTRAL 0091",
            "CARD 4411 CAFE CENTRAL 26/11",
        ),
        (6, dec!(-40), "", "GYM 2211 MEMBERSHIP"),
    ])
    .await?;
    let coffee = category(&app, &user, "food.coffee").await?;
    let fitness = category(&app, &user, "health.fitness").await?;
    let first = id_of(&app, &user, "CARD 4411 CAFE CENTRAL 12/11").await?;
    let edited = expect(
        &app,
        &user,
        Method::PATCH,
        &format!("/transactions/{first}"),
        Some(json!({ "category_id": coffee })),
        StatusCode::OK,
    )
    .await?;
    assert_eq!(edited["category_id"], coffee.as_str());
    let suggested = edited["suggested_rule"].clone();
    // No cleaned-up merchant yet: the payee's stable part (no numbers).
    assert_eq!(
        suggested["triggers"],
        json!([{ "type": "merchant", "op": "contains", "value": "CAFE CENTRAL" }])
    );
    assert_eq!(suggested["actions"]["category_id"], coffee.as_str());
    assert_eq!(suggested["name"], "CAFE CENTRAL → Coffee Shops");

    // Posted back as it is, it is a rule, and it matches the other two visits.
    let rule = add_rule(&app, &user, suggested).await?;
    let counts = expect(
        &app,
        &user,
        Method::POST,
        &format!("/rules/{rule}/apply"),
        None,
        StatusCode::OK,
    )
    .await?;
    assert_eq!(counts["matched"], 3);
    assert_eq!(counts["categorized"], 2);
    assert_eq!(counts["category_locked"], 1);

    // With that rule in place, the same recategorization offers nothing.
    let second = id_of(&app, &user, "CARD 4411 CAFE CENTRAL 19/11").await?;
    let edited = expect(
        &app,
        &user,
        Method::PATCH,
        &format!("/transactions/{second}"),
        Some(json!({ "category_id": fitness })),
        StatusCode::OK,
    )
    .await?;
    assert!(
        edited["suggested_rule"].is_object(),
        "a new category: {edited}"
    );
    let edited = expect(
        &app,
        &user,
        Method::PATCH,
        &format!("/transactions/{second}"),
        Some(json!({ "category_id": coffee })),
        StatusCode::OK,
    )
    .await?;
    assert_eq!(edited["suggested_rule"], Value::Null, "{edited}");
    // An edit that does not change the category offers nothing either.
    let edited = expect(
        &app,
        &user,
        Method::PATCH,
        &format!("/transactions/{second}"),
        Some(json!({ "notes": "with Jo" })),
        StatusCode::OK,
    )
    .await?;
    assert_eq!(edited["suggested_rule"], Value::Null);

    // A cleaned-up merchant gives an exact match; without a payee the description's stable part.
    let gym = id_of(&app, &user, "GYM 2211 MEMBERSHIP").await?;
    let edited = expect(
        &app,
        &user,
        Method::PATCH,
        &format!("/transactions/{gym}"),
        Some(json!({ "category_id": fitness })),
        StatusCode::OK,
    )
    .await?;
    assert_eq!(
        edited["suggested_rule"]["triggers"],
        json!([{ "type": "description", "op": "contains", "value": "GYM MEMBERSHIP" }])
    );
    let edited = expect(
        &app,
        &user,
        Method::PATCH,
        &format!("/transactions/{gym}"),
        Some(json!({ "category_id": coffee, "merchant": "Urban Gym" })),
        StatusCode::OK,
    )
    .await?;
    assert_eq!(
        edited["suggested_rule"]["triggers"],
        json!([{ "type": "merchant", "op": "equals", "value": "Urban Gym" }])
    );
    add_rule(&app, &user, edited["suggested_rule"].clone()).await?;
    Ok(())
}
