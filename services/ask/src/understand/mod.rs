//! The offline understanding of questions about one's money: the default, with no model or
//! key. `understand` is pure and synchronous; the caller passes the user's vocabulary, their
//! local "today" and the previous turn's intent for follow-ups. It never guesses: what it
//! cannot place is out of scope, with the reason.

mod assemble;
pub mod intent;
// The word tables are laid out by hand, several entries a line, grouped by language.
#[rustfmt::skip]
mod lexicon;
mod parse;
mod period;
#[rustfmt::skip]
mod synonyms;
mod text;
pub mod vocabulary;

#[cfg(test)]
mod tests;

use chrono::NaiveDate;
use std::collections::HashMap;
use std::sync::OnceLock;

pub use intent::*;
pub use synonyms::display_name;
pub use vocabulary::{Vocabulary, VocabularyAccount, VocabularyBudget, VocabularyCategory};

/// Questions longer than this are not read (the API refuses them before; this keeps the
/// parser's time bounded whoever calls it).
pub const MAX_QUESTION_CHARS: usize = 2000;

/// Reads `question` into an intent.
pub fn understand(
    question: &str,
    vocabulary: &Vocabulary,
    today: NaiveDate,
    previous: Option<&Intent>,
) -> Understood {
    understand_in(question, vocabulary, today, previous, None)
}

/// `understand` within a conversation: a question whose words do not tell its language
/// ("Lidl?", "Q3?") keeps the language of the conversation so far.
pub fn understand_in(
    question: &str,
    vocabulary: &Vocabulary,
    today: NaiveDate,
    previous: Option<&Intent>,
    conversation_language: Option<Language>,
) -> Understood {
    let question: String = question.chars().take(MAX_QUESTION_CHARS).collect();
    let (quoted, rest) = split_quoted(&question);
    let mut words = text::Words::new(&rest);
    split_compounds(&mut words, vocabulary);
    correct_typos(&mut words, vocabulary);
    let language = detect_language(&words.words, conversation_language);

    if quoted.is_none()
        && let Some((reason, said)) = parse::out_of_scope(&words)
    {
        let matched = if said.is_empty() {
            Vec::new()
        } else {
            vec![Matched {
                words: said,
                role: Role::OutOfScope,
                value: format!("{reason:?}").to_lowercase(),
            }]
        };
        return Understood {
            intent: Intent::out_of_scope(reason),
            language,
            follow_up: false,
            matched,
        };
    }

    let mut parsed = parse::parse(&mut words, vocabulary, today, language);
    if let Some(q) = quoted {
        parsed.matched.push(Matched {
            words: q.clone(),
            role: Role::Text,
            value: q.clone(),
        });
        parsed.text = Some(q);
    }
    let mut matched = parsed.matched.clone();
    for word in &parsed.unknown {
        matched.push(Matched {
            words: word.clone(),
            role: Role::OutOfScope,
            value: "unknown".to_string(),
        });
    }
    let (intent, follow_up) = assemble::assemble(parsed, vocabulary, today, previous);
    Understood {
        intent,
        language,
        follow_up,
        matched,
    }
}

/// German compounds of two known words ("Sommerurlaub", "Urlaubsziel", "Restaurantbesuch",
/// "Reisebudget") read as their two words, the linking "s" aside. A word known as a whole
/// is left alone.
fn split_compounds(words: &mut text::Words, vocabulary: &Vocabulary) {
    let known = |w: &str| {
        w.len() >= 3
            && (language_words().contains_key(w) || parse::is_filler(w) || vocabulary.knows(w))
    };
    let mut out = Vec::with_capacity(words.words.len());
    for word in &words.words {
        if word.len() < 8 || known(word) || word.chars().any(|c| c.is_ascii_digit()) {
            out.push(word.clone());
            continue;
        }
        let split = (3..word.len() - 2)
            .rev()
            .filter(|&i| word.is_char_boundary(i))
            .find_map(|i| {
                let (head, tail) = word.split_at(i);
                if known(head) && known(tail) {
                    return Some((head.to_string(), tail.to_string()));
                }
                let head = head.strip_suffix('s')?;
                (known(head) && known(tail)).then(|| (head.to_string(), tail.to_string()))
            });
        match split {
            Some((head, tail)) => {
                out.push(head);
                out.push(tail);
            }
            None => out.push(word.clone()),
        }
    }
    words.used = vec![false; out.len()];
    words.words = out;
}

/// A word the parser does not know, within a typo of exactly one word it does ("mnth",
/// "ausgegebn", "gasolna"), reads as that word. Words of five letters or more (four when the
/// known word has five), one edit (two from eight letters), the same first letter; when two
/// known words are as close, the word is left as it is.
fn correct_typos(words: &mut text::Words, vocabulary: &Vocabulary) {
    static BY_LETTER: OnceLock<HashMap<u8, Vec<&'static str>>> = OnceLock::new();
    let by_letter = BY_LETTER.get_or_init(|| {
        let mut map: HashMap<u8, Vec<&'static str>> = HashMap::new();
        for word in language_words().keys() {
            if word.len() >= 5 && word.bytes().all(|b| b.is_ascii_lowercase()) {
                map.entry(word.as_bytes()[0]).or_default().push(word);
            }
        }
        map
    });
    for word in &mut words.words {
        let len = word.len();
        if len < 4
            || !word.bytes().all(|b| b.is_ascii_lowercase())
            || text::count(word).is_some()
            || lexicon::CURRENCIES.iter().any(|(c, _)| c == word)
            || language_words().contains_key(word.as_str())
            || parse::is_filler(word)
            || vocabulary.knows(word)
            || vocabulary.fuzzy(word).is_some()
        {
            continue;
        }
        let allowed = if len >= 8 { 2 } else { 1 };
        let mut best: Option<(usize, &str)> = None;
        let mut tied = false;
        for known in by_letter.get(&word.as_bytes()[0]).into_iter().flatten() {
            if len == 4 && known.len() != 5 {
                continue;
            }
            let Some(d) = vocabulary::bounded_distance(word.as_bytes(), known.as_bytes(), allowed)
            else {
                continue;
            };
            match best {
                Some((bd, _)) if d > bd => {}
                Some((bd, b)) if d == bd && b != *known => tied = true,
                Some((bd, _)) if d == bd => {}
                _ => {
                    tied = false;
                    best = Some((d, known));
                }
            }
        }
        if let Some((_, known)) = best.filter(|_| !tied) {
            *word = known.to_string();
        }
    }
}

/// The text between the first pair of double quotes (straight, curly or «»), and the
/// question without it.
fn split_quoted(question: &str) -> (Option<String>, String) {
    let open = question.find(['"', '“', '«', '„']);
    if let Some(start) = open {
        let after = start + question[start..].chars().next().map_or(1, char::len_utf8);
        if let Some(len) = question[after..].find(['"', '”', '»', '“']) {
            let inner = question[after..after + len].trim().to_string();
            let close_len = question[after + len..]
                .chars()
                .next()
                .map_or(1, char::len_utf8);
            let rest = format!(
                "{} {}",
                &question[..start],
                &question[after + len + close_len..]
            );
            if !inner.is_empty() {
                return (Some(inner), rest);
            }
        }
    }
    (None, question.to_string())
}

/// Which languages each known word belongs to (a bit per language).
fn language_words() -> &'static HashMap<&'static str, u8> {
    static WORDS: OnceLock<HashMap<&'static str, u8>> = OnceLock::new();
    WORDS.get_or_init(|| {
        let mut map: HashMap<&'static str, u8> = HashMap::new();
        let mut add = |phrase: &'static str, language: Language| {
            let bit = 1u8 << (language as u8);
            for word in phrase.split(' ') {
                *map.entry(word).or_default() |= bit;
            }
        };
        let phrase_tables: &[&lexicon::Phrases] = &[
            lexicon::FOLLOW_UP,
            lexicon::WRITE_VERBS,
            lexicon::POLITE,
            lexicon::INVESTMENT,
            lexicon::WEATHER,
            lexicon::GENERAL_KNOWLEDGE,
            lexicon::MONTHLY_TOTAL,
            lexicon::UPCOMING,
            lexicon::PRICE_INCREASE,
            lexicon::MOST,
            lexicon::LEAST,
            lexicon::RECENT,
            lexicon::AVERAGE,
            lexicon::COMPARE,
            lexicon::SAME_PERIOD_LAST_YEAR,
            lexicon::DIFFERENCE,
            lexicon::AMOUNT_OVER,
            lexicon::AMOUNT_UNDER,
            lexicon::LAST,
            lexicon::NEXT,
            lexicon::SINCE,
            lexicon::FILLER,
            lexicon::MORE_OR_LESS,
            lexicon::PERCENT,
            lexicon::RATE,
            lexicon::FORECAST_SPENDING,
            lexicon::BUDGET_USED,
            lexicon::WHICH,
            lexicon::OWE,
            lexicon::WHEN,
            lexicon::LATELY,
            lexicon::ENDED,
            lexicon::PRESENT_COST,
            lexicon::BUDGET_ASIDES,
            lexicon::BETWEEN,
            lexicon::RANGE_FROM,
            lexicon::RANGE_TO,
            lexicon::AND,
            lexicon::IN_CURRENCY,
            lexicon::EVER,
            lexicon::QUARTER_WORDS,
            lexicon::LAST_AFTER,
            lexicon::AMBIGUOUS_EXPENSE,
            lexicon::END_OF,
        ];
        for table in phrase_tables {
            for (phrase, language) in table.iter() {
                add(phrase, *language);
            }
        }
        for (phrase, language, _) in lexicon::ASK_WORDS {
            add(phrase, *language);
        }
        for (phrase, language, _) in lexicon::GROUPING {
            add(phrase, *language);
        }
        for (phrase, language, _) in lexicon::FIXED_PERIODS {
            add(phrase, *language);
        }
        for (phrase, language, _) in lexicon::BEFORE {
            add(phrase, *language);
        }
        for (phrase, language, _) in lexicon::MONTHS {
            add(phrase, *language);
        }
        for (phrase, language, _) in lexicon::WEEKDAYS {
            add(phrase, *language);
        }
        for (phrase, language, _) in lexicon::UNITS {
            add(phrase, *language);
        }
        for (phrase, language, _) in lexicon::FIGURES {
            add(phrase, *language);
        }
        for (phrase, language, _) in lexicon::PATTERN_KINDS {
            add(phrase, *language);
        }
        for (phrase, language, _) in lexicon::ORDINALS {
            add(phrase, *language);
        }
        for (phrase, language, _) in lexicon::ACCOUNT_KINDS {
            add(phrase, *language);
        }
        for (_, names) in synonyms::CATEGORY_SYNONYMS {
            for (phrase, language) in names.iter() {
                add(phrase, *language);
            }
        }
        map
    })
}

/// The language most of the words belong to; a word shared by several languages counts
/// for each in part. Ties go to `hint` when it is among the best (the conversation's
/// language), otherwise to English, then German, French, Spanish, Italian.
pub fn detect_language(words: &[String], hint: Option<Language>) -> Language {
    let map = language_words();
    // Whole numbers: 60 shares evenly among one to five languages.
    let mut scores = [0u32; 5];
    for word in words {
        if let Some(&bits) = map.get(word.as_str()) {
            let share = 60 / bits.count_ones();
            for (i, score) in scores.iter_mut().enumerate() {
                if bits & (1 << i) != 0 {
                    *score += share;
                }
            }
        }
    }
    let top = scores.iter().copied().max().unwrap_or(0);
    if let Some(hint) = hint.filter(|h| scores[*h as usize] == top) {
        return hint;
    }
    let best = scores.iter().position(|s| *s == top).unwrap_or(0);
    Language::ALL[best]
}
