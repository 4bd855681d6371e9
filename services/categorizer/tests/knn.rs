//! kNN against the real store: a user's own correction outvotes the built-in examples, the
//! built-in examples answer when the user has none, and another user's corrections are
//! never consulted.

// Scores and similarities are f32 by nature; no money is computed here.
#![allow(clippy::float_arithmetic)]

use kakeibo_categorizer::classify::{Decision, Evidence, decide};
use kakeibo_categorizer::knn::{self, K};
use kakeibo_tests::TestDb;
use pgvector::Vector;
use uuid::Uuid;

const MODEL: &str = "test-model";

/// The kNN step's decision on neighbours alone (no lexicon, no channel, no chain, any direction).
fn decide_by<C: Eq + std::hash::Hash + Clone>(
    user: Vec<(C, f32)>,
    builtin: Vec<(C, f32)>,
) -> Option<Decision<C>> {
    let evidence = Evidence {
        user,
        builtin,
        keywords: Vec::new(),
        channel: Vec::new(),
        brand: None,
        brand_curated: false,
    };
    decide(&evidence, K as usize, |_| true)
}

/// A unit vector mostly along `axis`, tilted a little towards `tilt`.
fn direction(axis: usize, tilt: usize, amount: f32) -> Vector {
    let mut v = vec![0.0f32; 384];
    v[axis] = 1.0;
    v[tilt] += amount;
    let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    Vector::from(v.into_iter().map(|x| x / norm).collect::<Vec<_>>())
}

async fn user(db: &TestDb, email: &str) -> anyhow::Result<Uuid> {
    Ok(
        sqlx::query_scalar(
            "INSERT INTO users (email, password_hash) VALUES ($1, 'x') RETURNING id",
        )
        .bind(email)
        .fetch_one(&db.pool)
        .await?,
    )
}

async fn category(db: &TestDb, user: Uuid, slug: &str) -> anyhow::Result<Uuid> {
    Ok(
        sqlx::query_scalar("SELECT id FROM categories WHERE user_id = $1 AND default_slug = $2")
            .bind(user)
            .bind(slug)
            .fetch_one(&db.pool)
            .await?,
    )
}

async fn correct(
    db: &TestDb,
    user: Uuid,
    text: &str,
    category: Uuid,
    at: &Vector,
) -> anyhow::Result<()> {
    sqlx::query(
        "INSERT INTO user_examples (user_id, model, text_hash, text, category_id, embedding)
         VALUES ($1, $2, sha256($3::bytea), $3, $4, $5)",
    )
    .bind(user)
    .bind(MODEL)
    .bind(text)
    .bind(category)
    .bind(at)
    .execute(&db.pool)
    .await?;
    Ok(())
}

#[tokio::test]
async fn the_users_correction_first_then_the_built_in_examples() -> anyhow::Result<()> {
    let db = TestDb::new().await?;
    for (n, (text, slug, axis)) in [
        ("starbucks", "food.coffee", 0),
        ("blue bottle coffee", "food.coffee", 0),
        ("chipotle", "food.restaurants", 1),
        ("shake shack", "food.restaurants", 1),
    ]
    .into_iter()
    .enumerate()
    {
        sqlx::query("INSERT INTO builtin_examples (model, text, category_slug, embedding) VALUES ($1, $2, $3, $4)")
            .bind(MODEL)
            .bind(text)
            .bind(slug)
            .bind(direction(axis, 10 + n, 0.1))
            .execute(&db.pool)
            .await?;
    }
    let ana = user(&db, "ana@example.com").await?;
    let eve = user(&db, "eve@example.com").await?;
    let query = direction(0, 20, 0.2);

    // Nothing of Ana's own: the built-in coffee shops answer.
    assert!(
        knn::user_neighbours(&db.pool, ana, MODEL, &query)
            .await?
            .is_empty()
    );
    let builtin = knn::builtin_neighbours(&db.pool, MODEL, &query).await?;
    assert!(builtin.len() <= K as usize);
    let vote = decide_by(Vec::new(), builtin).expect("close built-in examples");
    assert_eq!(vote.category, "food.coffee");
    assert!(vote.confidence > 0.5, "{vote:?}");

    // Eve's correction of the same text is hers alone.
    correct(
        &db,
        eve,
        "bean there",
        category(&db, eve, "food.restaurants").await?,
        &direction(0, 20, 0.21),
    )
    .await?;
    assert!(
        knn::user_neighbours(&db.pool, ana, MODEL, &query)
            .await?
            .is_empty()
    );

    // Ana says such places are restaurants: her correction is the nearest, and it votes.
    let restaurants = category(&db, ana, "food.restaurants").await?;
    correct(&db, ana, "bean there", restaurants, &direction(0, 20, 0.19)).await?;
    let own = knn::user_neighbours(&db.pool, ana, MODEL, &query).await?;
    assert_eq!(own.len(), 1);
    assert!(own[0].1 > 0.99, "{own:?}");
    assert_eq!(decide_by(own, Vec::new()).unwrap().category, restaurants);
    Ok(())
}
