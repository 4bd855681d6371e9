//! What the parser knows of the user: their categories, merchants, accounts, tags and base
//! currency. The caller builds it from the database (once per question or cached per user);
//! `Vocabulary::new` prepares the normalised names the matching needs, so `understand` does
//! no per-question work proportional to the vocabulary beyond one pass for fuzzy matches.

use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VocabularyCategory {
    pub id: Uuid,
    pub name: String,
    pub parent_id: Option<Uuid>,
    /// "expense", "income" or "transfer", as in the categories table.
    pub kind: String,
    /// The built-in category it was copied from (`categories.default_slug`, e.g.
    /// "food.groceries"): synonyms in five languages attach to it, so they survive a rename.
    pub slug: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VocabularyAccount {
    pub id: Uuid,
    pub name: String,
    /// As in the accounts table: checking, savings, credit_card, cash, investment, loan, other.
    pub kind: String,
    /// ISO 4217.
    pub currency: String,
}

#[derive(Debug, Clone)]
pub struct Vocabulary {
    pub categories: Vec<VocabularyCategory>,
    /// Merchant and payee display names.
    pub merchants: Vec<String>,
    pub accounts: Vec<VocabularyAccount>,
    pub tags: Vec<String>,
    /// ISO 4217.
    pub base_currency: String,
}

impl Vocabulary {
    pub fn new(
        categories: Vec<VocabularyCategory>,
        merchants: Vec<String>,
        accounts: Vec<VocabularyAccount>,
        tags: Vec<String>,
        base_currency: impl Into<String>,
    ) -> Self {
        Vocabulary {
            categories,
            merchants,
            accounts,
            tags,
            base_currency: base_currency.into(),
        }
    }
}
