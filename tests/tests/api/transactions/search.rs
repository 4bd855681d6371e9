//! Semantic search (`GET /transactions/search?q=`): meaning and category together find the
//! coffee shops whatever their names and not the supermarket; time phrases become dates in
//! the user's time zone; the list's filters narrow; pages follow the score; one user never
//! sees another's rows.

use chrono::{Datelike, NaiveDate};
use kakeibo_tests::{TestApp, TestUser};
use reqwest::{Method, StatusCode};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use serde_json::{Value, json};
use uuid::Uuid;

use super::{
    account, assert_invalid, call, category, descriptions, expect, id_of, import_into, statement,
};

/// Cafés by many names: the lexicon, the categorizer's categories and the model's sense of
/// "starbucks" each find some of them.
const COFFEE: [&str; 5] = [
    "BLUE BOTTLE COFFEE SAN FRANCISCO CA",
    "SQ *PHILZ COFFEE",
    "CAFE DE FLORE PARIS",
    "STARBUCKS STORE 12345 SEATTLE WA",
    "COSTA COFFEE LONDON",
];
const GROCERIES: [&str; 4] = [
    "WHOLEFDS MKT 10234 SAN FRANCISCO",
    "TRADER JOE'S #552 OAKLAND CA",
    "REWE MARKT KOELN",
    "LIDL DIENSTLEISTUNG",
];
/// Sorted, as the tests compare them.
const FLIGHTS_LAST_YEAR: [&str; 3] = ["BRITISH AIRWAYS 1257654321", "LUFTHANSA", "RYANAIR"];

/// A checking account with coffee, groceries, flights in two years, salary and the rest,
/// and a card with one coffee; categorized by the import's job. Lufthansa is filed under
/// Flights by hand, as a user does with a row the categorizer got wrong. Answers the two
/// accounts and the server's today the rows were placed from.
async fn imported(app: &TestApp, user: &TestUser) -> anyhow::Result<(Uuid, Uuid, NaiveDate)> {
    let checking = account(app, user, "Checking").await?;
    let card = account(app, user, "Card").await?;
    // Days before the server's today (UTC, safe from midnight), as `statement` counts them.
    let today = app.today("UTC").await?;
    let days_since = |day: NaiveDate| (today - day).num_days();
    let last_year =
        |month, day| days_since(NaiveDate::from_ymd_opt(today.year() - 1, month, day).unwrap());
    let this_january = days_since(NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap());
    // The recent rows stay in this year (on January 1st at the earliest): early in January,
    // ten days ago is last year, where "flights last year" and "in <last year>" look.
    let recent = |days: i64| days.min(this_january);
    let lines: Vec<(i64, Decimal, &str, &str)> = vec![
        (recent(10), dec!(-4.50), "", COFFEE[0]),
        (recent(9), dec!(-6.25), "", COFFEE[1]),
        (recent(8), dec!(-7.20), "", COFFEE[2]),
        (recent(8), dec!(-6.75), "", COFFEE[3]),
        (recent(7), dec!(-84.12), "", GROCERIES[0]),
        (recent(6), dec!(-23.80), "", GROCERIES[1]),
        (recent(5), dec!(-41.07), "", GROCERIES[2]),
        (recent(4), dec!(-18.99), "", GROCERIES[3]),
        (
            recent(3),
            dec!(2450.00),
            "",
            "ACME WIDGETS PAYROLL PPD ID: 0313079525",
        ),
        (recent(3), dec!(-15.49), "", "NETFLIX.COM 866-579-7172 CA"),
        (recent(2), dec!(-52.30), "", "SHELL OIL 57444 HOUSTON TX"),
        (recent(2), dec!(-9.80), "", "MCDONALD'S F1234 CHICAGO IL"),
        (last_year(3, 10), dec!(-89.99), "", FLIGHTS_LAST_YEAR[2]),
        (last_year(7, 20), dec!(-412.00), "", FLIGHTS_LAST_YEAR[0]),
        (last_year(9, 5), dec!(-230.00), "", FLIGHTS_LAST_YEAR[1]),
        (
            this_january,
            dec!(-388.40),
            "",
            "UNITED AIRLINES 0167123456789",
        ),
    ];
    import_into(app, user, checking, &statement(&lines)).await?;
    import_into(
        app,
        user,
        card,
        &statement(&[(recent(1), dec!(-5.10), "", COFFEE[4])]),
    )
    .await?;
    app.drain_jobs().await?;
    let flights = category(app, user, "travel.flights").await?;
    let lufthansa = id_of(app, user, "LUFTHANSA").await?;
    expect(
        app,
        user,
        Method::PATCH,
        &format!("/transactions/{lufthansa}"),
        Some(json!({ "category_id": flights })),
        StatusCode::OK,
    )
    .await?;
    Ok((checking, card, today))
}

/// GET /transactions/search?{query}, which must answer 200.
async fn search(app: &TestApp, user: &TestUser, query: &str) -> anyhow::Result<Value> {
    expect(
        app,
        user,
        Method::GET,
        &format!("/transactions/search?{query}"),
        None,
        StatusCode::OK,
    )
    .await
}

fn q(text: &str) -> String {
    format!(
        "q={}",
        text.replace('%', "%25")
            .replace(' ', "%20")
            .replace('&', "%26")
            .replace('+', "%2B")
    )
}

fn sorted(page: &Value) -> Vec<String> {
    let mut found = descriptions(page);
    found.sort();
    found
}

#[tokio::test]
async fn coffee_shops_finds_the_cafes_whatever_their_names_and_no_groceries() -> anyhow::Result<()>
{
    let app = TestApp::spawn().await?;
    let user = app.verified_user("ana@example.com").await?;
    imported(&app, &user).await?;

    let page = search(&app, &user, &q("coffee shops")).await?;
    let mut coffee = COFFEE.map(String::from).to_vec();
    coffee.sort();
    assert_eq!(sorted(&page), coffee, "{page}");
    let scores: Vec<f64> = page["transactions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["score"].as_f64().unwrap())
        .collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    assert!(scores.iter().all(|s| (0.5..=1.0).contains(s)), "{scores:?}");
    // The rows are the list's rows, with a score.
    let row = &page["transactions"][0];
    for field in [
        "id",
        "account_id",
        "booked_at",
        "amount",
        "currency",
        "category_id",
        "tags",
    ] {
        assert!(row.get(field).is_some(), "{field} in {row}");
    }
    assert_eq!(page["understood"]["text"], "coffee shops");
    assert_eq!(page["understood"]["from"], Value::Null);

    // The words as they are written count fully; the groceries still stay out.
    let coffee_word = search(&app, &user, &q("coffee")).await?;
    let found = descriptions(&coffee_word);
    assert_eq!(
        found[0..3].iter().filter(|d| d.contains("COFFEE")).count(),
        3
    );
    assert_eq!(coffee_word["transactions"][0]["score"], 1.0);
    assert!(
        !found.iter().any(|d| GROCERIES.contains(&d.as_str())),
        "{found:?}"
    );
    let brand = search(&app, &user, &q("netflix")).await?;
    assert_eq!(descriptions(&brand), ["NETFLIX.COM 866-579-7172 CA"]);
    Ok(())
}

#[tokio::test]
async fn flights_last_year_are_only_last_years_flights() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let user = app.verified_user("ana@example.com").await?;
    let (_, _, today) = imported(&app, &user).await?;

    let page = search(&app, &user, &q("flights last year")).await?;
    assert_eq!(sorted(&page), FLIGHTS_LAST_YEAR, "{page}");
    let year = today.year() - 1;
    assert_eq!(page["understood"]["text"], "flights");
    assert_eq!(page["understood"]["from"], format!("{year}-01-01"));
    assert_eq!(page["understood"]["to"], format!("{year}-12-31"));

    let all_flights = descriptions(&search(&app, &user, &q("flights")).await?);
    assert_eq!(all_flights.len(), 4, "{all_flights:?}");
    // A query that is only a time phrase lists the period.
    let that_year = search(&app, &user, &q(&format!("in {year}"))).await?;
    assert_eq!(sorted(&that_year), FLIGHTS_LAST_YEAR);
    assert_eq!(that_year["understood"]["text"], "");
    Ok(())
}

#[tokio::test]
async fn the_lists_filters_narrow_a_search() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let user = app.verified_user("ana@example.com").await?;
    let (checking, card, today) = imported(&app, &user).await?;

    let coffee_shops = q("coffee shops");
    let on_card = search(&app, &user, &format!("{coffee_shops}&account_id={card}")).await?;
    assert_eq!(descriptions(&on_card), [COFFEE[4]]);
    let on_checking = search(
        &app,
        &user,
        &format!("{coffee_shops}&account_id={checking}"),
    )
    .await?;
    assert_eq!(descriptions(&on_checking).len(), 4, "{on_checking}");
    let small = search(&app, &user, &format!("{coffee_shops}&min_amount=-6")).await?;
    assert_eq!(sorted(&small), [COFFEE[0], COFFEE[4]]);
    // Explicit dates narrow the query's own.
    let this_year = today.year();
    let flights = q("flights last year");
    let none = search(&app, &user, &format!("{flights}&from={this_year}-01-01")).await?;
    assert_eq!(descriptions(&none), Vec::<String>::new());
    let march = format!("{flights}&to={}-03-31", this_year - 1);
    assert_eq!(
        descriptions(&search(&app, &user, &march).await?),
        ["RYANAIR"]
    );
    Ok(())
}

#[tokio::test]
async fn pages_follow_the_score_without_gaps_or_repeats() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let user = app.verified_user("ana@example.com").await?;
    imported(&app, &user).await?;

    let coffee_shops = q("coffee shops");
    let whole = descriptions(&search(&app, &user, &coffee_shops).await?);
    assert_eq!(whole.len(), 5, "{whole:?}");
    let first = search(&app, &user, &format!("{coffee_shops}&limit=3")).await?;
    let cursor = first["next_cursor"]
        .as_str()
        .expect("a full page has a cursor");
    let second = search(
        &app,
        &user,
        &format!("{coffee_shops}&limit=3&before={cursor}"),
    )
    .await?;
    assert_eq!(second["next_cursor"], Value::Null);
    let mut paged = descriptions(&first);
    paged.extend(descriptions(&second));
    assert_eq!(paged, whole);
    Ok(())
}

#[tokio::test]
async fn another_users_rows_are_never_found() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let ana = app.verified_user("ana@example.com").await?;
    let bob = app.verified_user("bob@example.com").await?;
    imported(&app, &ana).await?;
    let bobs = account(&app, &bob, "Bob's").await?;
    import_into(
        &app,
        &bob,
        bobs,
        &statement(&[
            (2, dec!(-3.90), "", "BOB'S COFFEE ROASTERS"),
            (1, dec!(-120.00), "", "BRITISH AIRWAYS 1259876543"),
        ]),
    )
    .await?;
    app.drain_jobs().await?;

    let anas = descriptions(&search(&app, &ana, &q("coffee")).await?);
    assert!(!anas.iter().any(|d| d.starts_with("BOB")), "{anas:?}");
    // The same airline in both: Ana's comes first, Bob's not at all.
    let anas_flights = descriptions(&search(&app, &ana, &q("british airways")).await?);
    assert_eq!(anas_flights[0], FLIGHTS_LAST_YEAR[0]);
    assert!(
        !anas_flights.iter().any(|d| d.contains("1259876543")),
        "{anas_flights:?}"
    );
    let bobs_coffee = descriptions(&search(&app, &bob, &q("coffee")).await?);
    assert_eq!(bobs_coffee, ["BOB'S COFFEE ROASTERS"]);
    let bobs_flights = descriptions(&search(&app, &bob, &q("flights")).await?);
    assert_eq!(bobs_flights, ["BRITISH AIRWAYS 1259876543"]);
    // Ana's account in Bob's filter finds nothing rather than Ana's rows.
    let accounts = expect(&app, &ana, Method::GET, "/accounts", None, StatusCode::OK).await?;
    let anas_account = accounts[0]["id"].as_str().expect("an account");
    let crossed = search(
        &app,
        &bob,
        &format!("{}&account_id={anas_account}", q("coffee")),
    )
    .await?;
    assert_eq!(descriptions(&crossed), Vec::<String>::new());
    Ok(())
}

#[tokio::test]
async fn time_phrases_are_read_in_the_users_time_zone() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let user = app.verified_user("ana@example.com").await?;
    // UTC+14: for fourteen hours of each UTC day it is already tomorrow there.
    expect(
        &app,
        &user,
        Method::PATCH,
        "/me",
        Some(json!({ "time_zone": "Pacific/Kiritimati" })),
        StatusCode::OK,
    )
    .await?;
    // Kiritimati's today as the server reads it, safe from midnight there.
    let there = app.today("Pacific/Kiritimati").await?.to_string();
    let page = search(&app, &user, &q("coffee today")).await?;
    assert_eq!(page["understood"]["from"], there, "{page}");
    assert_eq!(page["understood"]["to"], there);
    assert_eq!(page["understood"]["text"], "coffee");
    Ok(())
}

#[tokio::test]
async fn a_missing_empty_or_long_query_is_named() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let user = app.verified_user("ana@example.com").await?;
    let get = |query: String| {
        let (app, user) = (&app, &user);
        async move {
            call(
                app,
                user,
                Method::GET,
                &format!("/transactions/search?{query}"),
                None,
            )
            .await
        }
    };
    for query in [
        String::new(),
        "q=".into(),
        "q=%20%20".into(),
        q(&"coffee ".repeat(29)),
        "q=a&q=b".into(),
        "q=coffee%00".into(),
        "q=%3F%21".into(),
    ] {
        let (status, body) = get(query).await?;
        assert_invalid(status, &body, "q");
    }
    let (status, body) = get("q=coffee&min_amount=lots".into()).await?;
    assert_invalid(status, &body, "min_amount");
    let (status, body) = get("q=coffee&text=a%00b".into()).await?;
    assert_invalid(status, &body, "text");
    for query in ["q=coffee&before=yesterday", "q=coffee&sort=score"] {
        let (status, body) = get(query.into()).await?;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{query}: {body}");
    }
    let (status, body) = get(q(&"x".repeat(200))).await?;
    assert_eq!(status, StatusCode::OK, "{body}");
    let anonymous = app.get("/api/v1/transactions/search?q=coffee").await?;
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    Ok(())
}
