//! `kakeibo privacy erase --user EMAIL --now` and `kakeibo privacy verify-erasure USER_ID`,
//! as an operator runs them: the scan names what it finds and fails, the erasure needs
//! `--now`, and afterwards the scan finds nothing. `kakeibo privacy export --user EMAIL
//! FILE` writes the user's zip (an unknown address is a one-line error), and `kakeibo
//! privacy import FILE --email NEW` recreates the user in another database, once.

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

#[tokio::test]
async fn export_writes_the_users_zip() {
    let db = TestDb::new().await.unwrap();
    let keys = std::env::temp_dir().join(format!("kakeibo-cli-export-{}", Uuid::new_v4().simple()));
    let email = "asks@example.com";
    let id = kakeibo_auth::ensure_verified_user(&db.pool, email, "a long enough passphrase")
        .await
        .unwrap()
        .to_string();
    let file = keys.join("answer").join("asks.zip");

    let exported = succeeded(
        &privacy(
            &db,
            &keys,
            &["export", "--user", email, file.to_str().unwrap()],
        ),
        "export",
    );
    assert!(
        exported.contains(&format!("exported user {id}")),
        "{exported}"
    );
    assert!(exported.contains("data.ndjson\t"), "{exported}");
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&file).unwrap()).unwrap();
    let mut data = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("data.ndjson").unwrap(), &mut data).unwrap();
    let profile: serde_json::Value = serde_json::from_str(data.lines().next().unwrap()).unwrap();
    assert_eq!(
        (profile["type"].as_str(), profile["email"].as_str()),
        (Some("profile"), Some(email))
    );
    // The operator's export is a security event of the user's, and is in the file itself.
    assert!(
        data.lines()
            .any(|l| l.contains("\"audit_event\"") && l.contains("privacy.export")),
        "{data}"
    );
    assert!(zip.by_name("manifest.json").is_ok());

    // Moved to another Kakeibo: imported under a new address; a second time is refused.
    let elsewhere = TestDb::new().await.unwrap();
    let import = [
        "import",
        file.to_str().unwrap(),
        "--email",
        "asks@elsewhere.example",
    ];
    let imported = succeeded(&privacy(&elsewhere, &keys, &import), "import");
    assert!(imported.contains("imported "), "{imported}");
    assert!(
        imported.contains("audit_event\t1 not imported"),
        "{imported}"
    );
    let again = privacy(&elsewhere, &keys, &import);
    assert_one_line_error(&again, &["already a user asks@elsewhere.example"]);

    let unknown = privacy(
        &db,
        &keys,
        &[
            "export",
            "--user",
            "nobody@example.com",
            file.to_str().unwrap(),
        ],
    );
    assert_one_line_error(&unknown, &["no user nobody@example.com"]);
    let _ = std::fs::remove_dir_all(&keys);
}
