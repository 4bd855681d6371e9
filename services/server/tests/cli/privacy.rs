//! `kakeibo privacy erase --user EMAIL --now` and `kakeibo privacy verify-erasure USER_ID`,
//! as an operator runs them: the scan names what it finds and fails, the erasure needs
//! `--now`, and afterwards the scan finds nothing.

use kakeibo_tests::TestDb;
use uuid::Uuid;

use crate::support::{kakeibo, run_to_end};
use crate::{assert_one_line_error, succeeded};

fn privacy(db: &TestDb, keys: &std::path::Path, args: &[&str]) -> std::process::Output {
    run_to_end(
        kakeibo()
            .arg("privacy")
            .args(args)
            .env("KAKEIBO_DATABASE__URL", db.url())
            .env("KAKEIBO_EMAIL__OUTBOX_DIR", keys.join("outbox"))
            .env("KAKEIBO_AUTH__SIGNING_KEY_FILE", keys.join("signing.pem"))
            .env(
                "KAKEIBO_BANK__CREDENTIAL_KEYS_FILE",
                keys.join("credentials.keys"),
            ),
    )
}

#[tokio::test]
async fn erase_then_verify_finds_nothing_left() {
    let db = TestDb::new().await.unwrap();
    let keys =
        std::env::temp_dir().join(format!("kakeibo-cli-privacy-{}", Uuid::new_v4().simple()));
    let email = "gone@example.com";
    let id = kakeibo_auth::ensure_verified_user(&db.pool, email, "a long enough passphrase")
        .await
        .unwrap()
        .to_string();

    let found = privacy(&db, &keys, &["verify-erasure", &id, "--email", email]);
    let stdout = String::from_utf8_lossy(&found.stdout);
    assert!(stdout.contains("public.users.id\t1"), "{stdout}");
    assert!(stdout.contains("public.users.email\t1"), "{stdout}");
    assert_one_line_error(&found, &["places still name user", &id]);

    let refused = privacy(&db, &keys, &["erase", "--user", email]);
    assert_one_line_error(&refused, &["--now"]);

    let erased = succeeded(
        &privacy(&db, &keys, &["erase", "--user", email, "--now"]),
        "erase",
    );
    assert!(erased.contains(&format!("erased user {id}")), "{erased}");
    let clean = succeeded(
        &privacy(&db, &keys, &["verify-erasure", &id, "--email", email]),
        "verify-erasure",
    );
    assert!(clean.contains("0 hits"), "{clean}");
    let _ = std::fs::remove_dir_all(&keys);
}
