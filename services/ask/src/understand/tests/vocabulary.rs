//! The user's own names: renamed and custom categories, accounts, merchants near each other.

use super::*;

/// The demo vocabulary with Groceries renamed, a custom category under Food & Dining, and
/// two merchants one letter apart.
fn renamed() -> Vocabulary {
    let mut v = demo();
    for c in &mut v.categories {
        if c.slug.as_deref() == Some("food.groceries") {
            c.name = "Supermarkt Einkäufe".to_string();
        }
    }
    v.categories.push(VocabularyCategory {
        id: Uuid::from_u128(0x7000),
        name: "Kinder".to_string(),
        parent_id: Some(category_id("family")),
        kind: "expense".to_string(),
        slug: None,
    });
    v.merchants.push("Lido".to_string());
    Vocabulary::new(v.categories, v.merchants, v.accounts, v.tags, "EUR")
}

fn read(vocabulary: &Vocabulary, question: &str) -> String {
    summary(&understand(question, vocabulary, sunday(), None).intent)
}

#[test]
fn a_renamed_category_keeps_its_synonyms_and_answers_to_its_new_name() {
    let v = renamed();
    let groceries = "spending 2026-11-01..2026-11-30 cat=Supermarkt Einkäufe";
    assert_eq!(read(&v, "groceries last month"), groceries);
    assert_eq!(read(&v, "Lebensmittel letzten Monat"), groceries);
    assert_eq!(read(&v, "supermarkt einkaufe last month"), groceries);
    assert_eq!(read(&v, "SUPERMARKT EINKÄUFE last month"), groceries);
    assert_eq!(
        read(&v, "Ausgaben für Kinder im Oktober"),
        "spending 2026-10-01..2026-10-31 cat=Kinder"
    );
}

#[test]
fn names_match_whatever_the_case_accents_and_plural() {
    let v = demo();
    assert_eq!(
        read(&v, "How much did I spend at LIDL?"),
        "spending ~2026-12-01..2026-12-06 m=Lidl"
    );
    assert_eq!(
        read(&v, "café last month"),
        "spending 2026-11-01..2026-11-30 cat=Coffee Shops"
    );
    assert_eq!(
        read(&v, "restaurant last month"),
        "spending 2026-11-01..2026-11-30 cat=Restaurants"
    );
    assert_eq!(
        read(&v, "how much at aerzte ohne grenzen"),
        "spending ~2026-12-01..2026-12-06 m=Ärzte ohne Grenzen e.V."
    );
    assert_eq!(
        read(&v, "how much at Ärzte ohne Grenzen"),
        "spending ~2026-12-01..2026-12-06 m=Ärzte ohne Grenzen e.V."
    );
}

#[test]
fn merchants_by_their_short_names_and_typos() {
    let v = demo();
    assert_eq!(
        read(&v, "how much at Aldi"),
        "spending ~2026-12-01..2026-12-06 m=ALDI Nord"
    );
    assert_eq!(
        read(&v, "How much did I get from Nordlicht last month?"),
        "income 2026-11-01..2026-11-30 m=Nordlicht Software GmbH"
    );
    assert_eq!(
        read(&v, "how much did I spend at starbcks"),
        "spending ~2026-12-01..2026-12-06 m=Starbucks"
    );
    assert_eq!(
        read(&v, "spending at the barn"),
        "spending ~2026-12-01..2026-12-06 m=The Barn"
    );
    assert_eq!(
        read(&v, "how much did I spend at Five Guys and Shake Shack"),
        "spending ~2026-12-01..2026-12-06 m=Five Guys m=Shake Shack"
    );
}

#[test]
fn a_typo_as_close_to_two_merchants_is_not_guessed() {
    let v = renamed();
    // "lidlo" is one letter from both "Lidl" and "Lido".
    assert_eq!(read(&v, "how much at lidlo"), "oos:not_understood");
    // Below five letters a typo is not guessed at all: "left" is one letter from "Lyft".
    assert_eq!(
        read(&v, "What's left in my grocery budget?"),
        "budgets cat=Supermarkt Einkäufe figure=left"
    );
    assert_eq!(read(&v, "how much at ldil"), "oos:not_understood");
    assert_eq!(
        read(&v, "how much at lidl"),
        "spending ~2026-12-01..2026-12-06 m=Lidl"
    );
}

#[test]
fn accounts_by_name_and_by_kind() {
    let v = demo();
    assert_eq!(
        read(&v, "Show transactions from the Everyday Account"),
        "transactions acct=Everyday Account"
    );
    assert_eq!(
        read(&v, "What did I spend in the USD Travel Account?"),
        "spending ~2026-12-01..2026-12-06 acct=USD Travel Account"
    );
    // Two accounts are checking accounts: the kind covers both.
    assert_eq!(
        read(&v, "balance of my checking accounts"),
        "balances acct=Everyday Account acct=USD Travel Account"
    );
}

#[test]
fn a_category_covers_the_categories_below_it() {
    let understood = understand("food last month", &demo(), sunday(), None);
    let ids = understood.intent.filters.category_ids();
    for slug in [
        "food",
        "food.groceries",
        "food.restaurants",
        "food.coffee",
        "food.delivery",
    ] {
        assert!(ids.contains(&category_id(slug)), "{slug}");
    }
    assert!(!ids.contains(&category_id("housing.rent")));
    assert_eq!(ids.len(), 5);
}

#[test]
fn what_matched_is_reported() {
    let understood = understand("how much at amazn last month", &demo(), sunday(), None);
    let merchant = understood
        .matched
        .iter()
        .find(|m| m.role == Role::Merchant)
        .expect("a merchant matched");
    assert_eq!(
        (merchant.words.as_str(), merchant.value.as_str()),
        ("amazn", "Amazon (≈1)")
    );
    assert!(
        understood
            .matched
            .iter()
            .any(|m| m.role == Role::Period && m.words == "last month")
    );
}
