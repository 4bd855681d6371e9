//! Users that tools create for scratch data and delete after (the categorizer's evaluation):
//! they have no password, so nobody can log in as them.

use sqlx::PgPool;
use uuid::Uuid;

/// Creates a user that cannot log in; answers its id.
pub async fn create_without_login(db: &PgPool, email: &str) -> Result<Uuid, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO users (email, password_hash) VALUES ($1, 'no login') RETURNING id",
    )
    .bind(email)
    .fetch_one(db)
    .await
}

/// Deletes the user and, by cascade, everything that is theirs.
pub async fn delete(db: &PgPool, user_id: Uuid) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM users WHERE id = $1")
        .bind(user_id)
        .execute(db)
        .await?;
    Ok(())
}
