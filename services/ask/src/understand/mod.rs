//! The offline understanding of questions about one's money: the default, with no model or
//! key. `understand` is pure and synchronous; the caller passes the user's vocabulary, their
//! local "today" and the previous turn's intent for follow-ups.

pub mod intent;
pub mod vocabulary;

use chrono::NaiveDate;

pub use intent::*;
pub use vocabulary::{Vocabulary, VocabularyAccount, VocabularyCategory};

/// Reads `question` into an intent. Never guesses: what it cannot place is out of scope.
pub fn understand(
    question: &str,
    vocabulary: &Vocabulary,
    today: NaiveDate,
    previous: Option<&Intent>,
) -> Understood {
    let _ = (question, vocabulary, today, previous);
    Understood {
        intent: Intent::out_of_scope(OutOfScopeReason::NotUnderstood),
        language: Language::En,
        follow_up: false,
        matched: Vec::new(),
    }
}
