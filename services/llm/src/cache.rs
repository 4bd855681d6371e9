//! The response cache in Postgres (`llm_cache`): an identical chat request to the same model
//! is answered from the table, without an HTTP call and without spending tokens.

use serde_json::Value;
use sha2::{Digest, Sha256};
use sqlx::PgPool;

use crate::chat::{ChatReply, ChatRequest};

/// Changes whenever the key's input or the stored reply changes shape, so old rows stop
/// matching instead of being misread.
const KEY_VERSION: &str = "kakeibo-llm-cache-v1";

#[derive(Clone)]
pub struct ResponseCache {
    pool: PgPool,
    max_age_days: i32,
}

impl ResponseCache {
    pub fn new(pool: PgPool, max_age_days: u32) -> Self {
        Self {
            pool,
            max_age_days: i32::try_from(max_age_days).unwrap_or(i32::MAX),
        }
    }

    pub async fn get(&self, key: &[u8; 32]) -> Result<Option<ChatReply>, sqlx::Error> {
        let row: Option<Value> = sqlx::query_scalar(
            "SELECT response FROM llm_cache \
             WHERE key = $1 AND created_at > now() - make_interval(days => $2)",
        )
        .bind(&key[..])
        .bind(self.max_age_days)
        .fetch_optional(&self.pool)
        .await?;
        // A row that no longer parses is treated as a miss and overwritten by the next answer.
        Ok(row.and_then(|v| serde_json::from_value(v).ok()))
    }

    pub async fn put(
        &self,
        key: &[u8; 32],
        model: &str,
        reply: &ChatReply,
    ) -> Result<(), sqlx::Error> {
        let response = serde_json::to_value(reply).map_err(|e| sqlx::Error::Encode(e.into()))?;
        sqlx::query(
            "INSERT INTO llm_cache (key, model, response, prompt_tokens, completion_tokens) \
             VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (key) DO UPDATE SET response = EXCLUDED.response, \
               prompt_tokens = EXCLUDED.prompt_tokens, \
               completion_tokens = EXCLUDED.completion_tokens, created_at = now()",
        )
        .bind(&key[..])
        .bind(model)
        .bind(response)
        .bind(i64::try_from(reply.usage.prompt_tokens).unwrap_or(i64::MAX))
        .bind(i64::try_from(reply.usage.completion_tokens).unwrap_or(i64::MAX))
        .execute(&self.pool)
        .await?;
        Ok(())
    }
}

/// Retention sweep (issue 23): deletes the answers `cache_days` (`llm.cache_days`) or more
/// before `now`, which [`ResponseCache::get`] no longer reuses; with 0 none is reused, so all
/// go. Answers how many. Idempotent.
pub async fn prune_older_than(
    conn: &mut sqlx::PgConnection,
    cache_days: u32,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<u64, sqlx::Error> {
    let cutoff = now - chrono::Duration::days(i64::from(cache_days));
    let done = sqlx::query("DELETE FROM llm_cache WHERE created_at <= $1")
        .bind(cutoff)
        .execute(conn)
        .await?;
    Ok(done.rows_affected())
}

/// SHA-256 of the model and the request's canonical JSON (object keys sorted, no spaces).
/// The request is ours, not the wire format: whether the server got `json_schema` or the
/// `json_object` fallback does not change the key, since the reply is validated either way.
pub fn key(model: &str, request: &ChatRequest) -> [u8; 32] {
    let value = serde_json::to_value(request).expect("a ChatRequest is plain JSON");
    let mut hasher = Sha256::new();
    hasher.update(KEY_VERSION.as_bytes());
    hasher.update([0]);
    hasher.update(model.as_bytes());
    hasher.update([0]);
    hasher.update(canonical(&value).as_bytes());
    hasher.finalize().into()
}

fn canonical(value: &Value) -> String {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<_> = map.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            let inner: Vec<String> = entries
                .into_iter()
                .map(|(k, v)| format!("{}:{}", Value::String(k.clone()), canonical(v)))
                .collect();
            format!("{{{}}}", inner.join(","))
        }
        Value::Array(items) => {
            let inner: Vec<String> = items.iter().map(canonical).collect();
            format!("[{}]", inner.join(","))
        }
        other => other.to_string(),
    }
}

/// Erasure (issue 23): the cache is keyed by a one-way hash of the whole request, so a row
/// cannot be traced back to the user whose texts were in the prompt; what can be tied to
/// them is an answer that names one of `needles` (their id, e-mail address). Those go; the
/// rest age out with `prune`. Answers how many went.
pub async fn erase_mentioning(
    conn: &mut sqlx::PgConnection,
    needles: &[String],
) -> Result<u64, sqlx::Error> {
    let needles: Vec<String> = needles.iter().map(|n| n.to_lowercase()).collect();
    let removed = sqlx::query(
        "DELETE FROM llm_cache c WHERE EXISTS (
             SELECT 1 FROM unnest($1::text[]) AS n(needle) WHERE strpos(lower(c.response::text), n.needle) > 0)",
    )
    .bind(&needles)
    .execute(conn)
    .await?
    .rows_affected();
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::chat::{JsonOutput, Message};

    #[test]
    fn key_ignores_object_key_order_but_not_content() {
        assert_eq!(
            canonical(&json!({"b": 1, "a": [{"y": 2, "x": 1}]})),
            r#"{"a":[{"x":1,"y":2}],"b":1}"#
        );
        let request = |schema| ChatRequest {
            messages: vec![Message::user("hi")],
            output: Some(JsonOutput {
                name: "r".into(),
                schema,
            }),
            ..Default::default()
        };
        let a = key("m", &request(json!({"type": "object", "required": []})));
        let b = key("m", &request(json!({"required": [], "type": "object"})));
        assert_eq!(a, b);
        assert_ne!(
            a,
            key("other", &request(json!({"type": "object", "required": []})))
        );
        assert_ne!(
            a,
            key("m", &request(json!({"type": "object", "required": ["x"]})))
        );
    }
}
