//! GoCardless from the command line: `bank institutions`, `bank connect --institution`
//! with the consent link, the bank's redirect back to the configured public URL, `bank
//! complete` once consented, and `bank sync --due` for what the schedule says is due.

use chrono::Utc;
use kakeibo_tests::fake_banks::gocardless::{FakeGoCardless, FakeTransaction, SANDBOX_INSTITUTION};
use secrecy::ExposeSecret;

use super::{Bank, EMAIL, assert_connected, assert_synced, started};

#[tokio::test]
async fn bank_connect_gocardless_consents_completes_and_syncs_when_due() {
    let fake = FakeGoCardless::start().await;
    let gocardless = fake.settings();
    let bank = Bank::new(&[
        ("KAKEIBO_BANK__GOCARDLESS__BASE_URL", &gocardless.base_url),
        ("KAKEIBO_BANK__GOCARDLESS__SECRET_ID", &gocardless.secret_id),
        (
            "KAKEIBO_BANK__GOCARDLESS__SECRET_KEY",
            gocardless.secret_key.expose_secret(),
        ),
        ("KAKEIBO_SERVER__PUBLIC_URL", "https://money.example.net"),
    ])
    .await;
    let banks = bank
        .ok(&["bank", "institutions", "gocardless", "--country", "DE"])
        .await;
    assert!(
        banks
            .lines()
            .any(|l| l == "SPARKASSE_BERLIN_BELADEBEXXX\tBerliner Sparkasse"),
        "{banks}"
    );
    assert!(
        !banks.contains("BNP_PARIBAS_BNPAFRPP"),
        "a French bank listed for DE:\n{banks}"
    );

    let out = bank
        .ok(&[
            "bank",
            "connect",
            "gocardless",
            "--user",
            EMAIL,
            "--institution",
            SANDBOX_INSTITUTION,
        ])
        .await;
    let id = started(&out, "gocardless");
    let line = out
        .lines()
        .find(|l| l.starts_with("open "))
        .unwrap_or_else(|| panic!("no consent link in:\n{out}"));
    assert!(
        line.ends_with(&format!("then run: kakeibo bank complete {id}")),
        "{line}"
    );
    let link = line["open ".len()..].split(' ').next().unwrap();
    // Completing before consenting is refused, and the connection waits.
    let early = bank.run(&["bank", "complete", &id.to_string()]).await;
    crate::assert_one_line_error(&early, &["consent not finished"]);

    let back = fake.consent(link).await;
    assert_eq!(
        back,
        format!("https://money.example.net/connections/callback?ref={id}")
    );
    let out = bank.ok(&["bank", "complete", &id.to_string()]).await;
    assert_connected(&out, id, "Sandbox Finance");
    assert_synced(&out, id, 2, 15);

    // Nothing is due right after a sync; once the schedule says so, `--due` syncs it.
    let out = bank.ok(&["bank", "sync", "--due"]).await;
    assert!(!out.contains(&id.to_string()), "{out}");
    let main = &fake.account_ids()[0];
    let today = Utc::now().date_naive();
    fake.add_booked(
        main,
        FakeTransaction::new(today, "-7.80", "Baeckerei Schmidt", "Kartenzahlung"),
    );
    sqlx::query(
        "UPDATE bank_connections SET next_sync_at = now() - interval '1 minute' WHERE id = $1",
    )
    .bind(id)
    .execute(&bank.db.pool)
    .await
    .unwrap();
    let out = bank.ok(&["bank", "sync", "--due"]).await;
    assert_synced(&out, id, 2, 1);
    assert_eq!(bank.count("transactions").await, 16);
}
