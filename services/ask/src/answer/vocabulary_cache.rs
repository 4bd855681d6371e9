//! The parser's vocabulary per user, kept for a minute: building it (categories, 2,000
//! merchants, accounts, budgets, goals, and their index) takes 16–26 ms in a debug build,
//! more than the rest of an answer. Changes to categories or accounts are made by other
//! crates, so nothing here hears of them: the entry expires after `TTL`, and `answer`
//! reads a question again with a fresh vocabulary when the cached one cannot read it (a
//! category added or renamed a moment ago). That re-read covers what a person makes by
//! hand; merchants and tags arrive with imports and keep their minute, since reading them
//! scans every row (an unreadable question would otherwise cost ~70 ms at 50,000 rows).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use uuid::Uuid;

use crate::tools::ToolContext;
use crate::understand::Vocabulary;

/// How long a user's vocabulary is reused.
pub const TTL: Duration = Duration::from_secs(60);
/// Entries kept at most; the oldest go first (a busy instance has many users).
const CAPACITY: usize = 1024;

/// By database and user: tests and tools may hold pools on several databases at once.
type Key = (String, Uuid);
/// Each user's vocabulary with when it was built.
type Entries = HashMap<Key, (Instant, Arc<Vocabulary>)>;

fn cache() -> &'static Mutex<Entries> {
    static CACHE: OnceLock<Mutex<Entries>> = OnceLock::new();
    CACHE.get_or_init(Default::default)
}

fn key(ctx: &ToolContext) -> Key {
    let database = ctx
        .db
        .connect_options()
        .get_database()
        .unwrap_or_default()
        .to_string();
    (database, ctx.user_id)
}

/// The user's vocabulary, from the cache when it is younger than `TTL`.
pub async fn get(ctx: &ToolContext) -> Result<Arc<Vocabulary>, sqlx::Error> {
    let key = key(ctx);
    if let Some((at, vocabulary)) = cache().lock().expect("never poisoned").get(&key).cloned()
        && at.elapsed() < TTL
    {
        return Ok(vocabulary);
    }
    store(key, ctx).await
}

/// The user's vocabulary read again now, replacing the cached one; merchants and tags are
/// kept from the cached entry, which keeps its age, while it is younger than `TTL`.
pub async fn refresh(ctx: &ToolContext) -> Result<Arc<Vocabulary>, sqlx::Error> {
    let key = key(ctx);
    let cached = cache().lock().expect("never poisoned").get(&key).cloned();
    match cached {
        Some((at, old)) if at.elapsed() < TTL => {
            let vocabulary =
                super::vocabulary_with(ctx, old.merchants.clone(), old.tags.clone()).await?;
            Ok(insert(key, at, vocabulary))
        }
        _ => store(key, ctx).await,
    }
}

async fn store(key: Key, ctx: &ToolContext) -> Result<Arc<Vocabulary>, sqlx::Error> {
    let vocabulary = super::vocabulary(ctx).await?;
    Ok(insert(key, Instant::now(), vocabulary))
}

fn insert(key: Key, at: Instant, vocabulary: Vocabulary) -> Arc<Vocabulary> {
    let vocabulary = Arc::new(vocabulary);
    let mut cache = cache().lock().expect("never poisoned");
    cache.retain(|_, (at, _)| at.elapsed() < TTL);
    if cache.len() >= CAPACITY
        && let Some(oldest) = cache
            .iter()
            .min_by_key(|(_, (at, _))| *at)
            .map(|(k, _)| k.clone())
    {
        cache.remove(&oldest);
    }
    cache.insert(key, (at, Arc::clone(&vocabulary)));
    vocabulary
}
