//! The user's budgets and goals for erasure (issue 23).

use sqlx::PgConnection;
use uuid::Uuid;

/// Deletes the user's goals with their contributions, and budgets with their amount
/// history and kept spending. Idempotent.
pub async fn erase_user(conn: &mut PgConnection, user_id: Uuid) -> Result<(), sqlx::Error> {
    for sql in [
        "DELETE FROM goal_contributions WHERE user_id = $1",
        "DELETE FROM goals WHERE user_id = $1",
        "DELETE FROM budget_period_spent WHERE user_id = $1",
        "DELETE FROM budget_amounts WHERE user_id = $1",
        "DELETE FROM budgets WHERE user_id = $1",
    ] {
        sqlx::query(sql).bind(user_id).execute(&mut *conn).await?;
    }
    Ok(())
}
