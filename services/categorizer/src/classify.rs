//! The offline decision of the kNN step: the nearest labelled texts vote, the lexicon's
//! words add their weight, and the amount's direction rules out categories of the other
//! kind (money in is income or a transfer, money out an expense or a transfer).

// Scores and similarities are f32 by nature; no money is computed here.
#![allow(clippy::float_arithmetic)]

use std::collections::HashMap;
use std::hash::Hash;

/// How much a neighbour among the user's own corrections counts against a built-in one:
/// the user's labels are about their own bank's wording and their own taxonomy.
pub const USER_WEIGHT: f32 = 2.0;
/// How much the lexicon's most specific category counts, against a unanimous kNN vote (1.0).
pub const KEYWORD_WEIGHT: f32 = 1.0;
/// How much a known chain's category counts (see `brands`): more than a unanimous vote of
/// built-in neighbours or a lexicon word, less than a near correction by the user.
pub const BRAND_WEIGHT: f32 = 1.5;
/// How sure a chain's category alone is.
const BRAND_CLOSENESS: f32 = 0.9;
/// How much the payment channel's typical categories count (see `channel`).
pub const CHANNEL_WEIGHT: f32 = 0.5;
/// Built-in neighbours farther than this do not vote.
pub const MIN_SIMILARITY: f32 = 0.35;
/// The user's corrections vote only when this close: a few hundred corrections always hold
/// *some* neighbour, and a far one says little about this merchant.
pub const MIN_USER_SIMILARITY: f32 = 0.7;

/// What the step knows about one transaction, by category key `C`.
pub struct Evidence<C> {
    /// The user's nearest corrections, (category, cosine similarity), nearest first.
    pub user: Vec<(C, f32)>,
    /// The nearest built-in examples, mapped onto the user's categories.
    pub builtin: Vec<(C, f32)>,
    /// Lexicon hits: (category, strength 0..1).
    pub keywords: Vec<(C, f32)>,
    /// How typical each category is of the line's payment channel (0..1).
    pub channel: Vec<(C, f32)>,
    /// The category of the chain the merchant text names, when it is a known one.
    pub brand: Option<C>,
    /// The chain is from the hand-written list of merchants, which names each with the
    /// category it bills as: no lexicon word overrides it.
    pub brand_curated: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Decision<C> {
    pub category: C,
    /// 0..1: the winner's share of all evidence, times how close its nearest example is.
    /// A score, not a probability: `calibration` turns `features` into one.
    pub confidence: f32,
    /// The best categories, best first (the winner too), with their share of the evidence.
    pub ranked: Vec<(C, f32)>,
    pub features: Features,
}

/// What backs the winner, as the calibration reads it.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Features {
    /// The raw confidence (`Decision::confidence`).
    pub score: f32,
    /// The winner's share of all evidence minus the runner-up's.
    pub margin: f32,
    /// The chains dictionary names the winner.
    pub brand: bool,
    /// That chain is from the hand-written list of merchants.
    pub brand_curated: bool,
    /// The dictionary names a chain of another category (the winner overrode it).
    pub brand_against: bool,
    /// The lexicon's strength for the winner (0 when no word names it).
    pub keyword: f32,
    /// A lexicon word names another category.
    pub keyword_against: bool,
    /// The winner's share of the built-in neighbours' vote.
    pub builtin_share: f32,
    /// The nearest built-in example of the winner (cosine similarity, 0 when none).
    pub builtin_similarity: f32,
    /// The nearest correction of the user's for the winner (0 when none).
    pub user_similarity: f32,
    /// A correction of the user's for another category is this close (0 when none).
    pub user_against: f32,
}

/// The category with the most evidence among those `allowed`, or `None` with none.
pub fn decide<C: Eq + Hash + Clone>(
    evidence: &Evidence<C>,
    k: usize,
    allowed: impl Fn(&C) -> bool,
) -> Option<Decision<C>> {
    let mut score: HashMap<&C, f32> = HashMap::new();
    let mut closest: HashMap<&C, f32> = HashMap::new();
    let mut builtin_votes: HashMap<&C, f32> = HashMap::new();
    for (neighbours, weight, min_similarity, is_user) in [
        (&evidence.user, USER_WEIGHT, MIN_USER_SIMILARITY, true),
        (&evidence.builtin, 1.0, MIN_SIMILARITY, false),
    ] {
        let voters: Vec<&(C, f32)> = neighbours
            .iter()
            .filter(|(c, s)| *s >= min_similarity && allowed(c))
            .take(k)
            .collect();
        let total: f32 = voters.iter().map(|(_, s)| s).sum();
        for (category, similarity) in voters {
            *score.entry(category).or_default() += weight * similarity / total;
            let best = closest.entry(category).or_default();
            *best = best.max(*similarity);
            if !is_user {
                *builtin_votes.entry(category).or_default() += similarity / total;
            }
        }
    }
    for (category, strength) in evidence.keywords.iter().filter(|(c, _)| allowed(c)) {
        *score.entry(category).or_default() += KEYWORD_WEIGHT * strength;
        let best = closest.entry(category).or_default();
        *best = best.max(*strength);
    }
    // A word that says what the business is beats a chain's usual trade: ADLER APOTHEKE is a
    // pharmacy, though Adler is also a clothing chain; TESCO PHARMACY is not the grocery.
    let named_kind = !evidence.brand_curated && evidence.keywords.iter().any(|(c, _)| allowed(c));
    if let Some(category) = evidence
        .brand
        .as_ref()
        .filter(|c| allowed(c) && !named_kind)
    {
        *score.entry(category).or_default() += BRAND_WEIGHT;
        let best = closest.entry(category).or_default();
        *best = best.max(BRAND_CLOSENESS);
    }
    // The channel only tips a balance that other evidence started: alone it would give
    // every unknown card payment to the commonest card category.
    if !score.is_empty() {
        for (category, typical) in evidence.channel.iter().filter(|(c, _)| allowed(c)) {
            if let Some(points) = score.get_mut(category) {
                *points += CHANNEL_WEIGHT * typical;
            }
        }
    }
    let total: f32 = score.values().sum();
    let mut ranked: Vec<(&C, f32)> = score.into_iter().map(|(c, p)| (c, p / total)).collect();
    // Ties go to the category with the nearer example, so the order never depends on hashing.
    ranked.sort_by(|a, b| {
        b.1.total_cmp(&a.1)
            .then_with(|| closest[b.0].total_cmp(&closest[a.0]))
    });
    let (winner, share) = *ranked.first()?;
    let confidence = (share * closest[winner]).clamp(0.0, 1.0);
    let near = |list: &[(C, f32)], pick: &dyn Fn(&C) -> bool| {
        list.iter()
            .filter(|(c, s)| *s >= MIN_USER_SIMILARITY && allowed(c) && pick(c))
            .map(|(_, s)| *s)
            .fold(0.0_f32, f32::max)
    };
    let features = Features {
        score: confidence,
        margin: share - ranked.get(1).map_or(0.0, |r| r.1),
        brand: evidence.brand.as_ref() == Some(winner) && !named_kind,
        brand_curated: evidence.brand_curated,
        brand_against: evidence
            .brand
            .as_ref()
            .is_some_and(|b| b != winner && allowed(b)),
        keyword: evidence
            .keywords
            .iter()
            .filter(|(c, _)| c == winner)
            .map(|(_, s)| *s)
            .fold(0.0, f32::max),
        keyword_against: evidence
            .keywords
            .iter()
            .any(|(c, _)| c != winner && allowed(c)),
        builtin_share: builtin_votes.get(winner).copied().unwrap_or(0.0),
        builtin_similarity: evidence
            .builtin
            .iter()
            .filter(|(c, _)| c == winner)
            .map(|(_, s)| *s)
            .fold(0.0, f32::max),
        user_similarity: near(&evidence.user, &|c| c == winner),
        user_against: near(&evidence.user, &|c| c != winner),
    };
    Some(Decision {
        category: winner.clone(),
        confidence,
        ranked: ranked
            .into_iter()
            .take(3)
            .map(|(c, s)| (c.clone(), s))
            .collect(),
        features,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn evidence(
        user: &[(&'static str, f32)],
        builtin: &[(&'static str, f32)],
        keywords: &[(&'static str, f32)],
    ) -> Evidence<&'static str> {
        Evidence {
            user: user.to_vec(),
            builtin: builtin.to_vec(),
            keywords: keywords.to_vec(),
            channel: Vec::new(),
            brand: None,
            brand_curated: false,
        }
    }

    #[test]
    fn a_lexicon_word_outweighs_a_split_vote() {
        let e = evidence(
            &[],
            &[
                ("restaurants", 0.6),
                ("pharmacy", 0.58),
                ("restaurants", 0.55),
            ],
            &[("pharmacy", 1.0)],
        );
        assert_eq!(decide(&e, 7, |_| true).unwrap().category, "pharmacy");
    }

    #[test]
    fn the_users_own_corrections_count_double() {
        let e = evidence(
            &[("coffee", 0.8)],
            &[("restaurants", 0.8), ("restaurants", 0.79)],
            &[],
        );
        assert_eq!(decide(&e, 7, |_| true).unwrap().category, "coffee");
    }

    #[test]
    fn a_known_chain_outweighs_its_neighbours_but_not_the_users_own_label() {
        let mut e = evidence(&[], &[("clothing", 0.6), ("clothing", 0.55)], &[]);
        e.brand = Some("groceries");
        assert_eq!(decide(&e, 7, |_| true).unwrap().category, "groceries");
        e.user = vec![("household", 0.9)];
        assert_eq!(decide(&e, 7, |_| true).unwrap().category, "household");
    }

    #[test]
    fn a_word_naming_the_kind_of_business_beats_a_chain() {
        let mut e = evidence(&[], &[("pharmacy", 0.5)], &[("pharmacy", 1.0)]);
        e.brand = Some("clothing");
        assert_eq!(decide(&e, 7, |_| true).unwrap().category, "pharmacy");
    }

    #[test]
    fn categories_of_the_wrong_direction_never_win() {
        let e = evidence(&[], &[("taxes", 0.9), ("refunds", 0.5)], &[("taxes", 1.0)]);
        let d = decide(&e, 7, |c| *c != "taxes").unwrap();
        assert_eq!(d.category, "refunds");
        assert!(decide(&evidence(&[], &[("taxes", 0.9)], &[]), 7, |c| *c != "taxes").is_none());
    }

    #[test]
    fn far_neighbours_do_not_vote_and_clear_votes_are_surer() {
        assert!(decide(&evidence(&[], &[("coffee", 0.2)], &[]), 7, |_| true).is_none());
        let clear = decide(
            &evidence(&[], &[("coffee", 0.9), ("coffee", 0.85)], &[]),
            7,
            |_| true,
        );
        let split = decide(
            &evidence(&[], &[("coffee", 0.9), ("restaurants", 0.85)], &[]),
            7,
            |_| true,
        );
        assert!(clear.unwrap().confidence > split.unwrap().confidence);
    }
}
