//! Changes a question asks for ("recategorize Rewe as Groceries"): the ask engine only
//! reads, so it never makes them; it offers them as an action the user confirms. The action
//! is the API request that does it (a rule for the merchant, then applying it), for the
//! client to send after the user says yes.

use kakeibo_transactions::rules::{Actions, TextOp, Trigger};
use serde::Serialize;
use serde_json::{Value, json};

use crate::understand::{Ask, Intent, Language, OutOfScopeReason, Vocabulary};

/// A change offered for the user to confirm; nothing has been changed.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct SuggestedAction {
    /// `recategorize`: give the merchant's transactions a category.
    pub kind: String,
    /// What it does, in the question's language, for the confirmation button.
    pub label: String,
    /// The request that does it once the user confirms: `POST /api/v1/rules` with `body`;
    /// `POST /api/v1/rules/{id}/apply` then applies the new rule to existing transactions.
    pub method: String,
    pub path: String,
    #[schema(value_type = Object)]
    pub body: Value,
}

/// Where `needle` stands in `haystack` as whole words, lowercase; the last place.
fn last_whole_word(haystack: &str, needle: &str) -> Option<usize> {
    if needle.chars().count() < 3 {
        return None;
    }
    haystack
        .match_indices(needle)
        .filter(|(at, m)| {
            let before = haystack[..*at].chars().last();
            let after = haystack[at + m.len()..].chars().next();
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
        })
        .map(|(at, _)| at)
        .last()
}

/// The recategorization a write request names: one of the user's merchants and, after it,
/// one of the user's categories. None when the question names no such pair.
pub fn suggest(question: &str, vocabulary: &Vocabulary, lang: Language) -> Vec<SuggestedAction> {
    let text = question.to_lowercase();
    let merchant = vocabulary
        .merchants
        .iter()
        .filter_map(|m| last_whole_word(&text, &m.to_lowercase()).map(|at| (at, m)))
        .max_by_key(|(_, m)| m.len());
    let Some((merchant_at, merchant)) = merchant else {
        return Vec::new();
    };
    // The category named last, after the merchant ("… as Groceries").
    let category = vocabulary
        .categories
        .iter()
        .filter_map(|c| last_whole_word(&text, &c.name.to_lowercase()).map(|at| (at, c)))
        .filter(|(at, _)| *at > merchant_at)
        .max_by_key(|(at, _)| *at);
    let Some((_, category)) = category else {
        return Vec::new();
    };
    let rule = json!({
        "name": format!("{merchant} → {}", category.name),
        "triggers": [Trigger::Merchant { op: TextOp::Equals, value: merchant.clone() }],
        "actions": Actions { category_id: Some(category.id), ..Actions::default() },
    });
    let label = match lang {
        Language::En => format!("Recategorize {merchant} as {}", category.name),
        Language::De => format!("{merchant} als {} kategorisieren", category.name),
        Language::Fr => format!("Classer {merchant} en {}", category.name),
        Language::Es => format!("Recategorizar {merchant} como {}", category.name),
        Language::It => format!("Ricategorizzare {merchant} come {}", category.name),
    };
    vec![SuggestedAction {
        kind: "recategorize".into(),
        label,
        method: "POST".into(),
        path: "/api/v1/rules".into(),
        body: rule,
    }]
}

/// The actions a question asks for: only a request to change data has any.
pub fn asked_for(
    question: &str,
    vocabulary: &Vocabulary,
    lang: Language,
    intent: &Intent,
) -> Vec<SuggestedAction> {
    match intent.ask {
        Ask::OutOfScope {
            reason: OutOfScopeReason::ChangesData,
        } => suggest(question, vocabulary, lang),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use uuid::Uuid;

    use super::*;
    use crate::understand::VocabularyCategory;

    fn vocabulary() -> Vocabulary {
        let category = |name: &str| VocabularyCategory {
            id: Uuid::from_u128(name.len() as u128),
            name: name.into(),
            parent_id: None,
            kind: "expense".into(),
            slug: None,
        };
        Vocabulary::new(
            vec![category("Restaurants"), category("Groceries")],
            vec!["Rewe".into(), "Rewe City".into()],
            Vec::new(),
            Vec::new(),
            "EUR",
        )
    }

    #[test]
    fn the_merchant_named_and_the_category_after_it() {
        let v = vocabulary();
        let de = suggest("Kategorisiere Rewe City als Restaurants", &v, Language::De);
        assert_eq!(de.len(), 1);
        assert_eq!(de[0].label, "Rewe City als Restaurants kategorisieren");
        assert_eq!(de[0].body["triggers"][0]["value"], "Rewe City");
        assert_eq!(
            de[0].body["actions"]["category_id"],
            Uuid::from_u128(11).to_string()
        );
        // A category before the merchant is what it is now, not what it should become.
        assert!(suggest("move groceries from Rewe", &v, Language::En).is_empty());
        // Names inside other words do not count.
        assert!(suggest("recategorize Rewelino as Groceries", &v, Language::En).is_empty());
    }
}
