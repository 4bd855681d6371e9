//! `GET /transactions/search?q=`: semantic search with the list's filters. It lives here,
//! not in the transactions crate, because it needs the embedder and the lexicon (and this
//! crate already depends on that one).

use std::path::PathBuf;
use std::sync::Arc;

use axum::Json;
use axum::extract::{FromRef, State};
use chrono::NaiveDate;
use kakeibo_core::{ApiError, ApiQuery, AppState, AuthUser, FieldError, Validate};
use kakeibo_llm::{EmbedError, Embedder, LocalEmbedder};
use kakeibo_transactions::search::{ScoredTransaction, cursor, parse_cursor};
use kakeibo_transactions::transactions_api::ListParams;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use tokio::sync::OnceCell;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::search::{Search, SearchError, search};
use crate::search_query::understand;

const DEFAULT_LIMIT: i64 = 20;
/// Results per page at most: a search is read from the top, not paged through for ever.
pub const MAX_LIMIT: i64 = 50;

/// The model that embeds queries, loaded on the first search that needs it: an API process
/// that is never asked to search never reads the ~90 MB of weights.
#[derive(Clone)]
pub struct QueryEmbedder {
    loaded: Arc<OnceCell<Arc<dyn Embedder>>>,
    models_dir: PathBuf,
}

impl QueryEmbedder {
    /// The local all-MiniLM-L6-v2 under `models_dir`, the model the categorizer's worker
    /// embeds merchants with (the vectors must come from the same model to compare).
    pub fn local(models_dir: PathBuf) -> Self {
        Self {
            loaded: Arc::default(),
            models_dir,
        }
    }

    /// The model, loaded on the first call (the ask engine's search tool uses it too).
    pub async fn get(&self) -> Result<Arc<dyn Embedder>, EmbedError> {
        let embedder = self
            .loaded
            .get_or_try_init(|| async {
                let dir = self.models_dir.clone();
                let local =
                    tokio::task::spawn_blocking(move || LocalEmbedder::load_shared(&dir)).await??;
                tracing::info!("search: query embedder loaded");
                Ok::<_, EmbedError>(Arc::new(local) as Arc<dyn Embedder>)
            })
            .await?;
        Ok(embedder.clone())
    }
}

/// What the search reads: the shared state, and the query model. Built once by the server;
/// a handler takes either part as `State<…>`.
#[derive(Clone, FromRef)]
pub struct SearchState {
    pub app: AppState,
    pub embedder: QueryEmbedder,
}

pub fn router() -> OpenApiRouter<SearchState> {
    OpenApiRouter::new().routes(routes!(search_transactions))
}

/// The search's query string: `q` and the filters of `GET /transactions` (the same fields
/// as `ListParams`, which IntoParams cannot flatten).
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchParams {
    /// What to look for, up to 200 characters: "coffee shops", "flights last year". Time
    /// phrases (today, yesterday, this/last week, month or year, "in 2025", "in march",
    /// "march 2026", "last 30 days", "past 3 months") become dates in your time zone.
    #[param(max_length = 200)]
    q: String,
    /// First day included, YYYY-MM-DD; narrows the query's own dates.
    from: Option<NaiveDate>,
    /// Last day included, YYYY-MM-DD.
    to: Option<NaiveDate>,
    /// Only these accounts.
    account_id: Option<Vec<Uuid>>,
    /// Includes the categories below it.
    category_id: Option<Vec<Uuid>>,
    /// `true`: only rows without a category.
    uncategorized: Option<bool>,
    /// `true`: only rows the categorizer left for review.
    needs_review: Option<bool>,
    /// On the signed amount (negative is money out).
    #[param(value_type = Option<String>, format = "decimal")]
    min_amount: Option<Decimal>,
    /// On the signed amount, like `min_amount`.
    #[param(value_type = Option<String>, format = "decimal")]
    max_amount: Option<Decimal>,
    /// Case-insensitive substring of description, payee, merchant or notes.
    #[param(max_length = 200)]
    text: Option<String>,
    /// Only rows carrying this tag (exactly as written).
    tag: Option<String>,
    /// `next_cursor` of the previous page.
    before: Option<String>,
    /// 1 to 50; 20 by default.
    limit: Option<i64>,
}

impl SearchParams {
    /// The filters and page, as the list reads them.
    fn filters(&self) -> ListParams {
        ListParams {
            from: self.from,
            to: self.to,
            account_id: self.account_id.clone(),
            category_id: self.category_id.clone(),
            uncategorized: self.uncategorized,
            needs_review: self.needs_review,
            min_amount: self.min_amount,
            max_amount: self.max_amount,
            text: self.text.clone(),
            tag: self.tag.clone(),
            before: self.before.clone(),
            limit: self.limit,
        }
    }
}

impl Validate for SearchParams {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        // Empty also when given blank: values arrive trimmed.
        if self.q.is_empty() {
            errors.push(FieldError::new("q", "must not be empty"));
        } else if self.q.chars().any(char::is_control) {
            errors.push(FieldError::new("q", "printable characters only"));
        }
        if let Err(more) = self.filters().validate() {
            errors.extend(more);
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

/// How the query was read.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Understood {
    /// The words compared with your transactions (time phrases removed); empty when the
    /// query was only a time phrase, and then every row of the period is listed.
    pub text: String,
    /// The days the query's time phrases asked for, if any.
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SearchPage {
    /// Best first; each row as in `GET /transactions`, with its `score`.
    pub transactions: Vec<ScoredTransaction>,
    pub next_cursor: Option<String>,
    pub understood: Understood,
}

/// Searches your transactions by meaning and category: "coffee shops" finds the cafés
/// whatever their names, "flights last year" last year's airlines. A row's `score` (0 to
/// 1) is its merchant's similarity in meaning to the words (1 when the row contains them
/// as written), lifted halfway to 1 when the row is filed under a category the words name
/// (flights → Flights): `similarity + ½ · category · (1 − similarity)`. Rows with neither
/// a named category nor a similarity of 0.6 are left out. Rows the categorizer has not
/// seen yet are found only by their words.
#[utoipa::path(get, path = "/transactions/search", tag = "transactions", security(("bearer" = [])),
    params(SearchParams),
    responses((status = 200, body = SearchPage), (status = 400, description = "Bad cursor or unknown parameter"),
              (status = 422, description = "`q` is missing, empty or too long, or a filter is invalid; names the parameter")))]
pub async fn search_transactions(
    State(state): State<AppState>,
    State(embedder): State<QueryEmbedder>,
    user: AuthUser,
    ApiQuery(params): ApiQuery<SearchParams>,
) -> Result<Json<SearchPage>, ApiError> {
    let (mut filter, page) = params.filters().into_parts();
    let q = params.q;
    let after = match page.before.as_deref() {
        Some(c) => Some(parse_cursor(c).ok_or_else(|| {
            ApiError::bad_request(
                "invalid_cursor",
                "`before` is not a cursor from this search",
            )
        })?),
        None => None,
    };
    let limit = page.limit.unwrap_or(DEFAULT_LIMIT).clamp(1, MAX_LIMIT);

    let today = {
        let mut conn = state.db.acquire().await?;
        kakeibo_auth::local_time::today(&mut conn, user.user_id).await?
    };
    let understood = understand(&q, today);
    if understood.text.is_empty() && understood.from.is_none() {
        return Err(ApiError::invalid("q", "no words or dates to search for"));
    }
    filter.from = filter.from.max(understood.from);
    filter.to = match (filter.to, understood.to) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    let text = Some(understood.text.clone()).filter(|t| !t.is_empty());
    let model = match &text {
        Some(_) => Some(embedder.get().await.map_err(internal)?),
        None => None,
    };
    let search_ = Search {
        text,
        filter,
        after,
        limit,
    };
    let rows = search(&state.db, model.as_deref(), user.user_id, &search_)
        .await
        .map_err(|e| match e {
            SearchError::Database(e) => ApiError::from(e),
            SearchError::Embed(e) => internal(e),
        })?;
    let next_cursor = (rows.len() as i64 == limit)
        .then(|| rows.last())
        .flatten()
        .map(|r| cursor((r.score, r.transaction.booked_at, r.transaction.id)));
    Ok(Json(SearchPage {
        transactions: rows,
        next_cursor,
        understood: Understood {
            text: understood.text,
            from: understood.from,
            to: understood.to,
        },
    }))
}

fn internal(e: EmbedError) -> ApiError {
    ApiError::Internal(e.into())
}
