//! The evaluation set is usable as it stands: enough rows, no duplicates, and every label a
//! category of the default taxonomy.

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

#[test]
fn at_least_600_distinct_descriptions_each_with_a_default_category() {
    let text = std::fs::read_to_string(root().join("eval/eval_set.csv")).unwrap();
    let slugs = default_slugs();
    assert!(
        slugs.contains("food.groceries") && slugs.len() > 50,
        "{slugs:?}"
    );
    let mut descriptions = HashSet::new();
    let mut categories = HashSet::new();
    for line in text.lines().skip(1) {
        // The category is the last field and has no comma; a description with commas is quoted.
        let (description, category) = line.rsplit_once(',').expect("two fields");
        assert!(
            slugs.contains(category),
            "{category} is not a default category: {line}"
        );
        assert!(
            descriptions.insert(description.trim_matches('"').to_string()),
            "duplicate: {line}"
        );
        categories.insert(category.to_string());
    }
    assert!(descriptions.len() >= 600, "{} rows", descriptions.len());
    assert!(categories.len() >= 45, "{} categories", categories.len());
}
