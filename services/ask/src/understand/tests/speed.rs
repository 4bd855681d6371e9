//! How long `understand` takes for a large vocabulary: a figure printed, not a timed
//! assertion (timings on a shared machine vary). Run it with
//! `cargo nextest run -p kakeibo-ask speed --run-ignored only --no-capture`.

use super::*;
use std::time::Instant;

/// A vocabulary of 300 categories and 2,000 merchants: the demo user's, plus made-up names
/// from a fixed pseudo-random sequence (so every run measures the same thing).
fn large_vocabulary() -> Vocabulary {
    let base = demo();
    let syllables = [
        "ka", "ro", "mi", "ten", "lo", "sa", "vi", "dor", "ne", "ba", "zu", "pel", "tri", "xo",
        "gan", "fe", "lu", "mar", "qui", "sto",
    ];
    let mut seed: u64 = 0x5eed;
    let mut word = |parts: usize| {
        let mut w = String::new();
        for _ in 0..parts {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            w.push_str(syllables[(seed >> 33) as usize % syllables.len()]);
        }
        w
    };
    let mut categories = base.categories.clone();
    while categories.len() < 300 {
        let i = categories.len();
        categories.push(VocabularyCategory {
            id: Uuid::from_u128(0x9000 + i as u128),
            name: format!("{} {}", word(2), word(3)),
            parent_id: Some(categories[i % 60].id),
            kind: "expense".to_string(),
            slug: None,
        });
    }
    let mut merchants = base.merchants.clone();
    while merchants.len() < 2000 {
        let name = match merchants.len() % 3 {
            0 => word(3),
            1 => format!("{} {}", word(2), word(2)),
            _ => format!("{} GmbH", word(3)),
        };
        merchants.push(name);
    }
    Vocabulary::new(
        categories,
        merchants,
        base.accounts.clone(),
        base.tags.clone(),
        "EUR",
    )
}

#[test]
#[ignore = "prints a figure; run on demand"]
fn speed() {
    let questions = [
        "How much did I spend on groceries last month?",
        "how much at amazn last month",
        "Wie viel habe ich in den letzten 3 Monaten für Kaffee ausgegeben?",
        "Quelle a été ma plus grosse dépense le mois dernier ?",
        "¿Cuántas veces fui a Starbucks este año?",
        "Quanto ho speso per i trasporti l'anno scorso?",
        "How much more did I spend on restaurants in November than in October?",
        "Find flights to New York",
        "How much did I spend on unicorns?",
        "Which subscriptions are due in the next 7 days?",
    ];
    let vocabulary = large_vocabulary();
    assert_eq!(
        (vocabulary.categories.len(), vocabulary.merchants.len()),
        (300, 2000)
    );
    // Warm the lazily built language table.
    understand(questions[0], &vocabulary, sunday(), None);
    let rounds = 50;
    let started = Instant::now();
    let mut read = 0;
    for _ in 0..rounds {
        for q in questions {
            let understood = understand(q, &vocabulary, sunday(), None);
            read += usize::from(!understood.intent.is_out_of_scope());
        }
    }
    let per_question = started.elapsed() / (rounds * questions.len()) as u32;
    println!(
        "understand: {per_question:?} per question ({} questions, 300 categories, 2,000 merchants, this build's profile)",
        rounds * questions.len()
    );
    for q in questions {
        let started = Instant::now();
        for _ in 0..rounds {
            understand(q, &vocabulary, sunday(), None);
        }
        println!("  {:?}  {q}", started.elapsed() / rounds as u32);
    }
    let build_started = Instant::now();
    let _ = large_vocabulary();
    println!(
        "Vocabulary::new with the index: {:?}",
        build_started.elapsed()
    );
    assert_eq!(
        read,
        rounds * (questions.len() - 1),
        "every question but the unicorns is understood"
    );
}

/// Prints how a question is read: `QUESTION="…" cargo nextest run -p kakeibo-ask explain --run-ignored only --no-capture`.
#[test]
#[ignore = "a tool for reading one question, not a check"]
fn explain() {
    let question = std::env::var("QUESTION").unwrap_or_default();
    let understood = understand(&question, &demo(), sunday(), None);
    println!("{}", serde_json::to_string_pretty(&understood).unwrap());
    println!("{}", summary(&understood.intent));
}
