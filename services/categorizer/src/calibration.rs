//! Turns what backs a kNN decision (`classify::Features`) into a probability that is right
//! about as often as it says: a logistic regression (Platt scaling over several features)
//! fitted on the evaluation set by `kakeibo eval categorizer --fit`, stored in
//! data/calibration.tsv. Below the user's threshold the pipeline writes no category and
//! leaves suggestions for review instead: a wrong category is worse than none.

// Probabilities and regression weights, not money.
#![allow(clippy::float_arithmetic)]

use std::fmt;
use std::sync::LazyLock;

use crate::classify::Features;

const FITTED: &str = include_str!("../data/calibration.tsv");

/// How many weights: the intercept and one per feature.
const N: usize = 12;

/// The features' names, in the order of `vector` (the first is the intercept).
pub const NAMES: [&str; N] = [
    "intercept",
    "score",
    "margin",
    "brand",
    "brand_curated",
    "brand_against",
    "keyword",
    "keyword_against",
    "builtin_share",
    "builtin_similarity",
    "user_similarity",
    "user_against",
];

fn vector(f: &Features) -> [f64; N] {
    let flag = |b: bool| if b { 1.0 } else { 0.0 };
    [
        1.0,
        f64::from(f.score),
        f64::from(f.margin),
        flag(f.brand),
        flag(f.brand && f.brand_curated),
        flag(f.brand_against),
        f64::from(f.keyword),
        flag(f.keyword_against),
        f64::from(f.builtin_share),
        f64::from(f.builtin_similarity),
        f64::from(f.user_similarity),
        f64::from(f.user_against),
    ]
}

#[derive(Debug, Clone, PartialEq)]
pub struct Calibration {
    weights: [f64; N],
}

static BUILTIN: LazyLock<Calibration> =
    LazyLock::new(|| Calibration::parse(FITTED).expect("data/calibration.tsv parses"));

impl Calibration {
    /// The calibration shipped with the binary.
    pub fn builtin() -> &'static Calibration {
        &BUILTIN
    }

    /// The probability that the decision these features back is right.
    pub fn probability(&self, features: &Features) -> f32 {
        let z: f64 = vector(features)
            .iter()
            .zip(&self.weights)
            .map(|(x, w)| x * w)
            .sum();
        (1.0 / (1.0 + (-z).exp())) as f32
    }

    /// `name\tweight` lines; `#` starts a comment. Every feature must be there.
    pub fn parse(text: &str) -> Result<Calibration, String> {
        let mut weights = [f64::NAN; N];
        for line in text
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        {
            let (name, weight) = line
                .split_once('\t')
                .ok_or_else(|| format!("not `name<TAB>weight`: {line}"))?;
            let slot = NAMES
                .iter()
                .position(|n| *n == name)
                .ok_or_else(|| format!("unknown feature {name}"))?;
            weights[slot] = weight.trim().parse().map_err(|e| format!("{name}: {e}"))?;
        }
        match NAMES.iter().zip(&weights).find(|(_, w)| w.is_nan()) {
            Some((name, _)) => Err(format!("no weight for {name}")),
            None => Ok(Calibration { weights }),
        }
    }

    /// Fits the weights to (features, was the decision right) by Newton's method on the
    /// L2-regularized log-likelihood: deterministic, and a few iterations suffice.
    pub fn fit(samples: &[(Features, bool)]) -> Calibration {
        const RIDGE: f64 = 0.01;
        let rows: Vec<([f64; N], f64)> = samples
            .iter()
            .map(|(f, right)| (vector(f), if *right { 1.0 } else { 0.0 }))
            .collect();
        let mut weights = [0.0; N];
        for _ in 0..50 {
            let mut gradient = [0.0; N];
            let mut hessian = [[0.0; N]; N];
            for (x, y) in &rows {
                let z: f64 = x.iter().zip(&weights).map(|(a, b)| a * b).sum();
                let p = 1.0 / (1.0 + (-z).exp());
                for i in 0..N {
                    gradient[i] += (p - y) * x[i];
                    for j in 0..N {
                        hessian[i][j] += p * (1.0 - p) * x[i] * x[j];
                    }
                }
            }
            for i in 0..N {
                // The intercept is not shrunk.
                let ridge = if i == 0 { 1e-9 } else { RIDGE };
                gradient[i] += ridge * weights[i];
                hessian[i][i] += ridge;
            }
            let step = solve(hessian, gradient);
            let mut moved = 0.0_f64;
            for i in 0..N {
                weights[i] -= step[i];
                moved = moved.max(step[i].abs());
            }
            if moved < 1e-9 {
                break;
            }
        }
        Calibration { weights }
    }

    /// The file `parse` reads.
    pub fn to_tsv(&self, header: &str) -> String {
        let mut out = String::new();
        for line in header.lines() {
            out.push_str(&format!("# {line}\n"));
        }
        for (name, weight) in NAMES.iter().zip(&self.weights) {
            out.push_str(&format!("{name}\t{weight:.6}\n"));
        }
        out
    }
}

/// Solves `a x = b` by Gaussian elimination with partial pivoting (a is N × N and
/// positive definite with the ridge, so a pivot is never zero).
fn solve(mut a: [[f64; N]; N], mut b: [f64; N]) -> [f64; N] {
    for col in 0..N {
        let pivot = (col..N)
            .max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs()))
            .unwrap_or(col);
        a.swap(col, pivot);
        b.swap(col, pivot);
        let pivot_row = a[col];
        for row in col + 1..N {
            let factor = a[row][col] / pivot_row[col];
            for (cell, above) in a[row][col..].iter_mut().zip(&pivot_row[col..]) {
                *cell -= factor * above;
            }
            b[row] -= factor * b[col];
        }
    }
    let mut x = [0.0; N];
    for row in (0..N).rev() {
        let tail: f64 = (row + 1..N).map(|k| a[row][k] * x[k]).sum();
        x[row] = (b[row] - tail) / a[row][row];
    }
    x
}

/// The confidences of up to three suggestions, best first: the winner's calibrated
/// probability, and the rest of it shared by the others in proportion to their evidence
/// (`shares`, the winner's first).
pub fn suggestion_confidences(shares: &[f32], probability: f32) -> Vec<f32> {
    let winner_share = shares.first().copied().unwrap_or(1.0);
    let rest = (1.0 - probability) / (1.0 - winner_share).max(f32::EPSILON);
    shares
        .iter()
        .enumerate()
        .map(|(n, share)| {
            if n == 0 {
                probability
            } else {
                (share * rest).min(1.0 - probability)
            }
        })
        .collect()
}

/// Predicted against observed, in ten bins of predicted probability.
pub struct Reliability {
    /// (rows, mean predicted, right) per bin 0–10 %, …, 90–100 %.
    pub bins: [(usize, f64, usize); 10],
}

impl Reliability {
    pub fn of(predictions: impl IntoIterator<Item = (f32, bool)>) -> Reliability {
        let mut bins = [(0, 0.0, 0); 10];
        for (p, right) in predictions {
            let bin = &mut bins[((p * 10.0) as usize).min(9)];
            bin.0 += 1;
            bin.1 += f64::from(p);
            bin.2 += usize::from(right);
        }
        for bin in &mut bins {
            bin.1 /= bin.0.max(1) as f64;
        }
        Reliability { bins }
    }

    /// The mean gap between predicted and observed, weighted by rows.
    pub fn expected_error(&self) -> f64 {
        let rows: usize = self.bins.iter().map(|b| b.0).sum();
        self.bins
            .iter()
            .map(|(n, predicted, right)| {
                (*right as f64 - predicted * *n as f64).abs() / rows.max(1) as f64
            })
            .sum()
    }
}

impl fmt::Display for Reliability {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "    predicted   rows  mean  observed")?;
        for (n, (rows, predicted, right)) in self.bins.iter().enumerate() {
            if *rows == 0 {
                continue;
            }
            writeln!(
                f,
                "    {:>3}–{:<3} %  {rows:>5}  {:>4.0} %  {:>5.1} %",
                n * 10,
                n * 10 + 10,
                predicted * 100.0,
                100.0 * *right as f64 / *rows as f64
            )?;
        }
        write!(
            f,
            "    expected calibration error {:.1} points",
            self.expected_error() * 100.0
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn features(score: f32, brand: bool) -> Features {
        Features {
            score,
            brand,
            ..Features::default()
        }
    }

    #[test]
    fn the_shipped_calibration_parses_and_rises_with_the_evidence() {
        let c = Calibration::builtin();
        assert!(c.probability(&features(0.9, true)) > c.probability(&features(0.3, false)));
    }

    #[test]
    fn a_fit_learns_which_evidence_is_right_and_says_how_often() {
        // Brand-backed decisions right 9 times in 10, the others 2 times in 10.
        let samples: Vec<(Features, bool)> = (0..200)
            .map(|n| {
                let brand = n % 2 == 0;
                let right = if brand { n % 20 != 0 } else { n % 10 < 3 };
                (features(0.5, brand), right)
            })
            .collect();
        let fitted = Calibration::fit(&samples);
        let branded = fitted.probability(&features(0.5, true));
        let bare = fitted.probability(&features(0.5, false));
        assert!((branded - 0.9).abs() < 0.03, "{branded}");
        assert!((bare - 0.2).abs() < 0.03, "{bare}");
        let reparsed = Calibration::parse(&fitted.to_tsv("test")).unwrap();
        assert!((reparsed.probability(&features(0.5, true)) - branded).abs() < 1e-4);
    }

    #[test]
    fn a_file_missing_a_feature_is_refused() {
        assert!(Calibration::parse("intercept\t1.0\n").is_err());
        assert!(Calibration::parse("nonsense\t1.0\n").is_err());
    }

    #[test]
    fn the_reliability_table_counts_per_bin() {
        let r = Reliability::of([(0.95, true), (0.92, false), (0.15, false)]);
        assert_eq!(r.bins[9].0, 2);
        assert_eq!(r.bins[9].2, 1);
        assert_eq!(r.bins[1].0, 1);
    }
}
