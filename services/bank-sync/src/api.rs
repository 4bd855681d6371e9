//! HTTP endpoints: accounts (manual ones for now), and statement imports with a preview that
//! shows how a file will be read before anything is written.

use axum::Json;
use axum::extract::{DefaultBodyLimit, Multipart, State};
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use kakeibo_core::{ApiError, ApiPath, AppState, AuthUser, FieldError, Validate, ValidatedJson};
use serde::{Deserialize, Serialize};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::import::{self, ImportError, ImportSource};
use crate::parse::{self, ParseOptions};
use crate::statement::{ParseError, StatementLine};

/// Statement files are small (100,000 rows of OFX is about 15 MB); this stops abuse.
pub const MAX_UPLOAD_BYTES: usize = 64 * 1024 * 1024;
const PREVIEW_ROWS: usize = 50;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_accounts, create_account))
        .routes(routes!(preview_import))
        .routes(routes!(create_import))
        .routes(routes!(get_import))
        .layer(DefaultBodyLimit::max(MAX_UPLOAD_BYTES))
}

#[derive(Debug, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Account {
    pub id: Uuid,
    pub name: String,
    pub kind: String,
    pub currency: String,
    #[schema(value_type = Option<String>)]
    pub current_balance: Option<rust_decimal::Decimal>,
    pub connection_id: Option<Uuid>,
    pub created_at: DateTime<Utc>,
}

#[utoipa::path(get, path = "/accounts", tag = "accounts", security(("bearer" = [])),
    responses((status = 200, body = [Account])))]
pub async fn list_accounts(
    State(state): State<AppState>,
    user: AuthUser,
) -> Result<Json<Vec<Account>>, ApiError> {
    let mut conn = state.db.acquire().await?;
    Ok(Json(accounts(&mut conn, user.user_id).await?))
}

/// The user's open accounts, by name.
pub async fn accounts(
    conn: &mut sqlx::PgConnection,
    user_id: Uuid,
) -> Result<Vec<Account>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, name, kind, currency::text AS currency, current_balance, connection_id, created_at
         FROM accounts WHERE user_id = $1 AND archived_at IS NULL ORDER BY name, id",
    )
    .bind(user_id)
    .fetch_all(conn)
    .await
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewAccount {
    pub name: String,
    /// checking, savings, credit_card, cash, investment, loan or other.
    pub kind: String,
    /// ISO 4217, e.g. EUR.
    pub currency: String,
}

const KINDS: [&str; 7] = [
    "checking",
    "savings",
    "credit_card",
    "cash",
    "investment",
    "loan",
    "other",
];

impl Validate for NewAccount {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        let name = self.name.trim();
        if name.is_empty() || name.chars().count() > 100 || name.chars().any(char::is_control) {
            errors.push(FieldError::new("name", "use 1 to 100 printable characters"));
        }
        if !KINDS.contains(&self.kind.as_str()) {
            errors.push(FieldError::new(
                "kind",
                format!("one of {}", KINDS.join(", ")),
            ));
        }
        if !(self.currency.len() == 3 && self.currency.chars().all(|c| c.is_ascii_uppercase())) {
            errors.push(FieldError::new(
                "currency",
                "a three-letter ISO 4217 code such as EUR",
            ));
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

#[utoipa::path(post, path = "/accounts", tag = "accounts", security(("bearer" = [])), request_body = NewAccount,
    responses((status = 201, body = Account), (status = 422)))]
pub async fn create_account(
    State(state): State<AppState>,
    user: AuthUser,
    ValidatedJson(req): ValidatedJson<NewAccount>,
) -> Result<(StatusCode, Json<Account>), ApiError> {
    let account = sqlx::query_as(
        "INSERT INTO accounts (user_id, name, kind, currency) VALUES ($1, $2, $3, $4)
         RETURNING id, name, kind, currency::text AS currency, current_balance, connection_id, created_at",
    )
    .bind(user.user_id)
    .bind(req.name.trim())
    .bind(&req.kind)
    .bind(&req.currency)
    .fetch_one(&state.db)
    .await?;
    Ok((StatusCode::CREATED, Json(account)))
}

/// The parts of an import upload: the file, and how to read it.
struct Upload {
    file: Vec<u8>,
    filename: Option<String>,
    options: ParseOptions,
    account_id: Option<Uuid>,
}

async fn read_upload(mut multipart: Multipart) -> Result<Upload, ApiError> {
    let bad = |m: String| ApiError::bad_request("invalid_upload", m);
    let mut upload = Upload {
        file: Vec::new(),
        filename: None,
        options: ParseOptions::default(),
        account_id: None,
    };
    let mut has_file = false;
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|e| multipart_error(e.status(), e.body_text()))?
    {
        match field.name().unwrap_or_default() {
            "file" => {
                upload.filename = field.file_name().map(|n| n.chars().take(255).collect());
                upload.file = field
                    .bytes()
                    .await
                    .map_err(|e| multipart_error(e.status(), e.body_text()))?
                    .to_vec();
                has_file = true;
            }
            "options" => {
                let text = field.text().await.map_err(|e| bad(e.body_text()))?;
                upload.options = kakeibo_core::extract::parse_json(text.as_bytes())?;
            }
            "account_id" => {
                let text = field.text().await.map_err(|e| bad(e.body_text()))?;
                upload.account_id = Some(
                    text.trim()
                        .parse()
                        .map_err(|_| ApiError::invalid("account_id", "not an account id"))?,
                );
            }
            other => {
                return Err(bad(format!(
                    "unexpected form field {other:?}; send file, options and account_id"
                )));
            }
        }
    }
    if !has_file {
        return Err(ApiError::invalid(
            "file",
            "attach the statement file as the form field `file`",
        ));
    }
    Ok(upload)
}

fn multipart_error(status: StatusCode, text: String) -> ApiError {
    if status == StatusCode::PAYLOAD_TOO_LARGE {
        ApiError::PayloadTooLarge
    } else {
        ApiError::bad_request("invalid_upload", text)
    }
}

/// A file that cannot be read: 422 naming the line and the field.
fn unreadable(e: ParseError) -> ApiError {
    ApiError::Validation(vec![FieldError::new(
        format!(
            "file:line {}{}",
            e.line,
            e.field
                .as_ref()
                .map(|f| format!(":{f}"))
                .unwrap_or_default()
        ),
        e.to_string(),
    )])
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Preview {
    #[schema(value_type = String)]
    pub format: crate::statement::Format,
    pub csv_preset: Option<String>,
    pub rows: usize,
    pub currency: Option<String>,
    pub account_hint: Option<String>,
    pub first_date: Option<chrono::NaiveDate>,
    pub last_date: Option<chrono::NaiveDate>,
    /// What the reader had to assume or left out (a date taken from the value date,
    /// holdings not imported…), in words for the person importing.
    pub notes: Vec<String>,
    /// The first rows as they will be imported.
    #[schema(value_type = Vec<Object>)]
    pub sample: Vec<StatementLine>,
}

/// Reads the file and answers what an import would take in; writes nothing.
#[utoipa::path(post, path = "/imports/preview", tag = "imports", security(("bearer" = [])),
    request_body(content_type = "multipart/form-data", description = "`file`, and optionally `options` (JSON: format, csv_preset, csv_mapping, qif_day_first)"),
    responses((status = 200, body = Preview), (status = 413), (status = 422, description = "The file cannot be read; names the line and field")))]
pub async fn preview_import(
    _user: AuthUser,
    multipart: Multipart,
) -> Result<Json<Preview>, ApiError> {
    let upload = read_upload(multipart).await?;
    let parsed = parse_blocking(upload.file, upload.options).await?;
    let lines = &parsed.statement.lines;
    Ok(Json(Preview {
        format: parsed.format,
        csv_preset: parsed.csv_preset,
        rows: lines.len(),
        currency: parsed.statement.currency.clone(),
        account_hint: parsed.statement.account_hint.clone(),
        first_date: lines.iter().map(|l| l.booked_on).min(),
        last_date: lines.iter().map(|l| l.booked_on).max(),
        notes: parsed.statement.notes.clone(),
        sample: lines.iter().take(PREVIEW_ROWS).cloned().collect(),
    }))
}

/// Parsing a large file is CPU work: keep it off the async workers.
async fn parse_blocking(file: Vec<u8>, options: ParseOptions) -> Result<parse::Parsed, ApiError> {
    tokio::task::spawn_blocking(move || parse::parse(&file, &options))
        .await
        .map_err(|e| ApiError::Internal(e.into()))?
        .map_err(unreadable)
}

/// Imports a file into one of your accounts: all rows or none.
#[utoipa::path(post, path = "/imports", tag = "imports", security(("bearer" = [])),
    request_body(content_type = "multipart/form-data", description = "`file`, `account_id`, and optionally `options`"),
    responses((status = 201, body = ImportSummary), (status = 404, description = "No such account"),
              (status = 413), (status = 422, description = "The file cannot be read; names the line and field")))]
pub async fn create_import(
    State(state): State<AppState>,
    user: AuthUser,
    multipart: Multipart,
) -> Result<(StatusCode, Json<ImportSummary>), ApiError> {
    let upload = read_upload(multipart).await?;
    let account_id = upload
        .account_id
        .ok_or_else(|| ApiError::invalid("account_id", "say which account to import into"))?;
    let filename = upload.filename.clone();
    let parsed = parse_blocking(upload.file, upload.options).await?;
    let format = format_name(parsed.format);
    let report = import::import(
        &state.db,
        user.user_id,
        account_id,
        &parsed.statement,
        ImportSource {
            kind: "file",
            format: Some(format),
            filename: filename.as_deref(),
        },
    )
    .await
    .map_err(import_error)?;
    Ok((
        StatusCode::CREATED,
        Json(load_import(&state, user.user_id, report.import_id).await?),
    ))
}

pub fn format_name(format: crate::statement::Format) -> &'static str {
    format.name()
}

pub fn import_error(e: ImportError) -> ApiError {
    match e {
        ImportError::AccountNotFound => ApiError::NotFound,
        ImportError::Invalid(e) => unreadable(e),
        ImportError::Database(e) => e.into(),
    }
}

#[derive(Debug, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct ImportSummary {
    pub id: Uuid,
    pub account_id: Uuid,
    pub source: String,
    pub format: Option<String>,
    pub filename: Option<String>,
    pub rows_read: i32,
    pub rows_added: i32,
    pub rows_matched: i32,
    pub rows_posted: i32,
    pub created_at: DateTime<Utc>,
}

async fn load_import(state: &AppState, user_id: Uuid, id: Uuid) -> Result<ImportSummary, ApiError> {
    Ok(sqlx::query_as(
        "SELECT id, account_id, source, format, filename, rows_read, rows_added, rows_matched, rows_posted, created_at
         FROM imports WHERE user_id = $1 AND id = $2",
    )
    .bind(user_id)
    .bind(id)
    .fetch_one(&state.db)
    .await?)
}

#[utoipa::path(get, path = "/imports/{id}", tag = "imports", security(("bearer" = [])),
    params(("id" = Uuid, Path)), responses((status = 200, body = ImportSummary), (status = 404)))]
pub async fn get_import(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<ImportSummary>, ApiError> {
    Ok(Json(load_import(&state, user.user_id, id).await?))
}
