//! A user's categories: their own copy of the built-in taxonomy (made by a trigger when the
//! user is created, see migrations/20261123000004_categories.sql), which they rename,
//! reorganise, extend and prune. `default_slug` keeps a renamed or moved built-in category
//! linked to the built-in labelled examples.

use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::PgConnection;
use uuid::Uuid;

#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Category {
    pub id: Uuid,
    pub name: String,
    /// expense, income or transfer.
    pub kind: String,
    pub parent_id: Option<Uuid>,
    pub parent_name: Option<String>,
    /// The built-in category this one started as, if any.
    pub default_slug: Option<String>,
    pub position: i16,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, thiserror::Error)]
pub enum CategoryError {
    #[error("not found")]
    NotFound,
    #[error("{0}")]
    Invalid(&'static str, String),
    #[error("a category of that name already exists at that level")]
    NameTaken,
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

const SELECT: &str =
    "SELECT c.id, c.name, c.kind, c.parent_id, p.name AS parent_name, c.default_slug,
    c.position, c.created_at, c.updated_at
    FROM categories c LEFT JOIN categories p ON p.user_id = c.user_id AND p.id = c.parent_id";

/// Top-level categories first in their order, each followed by its children (depth first).
pub async fn list(conn: &mut PgConnection, user_id: Uuid) -> Result<Vec<Category>, sqlx::Error> {
    let all: Vec<Category> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE c.user_id = $1 AND c.archived_at IS NULL ORDER BY c.position, lower(c.name), c.id"
    )))
    .bind(user_id)
    .fetch_all(conn)
    .await?;
    let mut ordered = Vec::with_capacity(all.len());
    fn walk(all: &[Category], parent: Option<Uuid>, out: &mut Vec<Category>) {
        for c in all.iter().filter(|c| c.parent_id == parent) {
            out.push(c.clone());
            walk(all, Some(c.id), out);
        }
    }
    walk(&all, None, &mut ordered);
    Ok(ordered)
}

/// A category as a node of the user's tree: what code that sums by category needs to count
/// a category's subcategories with it and to tell spending from income.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CategoryNode {
    pub id: Uuid,
    pub parent_id: Option<Uuid>,
    /// expense, income or transfer.
    pub kind: String,
}

/// The names of all the user's categories, archived ones too.
pub async fn all_names(
    conn: &mut PgConnection,
    user_id: Uuid,
) -> Result<std::collections::HashMap<Uuid, String>, sqlx::Error> {
    let rows: Vec<(Uuid, String)> =
        sqlx::query_as("SELECT id, name FROM categories WHERE user_id = $1")
            .bind(user_id)
            .fetch_all(conn)
            .await?;
    Ok(rows.into_iter().collect())
}

/// The names of the user's categories among `ids`, archived ones too (what was budgeted or
/// booked under a category keeps its name).
pub async fn names(
    conn: &mut PgConnection,
    user_id: Uuid,
    ids: &[Uuid],
) -> Result<std::collections::HashMap<Uuid, String>, sqlx::Error> {
    let rows: Vec<(Uuid, String)> =
        sqlx::query_as("SELECT id, name FROM categories WHERE user_id = $1 AND id = ANY($2)")
            .bind(user_id)
            .bind(ids)
            .fetch_all(conn)
            .await?;
    Ok(rows.into_iter().collect())
}

/// Every category of the user, archived ones too (rows booked under them still count).
pub async fn nodes(
    conn: &mut PgConnection,
    user_id: Uuid,
) -> Result<Vec<CategoryNode>, sqlx::Error> {
    sqlx::query_as("SELECT id, parent_id, kind FROM categories WHERE user_id = $1 ORDER BY id")
        .bind(user_id)
        .fetch_all(conn)
        .await
}

/// The ids of the user's expense categories, archived ones too: what analytics counts as
/// spending (with money out that has no category).
pub async fn expense_ids(conn: &mut PgConnection, user_id: Uuid) -> Result<Vec<Uuid>, sqlx::Error> {
    Ok(nodes(conn, user_id)
        .await?
        .into_iter()
        .filter(|c| c.kind == "expense")
        .map(|c| c.id)
        .collect())
}

pub async fn get(
    conn: &mut PgConnection,
    user_id: Uuid,
    id: Uuid,
) -> Result<Option<Category>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE c.user_id = $1 AND c.id = $2 AND c.archived_at IS NULL"
    )))
    .bind(user_id)
    .bind(id)
    .fetch_optional(conn)
    .await
}

/// The user's live categories that carry a built-in slug: (slug, id, kind).
pub async fn with_default_slug(
    conn: &mut PgConnection,
    user_id: Uuid,
) -> Result<Vec<(String, Uuid, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT default_slug, id, kind FROM categories
         WHERE user_id = $1 AND default_slug IS NOT NULL AND archived_at IS NULL",
    )
    .bind(user_id)
    .fetch_all(conn)
    .await
}

/// The user's live categories as a model sees them: (id, "Food & Dining: Groceries", kind).
pub async fn labels(
    conn: &mut PgConnection,
    user_id: Uuid,
) -> Result<Vec<(Uuid, String, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT c.id, CASE WHEN p.name IS NULL THEN c.name ELSE p.name || ': ' || c.name END, c.kind
         FROM categories c LEFT JOIN categories p ON p.user_id = c.user_id AND p.id = c.parent_id
         WHERE c.user_id = $1 AND c.archived_at IS NULL",
    )
    .bind(user_id)
    .fetch_all(conn)
    .await
}

/// A live category's kind (expense, income or transfer); `None` when it is archived or not
/// the user's.
pub async fn kind_of(
    conn: &mut PgConnection,
    user_id: Uuid,
    id: Uuid,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT kind FROM categories WHERE user_id = $1 AND id = $2 AND archived_at IS NULL",
    )
    .bind(user_id)
    .bind(id)
    .fetch_optional(conn)
    .await
}

fn unique_violation(e: sqlx::Error) -> CategoryError {
    match &e {
        sqlx::Error::Database(d) if d.code().as_deref() == Some("23505") => {
            CategoryError::NameTaken
        }
        _ => CategoryError::Database(e),
    }
}

/// A new category: under `parent_id` it takes the parent's kind (a different `kind` is
/// refused); at the top level `kind` is required. It goes last among its siblings.
pub async fn create(
    conn: &mut PgConnection,
    user_id: Uuid,
    name: &str,
    parent_id: Option<Uuid>,
    kind: Option<&str>,
) -> Result<Category, CategoryError> {
    let kind = match parent_id {
        Some(parent) => {
            let parent_kind = kind_of(conn, user_id, parent)
                .await?
                .ok_or(CategoryError::NotFound)?;
            if kind.is_some_and(|k| k != parent_kind) {
                return Err(CategoryError::Invalid(
                    "kind",
                    format!("a subcategory has its parent's kind ({parent_kind})"),
                ));
            }
            parent_kind
        }
        None => kind
            .ok_or(CategoryError::Invalid(
                "kind",
                "say expense, income or transfer for a top-level category".into(),
            ))?
            .to_string(),
    };
    let id: Uuid = sqlx::query_scalar(
        "INSERT INTO categories (user_id, parent_id, name, kind, position)
         SELECT $1, $2, $3, $4, COALESCE(max(position) + 1, 1) FROM categories
         WHERE user_id = $1 AND parent_id IS NOT DISTINCT FROM $2
         RETURNING id",
    )
    .bind(user_id)
    .bind(parent_id)
    .bind(name)
    .bind(&kind)
    .fetch_one(&mut *conn)
    .await
    .map_err(unique_violation)?;
    get(conn, user_id, id).await?.ok_or(CategoryError::NotFound)
}

/// Renames and/or moves a category. `parent_id: Some(None)` makes it top-level. A move under
/// itself or one of its descendants, or under a parent of another kind, is refused.
pub async fn update(
    conn: &mut PgConnection,
    user_id: Uuid,
    id: Uuid,
    name: Option<&str>,
    parent_id: Option<Option<Uuid>>,
) -> Result<Category, CategoryError> {
    let kind: String = sqlx::query_scalar(
        "SELECT kind FROM categories WHERE user_id = $1 AND id = $2 AND archived_at IS NULL FOR UPDATE",
    )
    .bind(user_id)
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(CategoryError::NotFound)?;
    if let Some(Some(parent)) = parent_id {
        let parent_kind = kind_of(conn, user_id, parent)
            .await?
            .ok_or(CategoryError::NotFound)?;
        let under_itself: bool = sqlx::query_scalar(
            "WITH RECURSIVE tree AS (
                SELECT id FROM categories WHERE user_id = $1 AND id = $2
                UNION SELECT c.id FROM categories c JOIN tree ON c.parent_id = tree.id WHERE c.user_id = $1
             ) SELECT EXISTS (SELECT 1 FROM tree WHERE id = $3)",
        )
        .bind(user_id)
        .bind(id)
        .bind(parent)
        .fetch_one(&mut *conn)
        .await?;
        if under_itself {
            return Err(CategoryError::Invalid(
                "parent_id",
                "a category cannot move under itself or one of its subcategories".into(),
            ));
        }
        if parent_kind != kind {
            return Err(CategoryError::Invalid(
                "parent_id",
                format!("the parent is an {parent_kind} category; this one is {kind}"),
            ));
        }
    }
    sqlx::query(
        "UPDATE categories SET name = COALESCE($3, name),
                parent_id = CASE WHEN $4 THEN $5 ELSE parent_id END
         WHERE user_id = $1 AND id = $2",
    )
    .bind(user_id)
    .bind(id)
    .bind(name)
    .bind(parent_id.is_some())
    .bind(parent_id.flatten())
    .execute(&mut *conn)
    .await
    .map_err(unique_violation)?;
    get(conn, user_id, id).await?.ok_or(CategoryError::NotFound)
}

/// Deletes a category. Its subcategories move up to its parent (nothing is deleted with it),
/// and its transactions become uncategorized and unlocked, so the categorizer may try again.
pub async fn delete(conn: &mut PgConnection, user_id: Uuid, id: Uuid) -> Result<(), CategoryError> {
    let parent: Option<Uuid> = sqlx::query_scalar(
        "SELECT parent_id FROM categories WHERE user_id = $1 AND id = $2 AND archived_at IS NULL FOR UPDATE",
    )
    .bind(user_id)
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(CategoryError::NotFound)?;
    sqlx::query("UPDATE categories SET parent_id = $3 WHERE user_id = $1 AND parent_id = $2")
        .bind(user_id)
        .bind(id)
        .bind(parent)
        .execute(&mut *conn)
        .await
        .map_err(unique_violation)?;
    sqlx::query(
        "UPDATE transactions SET category_id = NULL, category_source = NULL, category_confidence = NULL,
                locked_fields = array_remove(locked_fields, 'category')
         WHERE user_id = $1 AND category_id = $2",
    )
    .bind(user_id)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    sqlx::query("DELETE FROM categories WHERE user_id = $1 AND id = $2")
        .bind(user_id)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}
