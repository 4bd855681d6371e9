//! What the parser knows of the user: their categories, merchants, accounts, tags and base
//! currency. The caller builds it from the database (once per question, or cached per
//! user: building the index for 2,000 merchants is the costlier part). `Vocabulary::new`
//! prepares the normalised names the matching needs, so `understand` looks names up in a
//! map and reads only same-first-letter names for typos.

use super::intent::Language;
use super::lexicon;
use super::synonyms::CATEGORY_SYNONYMS;

use super::text::{self, Words};
use std::collections::HashMap;
use std::sync::OnceLock;
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

/// Build it with `Vocabulary::new`: the lists are public to read, and changing them
/// afterwards would leave the index behind (a default one is empty and matches nothing).
#[derive(Debug, Clone, Default)]
pub struct Vocabulary {
    pub categories: Vec<VocabularyCategory>,
    /// Merchant and payee display names.
    pub merchants: Vec<String>,
    pub accounts: Vec<VocabularyAccount>,
    pub tags: Vec<String>,
    /// ISO 4217.
    pub base_currency: String,
    /// Budget names; a budget without a category is the overall one.
    pub budgets: Vec<VocabularyBudget>,
    /// Savings goal names.
    pub goals: Vec<String>,
    index: Index,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VocabularyBudget {
    pub name: String,
    /// None for a budget over all spending ("Everything", "Overall").
    pub category_id: Option<Uuid>,
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
            budgets: Vec::new(),
            goals: Vec::new(),
            index: Index::default(),
        }
        .indexed()
    }

    /// The same vocabulary with the user's budgets and savings goals, which questions name
    /// ("my summer holiday goal", "the overall budget").
    pub fn with_plans(mut self, budgets: Vec<VocabularyBudget>, goals: Vec<String>) -> Self {
        self.budgets = budgets;
        self.goals = goals;
        self.indexed()
    }

    fn indexed(mut self) -> Self {
        self.index = Index::build(&self);
        self
    }

    /// The category's id and the ids of every category below it.
    pub fn category_and_descendants(&self, id: Uuid) -> Vec<Uuid> {
        let mut ids = vec![id];
        let mut i = 0;
        while i < ids.len() {
            let parent = ids[i];
            for c in &self.categories {
                if c.parent_id == Some(parent) && !ids.contains(&c.id) {
                    ids.push(c.id);
                }
            }
            i += 1;
        }
        ids
    }

    /// The user's accounts of `kind` as one name ("the credit card"), when there are any.
    pub fn account_kind_named(&self, kind: &str) -> Option<Named> {
        self.accounts_of_kind(kind)
            .first()
            .map(|&i| Named::AccountKind(i))
    }

    pub fn accounts_of_kind(&self, kind: &str) -> Vec<usize> {
        (0..self.accounts.len())
            .filter(|&i| self.accounts[i].kind == kind)
            .collect()
    }

    /// The name at `start` (the longest of up to eight free words) and what it names.
    pub fn name_at(
        &self,
        words: &Words,
        start: usize,
        language: Language,
    ) -> Option<(usize, Named)> {
        self.name_at_for(words, start, language, false)
    }

    /// As [`Self::name_at`]; with `plans`, when the question is about budgets or goals, a
    /// budget's or goal's name wins over a category sharing the word ("vacances" is the
    /// Travel category, and in "les vacances d'été" also the goal).
    pub fn name_at_for(
        &self,
        words: &Words,
        start: usize,
        language: Language,
        plans: bool,
    ) -> Option<(usize, Named)> {
        for len in (1..=MAX_NAME_WORDS).rev() {
            if start + len > words.len() || !(start..start + len).all(|i| words.is_free(i)) {
                continue;
            }
            let key = key_of(&words.words[start..start + len]);
            let Some(entries) = self.index.exact.get(&key) else {
                continue;
            };
            let is_plan = |e: &Entry| matches!(e.named, Named::Budget(_) | Named::Goal(_));
            let best = entries
                .iter()
                .min_by_key(|e| {
                    (
                        plans && !is_plan(e),
                        !plans && is_plan(e),
                        e.rank,
                        e.language.is_some_and(|l| l != language),
                    )
                })
                .expect("index entries are never empty");
            return Some((len, best.named));
        }
        None
    }

    /// Whether a budget's or goal's whole name of two words or more starts at `start`.
    pub fn plan_named_whole_at(&self, words: &Words, start: usize) -> bool {
        (2..=MAX_NAME_WORDS).any(|len| {
            start + len <= words.len()
                && (start..start + len).all(|i| words.is_free(i))
                && self
                    .index
                    .exact
                    .get(&key_of(&words.words[start..start + len]))
                    .is_some_and(|entries| {
                        entries.iter().any(|e| {
                            e.rank == 3 && matches!(e.named, Named::Budget(_) | Named::Goal(_))
                        })
                    })
        })
    }

    /// Whether `word` alone names something of the user's (a category, a merchant, an
    /// account, a budget or goal), or is a word of such a name in another language.
    pub fn knows(&self, word: &str) -> bool {
        self.index.exact.contains_key(&text::stem(word))
    }

    /// A merchant or category whose name is within a typo or two of `word` ("amazn",
    /// "restaurnts"), or which `word` begins ("starb"). `None` when none is, or when two
    /// different ones are equally close: a guess would be worse than "not understood".
    pub fn fuzzy(&self, word: &str) -> Option<(Named, usize)> {
        let len = word.chars().count();
        if len < 4 || word.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
        // Four letters with one edit reach too many words ("left" is one from "Lyft"):
        // below five letters only a beginning counts.
        let allowed = match len {
            ..5 => 0,
            5..7 => 1,
            _ => 2,
        };
        let mut best: Option<(usize, Named)> = None;
        let mut tied = false;
        let bucket = word
            .as_bytes()
            .first()
            .and_then(|b| self.index.fuzzy.get(b));
        for (key, named) in bucket.into_iter().flatten() {
            let key_len = key.len();
            let distance = if key_len > len && key.starts_with(word) {
                // A prefix counts as one edit: "starb" is near "starbucks".
                1
            } else {
                if key_len.abs_diff(len) > allowed {
                    continue;
                }
                match bounded_distance(word.as_bytes(), key.as_bytes(), allowed) {
                    Some(d) => d,
                    None => continue,
                }
            };
            match &best {
                Some((d, n)) if distance == *d && *n != *named => tied = true,
                Some((d, _)) if distance >= *d => {}
                _ => {
                    best = Some((distance, *named));
                    tied = false;
                }
            }
        }
        match best {
            Some((d, named)) if !tied => Some((named, d)),
            _ => None,
        }
    }

    pub fn display(&self, named: Named) -> &str {
        match named {
            Named::Category(i) => &self.categories[i].name,
            Named::Merchant(i) => &self.merchants[i],
            Named::Account(i) => &self.accounts[i].name,
            Named::AccountKind(i) => &self.accounts[i].kind,
            Named::Tag(i) => &self.tags[i],
            Named::Budget(i) => &self.budgets[i].name,
            Named::Goal(i) => &self.goals[i],
        }
    }
}

/// What a name in the question refers to (indexes into the vocabulary's lists).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Named {
    Category(usize),
    Merchant(usize),
    Account(usize),
    /// The kind of the account at this index ("credit card"): every account of that kind.
    AccountKind(usize),
    Tag(usize),
    Budget(usize),
    Goal(usize),
}

const MAX_NAME_WORDS: usize = 8;

#[derive(Debug, Clone, Copy)]
struct Entry {
    named: Named,
    /// Lower wins: a user's own full name beats a part of it, which beats a synonym.
    rank: u8,
    language: Option<Language>,
}

#[derive(Debug, Clone, Default)]
struct Index {
    exact: HashMap<String, Vec<Entry>>,
    /// Whole names (normalised, unstemmed) of merchants and categories, for typos, by
    /// their first letter: a typo in the first letter is rare, and looking only at names
    /// with the same one keeps a 2,000-merchant vocabulary fast.
    fuzzy: HashMap<u8, Vec<(String, Named)>>,
}

/// The words' stems joined by spaces: the form both the index and the question are read in.
fn key_of(words: &[String]) -> String {
    words
        .iter()
        .map(|w| text::stem(w))
        .collect::<Vec<_>>()
        .join(" ")
}

fn key(name: &str) -> String {
    key_of(&text::words(name))
}

/// Legal forms and generic words that people leave out when naming a payee or an account.
const SUFFIXES: &[&str] = &[
    "gmbh", "ag", "kg", "se", "llc", "inc", "ltd", "co", "sa", "sas", "srl", "spa", "sl", "ev",
    "e", "v", "bv", "nv", "plc", "account", "konto", "compte", "cuenta", "conto",
];

impl Index {
    fn build(v: &Vocabulary) -> Index {
        let mut index = Index::default();
        let mut add = |key: String, named: Named, rank: u8, language: Option<Language>| {
            if key.is_empty() {
                return;
            }
            let entries = index.exact.entry(key).or_default();
            if !entries.iter().any(|e| e.named == named && e.rank <= rank) {
                entries.push(Entry {
                    named,
                    rank,
                    language,
                });
            }
        };
        for (i, a) in v.accounts.iter().enumerate() {
            add(key(&a.name), Named::Account(i), 0, None);
            add(key(&without_suffixes(&a.name)), Named::Account(i), 0, None);
        }
        for (i, c) in v.categories.iter().enumerate() {
            add(key(&c.name), Named::Category(i), 1, None);
            if let Some(spelt) = umlauts_spelt_out(&c.name) {
                add(key(&spelt), Named::Category(i), 1, None);
            }
            // "Food & Dining" is also "food" and "dining"; "Taxi & Rideshare" "taxi".
            let parts: Vec<&str> = c.name.split(['&', '/', ',', '+']).collect();
            if parts.len() > 1 {
                for part in parts {
                    add(key(part), Named::Category(i), 4, None);
                }
                add(
                    key(&c.name.replace('&', " and ")),
                    Named::Category(i),
                    1,
                    None,
                );
            }
            if let Some(synonyms) = c.slug.as_deref().and_then(|slug| synonym_keys().get(slug)) {
                for (key, language) in synonyms {
                    add(key.clone(), Named::Category(i), 5, Some(*language));
                }
            }
        }
        // Each merchant's words are read once: with 2,000 merchants this is most of the work.
        let mut first_words: HashMap<String, Vec<usize>> = HashMap::new();
        let mut fuzzy: Vec<(String, Named)> = Vec::new();
        for (i, m) in v.merchants.iter().enumerate() {
            let words = text::words(m);
            let short = strip_suffixes(&words);
            add(key_of(&words), Named::Merchant(i), 2, None);
            if short.len() < words.len() {
                add(key_of(short), Named::Merchant(i), 2, None);
            }
            if let Some(spelt) = umlauts_spelt_out(m) {
                let spelt = text::words(&spelt);
                add(key_of(&spelt), Named::Merchant(i), 2, None);
                add(key_of(strip_suffixes(&spelt)), Named::Merchant(i), 2, None);
            }
            // Its first word, when long and no other merchant's ("Nordlicht" for
            // "Nordlicht Software GmbH"), below.
            // Short first words count when they are no word of the questions ("dm" for
            // "dm-drogerie markt", but not "the" for "The Barn").
            let first_is_name = words[0].len() >= 4
                || (words[0].len() >= 2
                    && !super::language_words().contains_key(words[0].as_str()));
            if words.len() > 1 && first_is_name {
                first_words
                    .entry(text::stem(&words[0]))
                    .or_default()
                    .push(i);
            }
            if let Some(first) = short.first().filter(|w| w.len() >= 4) {
                fuzzy.push((first.clone(), Named::Merchant(i)));
            }
            if short.len() > 1 {
                fuzzy.push((short.join(" "), Named::Merchant(i)));
            }
        }
        for (phrase, language, kind) in lexicon::ACCOUNT_KINDS {
            if let Some(i) = v.accounts.iter().position(|a| a.kind == *kind) {
                add(key(phrase), Named::AccountKind(i), 7, Some(*language));
            }
        }
        for (i, t) in v.tags.iter().enumerate() {
            add(key(t), Named::Tag(i), 3, None);
        }
        plan_names(v, &mut add);
        for (word, merchants) in first_words {
            if let [only] = merchants[..] {
                add(word, Named::Merchant(only), 6, None);
            }
        }
        for (key, named) in fuzzy {
            index.add_fuzzy(key, named);
        }
        for (i, c) in v.categories.iter().enumerate() {
            index.add_fuzzy(text::words(&c.name).join(" "), Named::Category(i));
        }
        index
    }

    fn add_fuzzy(&mut self, key: String, named: Named) {
        if let Some(&first) = key.as_bytes().first() {
            self.fuzzy.entry(first).or_default().push((key, named));
        }
    }
}

/// Budgets and goals by their names, by each word of a name that no other budget or goal
/// shares (the "holiday" of "Summer holiday"), and by those words in the other languages
/// (`synonyms::PLAN_WORDS`: "vacances", "Urlaub"); the budget over all spending also by the
/// words for "overall" ("gesamt", "general").
fn plan_names(v: &Vocabulary, add: &mut impl FnMut(String, Named, u8, Option<Language>)) {
    let mut names: Vec<(Named, &str)> = Vec::new();
    for (i, b) in v.budgets.iter().enumerate() {
        names.push((Named::Budget(i), &b.name));
    }
    for (i, g) in v.goals.iter().enumerate() {
        names.push((Named::Goal(i), g));
    }
    let mut by_word: HashMap<String, Vec<Named>> = HashMap::new();
    for (named, name) in &names {
        add(key(name), *named, 3, None);
        for word in text::words(name) {
            for w in plan_word_forms(&word) {
                let entry = by_word.entry(w).or_default();
                if !entry.contains(named) {
                    entry.push(*named);
                }
            }
        }
    }
    // The words for "overall" name the budget without a category, when there is one.
    let overall: Vec<usize> = (0..v.budgets.len())
        .filter(|&i| v.budgets[i].category_id.is_none())
        .collect();
    if let [only] = overall[..] {
        for (word, _) in super::synonyms::OVERALL {
            add((*word).to_string(), Named::Budget(only), 8, None);
        }
    }
    for (word, named) in by_word {
        // Short words ("de", "my") and words several plans share name none of them.
        if let [only] = named[..]
            && word.len() >= 3
            && !super::parse::is_filler(&word)
        {
            add(text::stem(&word), only, 8, None);
        }
    }
}

/// A word of a budget's or goal's name and the same word in the other languages.
fn plan_word_forms(word: &str) -> Vec<String> {
    let mut forms = vec![word.to_string()];
    let stemmed = text::stem(word);
    for set in super::synonyms::PLAN_WORDS {
        if set.iter().any(|w| *w == word || text::stem(w) == stemmed) {
            forms.extend(set.iter().map(|w| (*w).to_string()));
        }
    }
    forms
}

/// "Ärzte" as Germans type it without umlauts, "Aerzte" (folding alone gives "arzte").
fn umlauts_spelt_out(name: &str) -> Option<String> {
    if !name.contains(['ä', 'ö', 'ü', 'Ä', 'Ö', 'Ü']) {
        return None;
    }
    let spelt = name
        .replace('ä', "ae")
        .replace('ö', "oe")
        .replace('ü', "ue")
        .replace('Ä', "Ae")
        .replace('Ö', "Oe")
        .replace('Ü', "Ue");
    Some(spelt)
}

fn without_suffixes(name: &str) -> String {
    strip_suffixes(&text::words(name)).join(" ")
}

fn strip_suffixes(words: &[String]) -> &[String] {
    let mut end = words.len();
    while end > 1 && SUFFIXES.contains(&words[end - 1].as_str()) {
        end -= 1;
    }
    &words[..end]
}

/// The index keys of the built-in categories' synonyms, by slug: the same for every user,
/// so computed once.
fn synonym_keys() -> &'static HashMap<&'static str, Vec<(String, Language)>> {
    static KEYS: OnceLock<HashMap<&'static str, Vec<(String, Language)>>> = OnceLock::new();
    KEYS.get_or_init(|| {
        CATEGORY_SYNONYMS
            .iter()
            .map(|(slug, names)| {
                let keys = names
                    .iter()
                    .map(|(name, language)| (key(name), *language))
                    .collect();
                (*slug, keys)
            })
            .collect()
    })
}

/// The optimal-string-alignment distance between `a` and `b` (a swap of two neighbours is
/// one edit), or `None` when it exceeds `bound`. No allocation beyond three short rows.
pub(super) fn bounded_distance(a: &[u8], b: &[u8], bound: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > bound {
        return None;
    }
    let width = b.len() + 1;
    let mut before: Vec<usize> = vec![0; width];
    let mut previous: Vec<usize> = (0..width).collect();
    let mut current: Vec<usize> = vec![0; width];
    for i in 1..=a.len() {
        current[0] = i;
        let mut row_min = current[0];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (previous[j] + 1)
                .min(current[j - 1] + 1)
                .min(previous[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(before[j - 2] + 1);
            }
            current[j] = d;
            row_min = row_min.min(d);
        }
        if row_min > bound {
            return None;
        }
        std::mem::swap(&mut before, &mut previous);
        std::mem::swap(&mut previous, &mut current);
    }
    let d = previous[b.len()];
    (d <= bound).then_some(d)
}

#[cfg(test)]
mod tests {
    use super::bounded_distance;

    #[test]
    fn distance_counts_edits_and_swaps() {
        assert_eq!(bounded_distance(b"amazn", b"amazon", 2), Some(1));
        assert_eq!(bounded_distance(b"lidl", b"lidl", 1), Some(0));
        assert_eq!(bounded_distance(b"ldil", b"lidl", 1), Some(1));
        assert_eq!(bounded_distance(b"rewe", b"edeka", 1), None);
    }
}
