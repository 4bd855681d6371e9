//! The evaluation set and the built-in labelled examples are usable as they stand: enough
//! rows, no duplicates, and every label a category of the default taxonomy. (The examples'
//! generator refuses any merchant the evaluation set names.)

use std::collections::HashSet;
use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn default_slugs() -> HashSet<String> {
    let sql =
        std::fs::read_to_string(root().join("../../migrations/20261123000004_categories.sql"))
            .unwrap();
    sql.lines()
        .filter_map(|l| l.trim().strip_prefix("('"))
        .filter_map(|l| l.split_once('\'').map(|(slug, _)| slug.to_string()))
        .collect()
}

/// (description, category) rows of a CSV written by the generators.
fn rows(path: &str) -> Vec<(String, String)> {
    let text = std::fs::read_to_string(root().join(path)).unwrap();
    let slugs = default_slugs();
    assert!(
        slugs.contains("food.groceries") && slugs.len() > 50,
        "{slugs:?}"
    );
    text.lines()
        .skip(1)
        .map(|line| {
            // The category is the last field and has no comma; a description with commas is quoted.
            let (description, category) = line.rsplit_once(',').expect("two fields");
            assert!(
                slugs.contains(category),
                "{category} is not a default category: {line}"
            );
            (
                description.trim_matches('"').to_string(),
                category.to_string(),
            )
        })
        .collect()
}

fn assert_distinct_and_broad(rows: &[(String, String)], at_least: usize) {
    let descriptions: HashSet<&str> = rows.iter().map(|(d, _)| d.as_str()).collect();
    let categories: HashSet<&str> = rows.iter().map(|(_, c)| c.as_str()).collect();
    assert_eq!(descriptions.len(), rows.len(), "duplicate descriptions");
    assert!(rows.len() >= at_least, "{} rows", rows.len());
    assert!(categories.len() >= 45, "{} categories", categories.len());
}

#[test]
fn at_least_600_distinct_descriptions_each_with_a_default_category() {
    assert_distinct_and_broad(&rows("eval/eval_set.csv"), 600);
}

#[test]
fn the_built_in_examples_cover_the_taxonomy() {
    assert_distinct_and_broad(&rows("data/labelled_examples.csv"), 1500);
}

#[test]
fn merchant_category_codes_name_default_categories() {
    let slugs = default_slugs();
    for slug in kakeibo_categorizer::mcc::slugs() {
        assert!(slugs.contains(slug), "mcc.tsv names {slug}");
    }
}
