//! What rules and the categorizer may write: never over a field the user locked.

use kakeibo_transactions::transactions::{
    AutoCategory, AutoSource, set_automatic_categories, set_automatic_merchants,
};
use reqwest::{Method, StatusCode};
use rust_decimal_macros::dec;
use serde_json::json;
use uuid::Uuid;

use super::{ana_and_eve_with, call, category, expect, id_of};

#[tokio::test]
async fn automatic_writes_skip_locked_deleted_and_foreign_rows() -> anyhow::Result<()> {
    let (app, user, other, _) = ana_and_eve_with(&[
        (4, dec!(-9), "SQ *BLUE BOTTLE", "LOCKED BY USER"),
        (3, dec!(-8), "SQ *BLUE BOTTLE", "FREE"),
        (2, dec!(-7), "SQ *BLUE BOTTLE", "DELETED"),
    ])
    .await?;
    let locked = id_of(&app, &user, "LOCKED BY USER").await?;
    let free = id_of(&app, &user, "FREE").await?;
    let deleted = id_of(&app, &user, "DELETED").await?;
    let restaurants = category(&app, &user, "food.restaurants").await?;
    let coffee: Uuid = category(&app, &user, "food.coffee").await?.parse()?;
    let others_coffee: Uuid = category(&app, &other, "food.coffee").await?.parse()?;
    expect(
        &app,
        &user,
        Method::PATCH,
        &format!("/transactions/{locked}"),
        Some(json!({ "category_id": restaurants, "merchant": "Blue Bottle (office)" })),
        StatusCode::OK,
    )
    .await?;
    expect(
        &app,
        &user,
        Method::DELETE,
        &format!("/transactions/{deleted}"),
        None,
        StatusCode::NO_CONTENT,
    )
    .await?;

    let choose = |id: &str, category_id: Uuid| -> anyhow::Result<AutoCategory> {
        Ok(AutoCategory {
            transaction_id: id.parse()?,
            category_id,
            source: AutoSource::Knn,
            confidence: 0.8,
        })
    };
    let mut conn = app.db.pool.acquire().await?;
    let written = set_automatic_categories(
        &mut conn,
        user.id,
        &[
            choose(&locked, coffee)?,
            choose(&free, coffee)?,
            choose(&deleted, coffee)?,
        ],
    )
    .await?;
    assert_eq!(
        written,
        [free.parse::<Uuid>()?],
        "only the unlocked, live row"
    );
    // Another user's category, or another user writing, changes nothing.
    assert!(
        set_automatic_categories(&mut conn, user.id, &[choose(&free, others_coffee)?])
            .await?
            .is_empty()
    );
    assert!(
        set_automatic_categories(&mut conn, other.id, &[choose(&free, others_coffee)?])
            .await?
            .is_empty()
    );
    let names = [
        (locked.parse()?, "Blue Bottle".to_string()),
        (free.parse()?, "Blue Bottle".to_string()),
    ];
    assert_eq!(
        set_automatic_merchants(&mut conn, user.id, &names).await?,
        [free.parse::<Uuid>()?]
    );
    drop(conn);

    let kept = call(
        &app,
        &user,
        Method::GET,
        &format!("/transactions/{locked}"),
        None,
    )
    .await?
    .1;
    assert_eq!(kept["category_id"], restaurants.as_str());
    assert_eq!(kept["category_source"], "user");
    assert_eq!(kept["merchant"], "Blue Bottle (office)");
    let set = call(
        &app,
        &user,
        Method::GET,
        &format!("/transactions/{free}"),
        None,
    )
    .await?
    .1;
    assert_eq!(set["category_id"], coffee.to_string());
    assert_eq!(set["category_source"], "knn");
    assert!((set["category_confidence"].as_f64().unwrap() - 0.8).abs() < 1e-6);
    assert_eq!(set["merchant"], "Blue Bottle");
    assert_eq!(
        set["locked_fields"],
        json!([]),
        "automatic writes lock nothing"
    );
    Ok(())
}
