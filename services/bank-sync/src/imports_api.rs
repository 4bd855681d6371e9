//! HTTP endpoints for statement imports, with a preview that shows how a file will be read
//! before anything is written.

use std::sync::Arc;

use axum::Json;
use axum::extract::{DefaultBodyLimit, Multipart, State};
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use kakeibo_core::page::Page;
use kakeibo_core::{ApiError, ApiPath, ApiQuery, AppState, AuthUser, FieldError, Validate};
use serde::{Deserialize, Serialize};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::BankSyncState;
use crate::import::{ImportError, ImportSource};
use crate::import_files::{self, StatementTarget};
use crate::import_metrics;
use crate::parse::csv::CsvGuess;
use crate::parse::{self, ParseOptions};
use crate::statement::{ParseError, StatementLine};

/// Statement files are small (100,000 rows of OFX is about 15 MB); this stops abuse.
pub const MAX_UPLOAD_BYTES: usize = 64 * 1024 * 1024;
const PREVIEW_ROWS: usize = 50;
/// Rows one upload may hold: ten times the 100,000-row import the performance work measures,
/// and decades of any household's statements. 64 MiB of tiny CSV rows is 4 million of them,
/// which would hold one database transaction for minutes: such a file is refused with 422.
pub const MAX_IMPORT_ROWS: usize = 1_000_000;
/// Header and preamble lines a CSV may have on top of its rows.
const CSV_PREAMBLE_LINES: usize = 100;

pub fn router() -> OpenApiRouter<BankSyncState> {
    OpenApiRouter::new()
        .routes(routes!(preview_import))
        .routes(routes!(list_imports, create_import))
        .routes(routes!(get_import))
        .layer(DefaultBodyLimit::max(MAX_UPLOAD_BYTES))
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

fn too_many_rows(found: String) -> ApiError {
    ApiError::Validation(vec![FieldError::new(
        "file",
        format!(
            "the file holds {found}; an import takes at most {MAX_IMPORT_ROWS} rows: split it by date"
        ),
    )])
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
    /// The CSV mapping guessed from the header when no preset matched and no mapping was
    /// sent: `{mapping, confidence, reasons}`. `mapping` is in the form `csv_mapping` takes;
    /// `confidence` runs from 0 to 1, and an import uses the guess unasked from 0.8 on. Below
    /// that the import is refused until the mapping is sent back as `csv_mapping`.
    #[schema(value_type = Option<Object>)]
    pub csv_guess: Option<CsvGuess>,
    /// The CSV mapping confirmed earlier for this account (`account_id`) was used: the
    /// file's header line is the one it was confirmed for.
    pub csv_saved_mapping: bool,
    /// Rows in the file (all statements).
    pub rows: usize,
    pub currency: Option<String>,
    pub account_hint: Option<String>,
    pub first_date: Option<chrono::NaiveDate>,
    pub last_date: Option<chrono::NaiveDate>,
    /// What the reader had to assume or left out (a date taken from the value date,
    /// holdings not imported…), in words for the person importing.
    pub notes: Vec<String>,
    /// Which account each statement of the file goes to, as the import would do it: one
    /// entry for most files, one per account for OFX files holding several. With
    /// `account_id`, or when the file holds several statements, the import's own checks
    /// (account, currency, dates) ran too.
    pub accounts: Vec<StatementTarget>,
    /// The first rows as they will be imported.
    #[schema(value_type = Vec<Object>)]
    pub sample: Vec<StatementLine>,
}

/// Reads the file and answers what an import would take in; writes nothing. With
/// `account_id` it also runs the import's checks against that account, so a file the import
/// would refuse (another currency, say) is refused here with the same error.
#[utoipa::path(post, path = "/imports/preview", tag = "imports", security(("bearer" = [])),
    request_body(content_type = "multipart/form-data", description = "`file`; optionally `account_id` (the account to check the file against, as the import would) and `options` (JSON: format, csv_preset, csv_mapping, qif_day_first)"),
    responses((status = 200, body = Preview), (status = 404, description = "No such account"), (status = 413),
              (status = 422, description = "The file cannot be read, or the import would refuse it; names the line and field")))]
pub async fn preview_import(
    State(state): State<AppState>,
    user: AuthUser,
    multipart: Multipart,
) -> Result<Json<Preview>, ApiError> {
    let mut upload = read_upload(multipart).await?;
    let (_, parsed, csv_saved_mapping) = parse_upload(&state, user.user_id, &mut upload).await?;
    let mut conn = state.db.acquire().await?;
    let accounts =
        import_files::plan_and_check(&mut conn, user.user_id, &parsed, upload.account_id)
            .await
            .map_err(import_error)?;
    let mut notes = Vec::new();
    for note in parsed.statements().flat_map(|s| &s.notes) {
        if !notes.contains(note) {
            notes.push(note.clone());
        }
    }
    if parsed.refuse_unsure_guess().is_err() {
        notes.push(
            "The CSV mapping was guessed and is not sure enough to import unasked: check csv_guess and send its mapping back as csv_mapping."
                .to_string(),
        );
    }
    let lines = || parsed.statements().flat_map(|s| &s.lines);
    Ok(Json(Preview {
        format: parsed.format,
        csv_preset: parsed.csv_preset.clone(),
        csv_guess: parsed.csv_guess.clone(),
        csv_saved_mapping,
        rows: lines().count(),
        currency: parsed.statement.currency.clone(),
        account_hint: parsed.statement.account_hint.clone(),
        first_date: lines().map(|l| l.booked_on).min(),
        last_date: lines().map(|l| l.booked_on).max(),
        notes,
        accounts,
        sample: lines().take(PREVIEW_ROWS).cloned().collect(),
    }))
}

/// Reads the upload with the CSV mapping the user confirmed earlier for this account's
/// export, when it names none: the file, what was read, and whether a saved mapping was used.
async fn parse_upload(
    state: &AppState,
    user_id: Uuid,
    upload: &mut Upload,
) -> Result<(Arc<Vec<u8>>, parse::Parsed, bool), ApiError> {
    let mut conn = state.db.acquire().await?;
    let saved = import_files::use_saved_mapping(
        &mut conn,
        user_id,
        upload.account_id,
        &upload.file,
        &mut upload.options,
    )
    .await?;
    // No connection held while a large file is parsed.
    drop(conn);
    // A CSV row is a line: one too long is refused before it is parsed (parsing 4 million
    // rows holds about 800 MB). Other formats take several lines a row; they are counted after.
    let format = upload
        .options
        .format
        .unwrap_or_else(|| parse::detect_format(&upload.file));
    if format == crate::statement::Format::Csv {
        let lines = upload.file.iter().filter(|&&b| b == b'\n').count();
        if lines > MAX_IMPORT_ROWS + CSV_PREAMBLE_LINES {
            return Err(too_many_rows(format!("{lines} lines")));
        }
    }
    let file = Arc::new(std::mem::take(&mut upload.file));
    let parsed = parse_blocking(file.clone(), upload.options.clone()).await?;
    let rows: usize = parsed.statements().map(|s| s.lines.len()).sum();
    if rows > MAX_IMPORT_ROWS {
        return Err(too_many_rows(format!("{rows} rows")));
    }
    Ok((file, parsed, saved))
}

/// Parsing a large file is CPU work: keep it off the async workers.
async fn parse_blocking(
    file: Arc<Vec<u8>>,
    options: ParseOptions,
) -> Result<parse::Parsed, ApiError> {
    tokio::task::spawn_blocking(move || parse::parse(&file, &options))
        .await
        .map_err(|e| ApiError::Internal(e.into()))?
        .map_err(unreadable)
}

/// Imports a file into one of your accounts (or, for a file holding several accounts'
/// statements, each into the account its number names): all rows or none.
#[utoipa::path(post, path = "/imports", tag = "imports", security(("bearer" = [])),
    request_body(content_type = "multipart/form-data", description = "`file`, `account_id` (may be left out when the file names the account by a number one of your accounts has), and optionally `options`"),
    responses((status = 201, body = ImportSummary), (status = 404, description = "No such account"),
              (status = 413), (status = 422, description = "The file cannot be read, or a statement matches no account; names the line and field")))]
pub async fn create_import(
    State(state): State<AppState>,
    user: AuthUser,
    multipart: Multipart,
) -> Result<(StatusCode, Json<ImportSummary>), ApiError> {
    let started = std::time::Instant::now();
    let mut upload = read_upload(multipart).await?;
    let filename = upload.filename.clone();
    let chosen = upload.options.clone();
    let (file, parsed, _) = parse_upload(&state, user.user_id, &mut upload).await?;
    let format = parsed.format.name();
    let confirmed = import_files::chosen_mapping(&chosen, &parsed, &file);
    let mut tx = state.db.begin().await?;
    let done = import_files::import_file(
        &mut tx,
        Some(&state.db),
        user.user_id,
        &parsed,
        upload.account_id,
        ImportSource {
            kind: "file",
            format: Some(format),
            filename: filename.as_deref(),
        },
        confirmed,
    )
    .await
    .map_err(|e| {
        import_metrics::failed(format);
        import_error(e)
    })?;
    tx.commit().await?;
    import_metrics::done(format, started, done.reports.iter().map(|(_, r)| r));
    let mut ids = done.reports.iter().map(|(_, r)| r.import_id);
    let first = ids
        .next()
        .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("an import without a statement")))?;
    let mut summary = load_import(&state, user.user_id, first).await?;
    for id in ids {
        summary
            .other_imports
            .push(load_import(&state, user.user_id, id).await?);
    }
    Ok((StatusCode::CREATED, Json(summary)))
}

pub fn import_error(e: ImportError) -> ApiError {
    match e {
        ImportError::AccountNotFound => ApiError::NotFound,
        // Which account a statement goes to is about the request, not a line of the file.
        ImportError::Invalid(e) if matches!(e.field.as_deref(), Some("account_id" | "account")) => {
            ApiError::Validation(vec![FieldError::new(
                e.field.unwrap_or_default(),
                e.message,
            )])
        }
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
    /// For a file holding several accounts' statements: the imports of the others, one per
    /// account (this one is the first statement's). Absent otherwise.
    #[sqlx(skip)]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[schema(no_recursion)]
    pub other_imports: Vec<ImportSummary>,
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

/// One import: its file, format and counts.
#[utoipa::path(get, path = "/imports/{id}", tag = "imports", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The import's id")), responses((status = 200, body = ImportSummary), (status = 404)))]
pub async fn get_import(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<ImportSummary>, ApiError> {
    Ok(Json(load_import(&state, user.user_id, id).await?))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ImportListParams {
    /// `next_cursor` of the previous page.
    pub before: Option<String>,
    /// 1 to 200; 50 by default.
    pub limit: Option<i64>,
    /// Only imports from this source: `file` for uploaded and CLI files, or a provider's
    /// name (`demo`, `plaid`, …) for syncs. All sources when left out.
    pub source: Option<String>,
}

impl Validate for ImportListParams {}

/// One import in the history, with its account's name.
#[derive(Debug, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct ImportListItem {
    pub id: Uuid,
    pub account_id: Uuid,
    pub account_name: String,
    /// `file`, or the provider of a sync.
    pub source: String,
    pub format: Option<String>,
    pub filename: Option<String>,
    pub rows_read: i32,
    pub rows_added: i32,
    /// Rows already stored (duplicates), left as they were.
    pub rows_matched: i32,
    /// Pending rows replaced by their posted twins.
    pub rows_posted: i32,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ImportPage {
    pub imports: Vec<ImportListItem>,
    pub next_cursor: Option<String>,
}

/// Your imports (files and syncs), newest first.
#[utoipa::path(get, path = "/imports", tag = "imports", security(("bearer" = [])), params(ImportListParams),
    responses((status = 200, body = ImportPage), (status = 400, description = "Bad cursor")))]
pub async fn list_imports(
    State(state): State<AppState>,
    user: AuthUser,
    ApiQuery(params): ApiQuery<ImportListParams>,
) -> Result<Json<ImportPage>, ApiError> {
    let page = Page {
        before: params.before,
        limit: params.limit,
    }
    .keyset()?;
    let mut conn = state.db.acquire().await?;
    let imports = history(&mut conn, user.user_id, params.source.as_deref(), page).await?;
    let next_cursor = page.next_cursor(imports.len(), imports.last().map(|i| (i.created_at, i.id)));
    Ok(Json(ImportPage {
        imports,
        next_cursor,
    }))
}

/// The user's imports older than the keyset position, newest first, from `source` only when
/// given.
pub async fn history(
    conn: &mut sqlx::PgConnection,
    user_id: Uuid,
    source: Option<&str>,
    page: kakeibo_core::page::Keyset,
) -> Result<Vec<ImportListItem>, sqlx::Error> {
    sqlx::query_as(
        "SELECT i.id, i.account_id, a.name AS account_name, i.source, i.format, i.filename,
                i.rows_read, i.rows_added, i.rows_matched, i.rows_posted, i.created_at
         FROM imports i JOIN accounts a ON a.user_id = i.user_id AND a.id = i.account_id
         WHERE i.user_id = $1 AND ($2::text IS NULL OR i.source = $2)
           AND ($3::timestamptz IS NULL OR (i.created_at, i.id) < ($3, $4))
         ORDER BY i.created_at DESC, i.id DESC LIMIT $5",
    )
    .bind(user_id)
    .bind(source)
    .bind(page.before.map(|b| b.0))
    .bind(page.before.map(|b| b.1))
    .bind(page.limit)
    .fetch_all(conn)
    .await
}
