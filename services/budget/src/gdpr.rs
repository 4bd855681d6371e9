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

/// The user's budgets with their amount history, and goals with their contributions, for
/// the data export (issue 23). The kept spending per period is a cache, recomputed.
pub async fn export_user(
    conn: &mut PgConnection,
    sink: &mut dyn kakeibo_core::export::RecordSink,
    user_id: Uuid,
) -> Result<(), kakeibo_core::export::ExportError> {
    kakeibo_core::export::stream_tables(
        conn,
        sink,
        user_id,
        &[
            (
                "budget",
                "SELECT (to_jsonb(b) - 'user_id' || jsonb_build_object('amount', b.amount::text))::text
                 FROM budgets b WHERE user_id = $1 ORDER BY created_at, id",
            ),
            (
                "budget_amount",
                "SELECT (to_jsonb(a) - 'user_id' || jsonb_build_object('amount', a.amount::text))::text
                 FROM budget_amounts a WHERE user_id = $1 ORDER BY budget_id, effective_from",
            ),
            (
                "goal",
                "SELECT (to_jsonb(g) - 'user_id' || jsonb_build_object('target_amount', g.target_amount::text))::text
                 FROM goals g WHERE user_id = $1 ORDER BY created_at, id",
            ),
            (
                "goal_contribution",
                "SELECT (to_jsonb(c) - 'user_id' || jsonb_build_object('amount', c.amount::text))::text
                 FROM goal_contributions c WHERE user_id = $1 ORDER BY contributed_on, created_at, id",
            ),
        ],
    )
    .await
}

/// Imports one record of an export if its type is budget's; answers whether it was. A new
/// budget already holds its first amount (a trigger keeps the history), which the
/// exported history then sets.
pub async fn import_record(
    conn: &mut PgConnection,
    kind: &str,
    record: &serde_json::Value,
) -> Result<bool, sqlx::Error> {
    let sql = match kind {
        "budget" => "INSERT INTO budgets SELECT * FROM jsonb_populate_record(NULL::budgets, $1)",
        "budget_amount" => {
            "INSERT INTO budget_amounts SELECT * FROM jsonb_populate_record(NULL::budget_amounts, $1)
             ON CONFLICT (budget_id, effective_from) DO UPDATE SET amount = EXCLUDED.amount"
        }
        "goal" => "INSERT INTO goals SELECT * FROM jsonb_populate_record(NULL::goals, $1)",
        "goal_contribution" => {
            "INSERT INTO goal_contributions SELECT * FROM jsonb_populate_record(NULL::goal_contributions, $1)"
        }
        _ => return Ok(false),
    };
    kakeibo_core::export::insert_record(conn, sql, record).await?;
    Ok(true)
}
