//! Keyset pagination for lists ordered newest first by (time, id): `?limit=&before=`, and a
//! `next_cursor` that is the last row's time and id.

use chrono::{DateTime, SecondsFormat, Utc};
use serde::Deserialize;
use uuid::Uuid;

use crate::{ApiError, Validate};

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Page {
    /// `next_cursor` of the previous page.
    pub before: Option<String>,
    /// 1 to 200; 50 by default.
    pub limit: Option<i64>,
}

/// The cursor is checked by [`Page::keyset`], which answers its own 400.
impl Validate for Page {}

/// Where a page starts and how long it is, checked.
#[derive(Debug, Clone, Copy)]
pub struct Keyset {
    pub before: Option<(DateTime<Utc>, Uuid)>,
    pub limit: i64,
}

impl Page {
    pub fn keyset(&self) -> Result<Keyset, ApiError> {
        let before = match self.before.as_deref() {
            Some(cursor) => Some(parse_cursor(cursor).ok_or_else(|| {
                ApiError::bad_request("invalid_cursor", "`before` is not a cursor from this list")
            })?),
            None => None,
        };
        Ok(Keyset {
            before,
            limit: self.limit.unwrap_or(50).clamp(1, 200),
        })
    }
}

impl Keyset {
    /// The cursor of the next page: set only when this page is full.
    pub fn next_cursor(&self, rows: usize, last: Option<(DateTime<Utc>, Uuid)>) -> Option<String> {
        // `Z`, not `+00:00`: a cursor pasted into a URL unencoded must survive.
        (rows as i64 == self.limit)
            .then_some(last)
            .flatten()
            .map(|(time, id)| format!("{}_{id}", time.to_rfc3339_opts(SecondsFormat::Micros, true)))
    }
}

fn parse_cursor(cursor: &str) -> Option<(DateTime<Utc>, Uuid)> {
    let (time, id) = cursor.split_once('_')?;
    Some((
        DateTime::parse_from_rfc3339(time).ok()?.with_timezone(&Utc),
        id.parse().ok()?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_page_has_a_cursor_that_reads_back() {
        let page = Page {
            before: None,
            limit: Some(2),
        }
        .keyset()
        .unwrap();
        let last = (Utc::now(), Uuid::new_v4());
        let cursor = page.next_cursor(2, Some(last)).unwrap();
        let next = Page {
            before: Some(cursor),
            limit: None,
        }
        .keyset()
        .unwrap();
        let (time, id) = next.before.unwrap();
        assert_eq!(
            (time.timestamp_micros(), id),
            (last.0.timestamp_micros(), last.1)
        );
        assert_eq!(next.limit, 50);
        assert_eq!(
            page.next_cursor(1, Some(last)),
            None,
            "a short page is the last"
        );
    }

    #[test]
    fn bad_cursors_and_limits() {
        assert!(
            Page {
                before: Some("yesterday".into()),
                limit: None
            }
            .keyset()
            .is_err()
        );
        assert_eq!(
            Page {
                before: None,
                limit: Some(10_000)
            }
            .keyset()
            .unwrap()
            .limit,
            200
        );
        assert_eq!(
            Page {
                before: None,
                limit: Some(0)
            }
            .keyset()
            .unwrap()
            .limit,
            1
        );
    }
}
