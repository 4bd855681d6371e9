//! An export is checked before anything in it is trusted: the untouched file passes; a
//! changed byte, an unknown format version, an unlisted file, or a record naming an id
//! that no record of the file has is refused with an error that says which.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use chrono::{TimeZone, Utc};
use kakeibo_privacy::export::verify::{VerifyError, verify};
use kakeibo_privacy::export::{DATA_FILE, MANIFEST_FILE, Manifest, write_zip};
use kakeibo_tests::http::{account, expect};
use kakeibo_tests::{TestApp, TestUser};
use reqwest::{Method, StatusCode};
use serde_json::json;
use sha2::{Digest, Sha256};
use uuid::Uuid;

/// The files of a zip, in order.
fn files_of(path: &Path) -> anyhow::Result<Vec<(String, Vec<u8>)>> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path)?)?;
    let mut files = Vec::new();
    for index in 0..zip.len() {
        let mut file = zip.by_index(index)?;
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes)?;
        files.push((file.name()?.to_string(), bytes));
    }
    Ok(files)
}

fn write_files(path: &Path, files: &[(String, Vec<u8>)]) -> anyhow::Result<()> {
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path)?);
    for (name, bytes) in files {
        zip.start_file(name.as_str(), zip::write::SimpleFileOptions::default())?;
        zip.write_all(bytes)?;
    }
    zip.finish()?;
    Ok(())
}

/// A copy of the export at `original` with `change` applied to its files; with
/// `reseal`, the manifest is rewritten to match (as a careful forger would).
pub(super) fn tampered(
    original: &Path,
    name: &str,
    reseal: bool,
    change: impl FnOnce(&mut Vec<(String, Vec<u8>)>),
) -> anyhow::Result<PathBuf> {
    let mut files = files_of(original)?;
    change(&mut files);
    if reseal {
        let mut manifest: Manifest =
            serde_json::from_slice(&files.iter().find(|(n, _)| n == MANIFEST_FILE).unwrap().1)?;
        for entry in &mut manifest.files {
            let bytes = &files.iter().find(|(n, _)| *n == entry.name).unwrap().1;
            entry.sha256 = format!("{:x}", Sha256::digest(bytes));
            entry.bytes = bytes.len() as u64;
        }
        let json = serde_json::to_vec_pretty(&manifest)?;
        files
            .iter_mut()
            .find(|(n, _)| n == MANIFEST_FILE)
            .unwrap()
            .1 = json;
    }
    let path = original.with_file_name(name);
    write_files(&path, &files)?;
    Ok(path)
}

pub(super) fn data_of(files: &mut [(String, Vec<u8>)]) -> &mut Vec<u8> {
    &mut files.iter_mut().find(|(n, _)| n == DATA_FILE).unwrap().1
}

/// A user with an account named `account_name` holding one transaction, exported (as of
/// 2026-12-06 11:00 UTC) to `ana.zip` in a new scratch folder; answers the user, the folder
/// and the zip.
pub(super) async fn exported_user(
    app: &TestApp,
    email: &str,
    account_name: &str,
) -> anyhow::Result<(TestUser, PathBuf, PathBuf)> {
    let user = app.verified_user(email).await?;
    let checking = account(app, &user, account_name).await?;
    expect(app, &user, Method::POST, "/transactions", Some(json!({
        "account_id": checking, "booked_on": "2026-03-02", "amount": "-12.34", "description": "Bakery" })),
        StatusCode::CREATED).await?;
    let folder = std::env::temp_dir().join(format!("kakeibo-export-{}", Uuid::new_v4().simple()));
    let original = folder.join("ana.zip");
    let created_at = Utc.with_ymd_and_hms(2026, 12, 6, 11, 0, 0).unwrap();
    write_zip(&app.db.pool, user.id, created_at, &original).await?;
    Ok((user, folder, original))
}

#[tokio::test]
async fn a_changed_unknown_or_dangling_export_is_refused() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let (_, folder, original) = exported_user(&app, "ana.tamper@example.com", "Checking").await?;
    let created_at = Utc.with_ymd_and_hms(2026, 12, 6, 11, 0, 0).unwrap();

    let verified = verify(&original)?;
    assert_eq!(verified.manifest.created_at, created_at);
    assert!(verified.records > 60, "{} records", verified.records);

    // One amount changed, the manifest left as it was.
    let changed = tampered(&original, "changed.zip", false, |files| {
        let data = data_of(files);
        let text = String::from_utf8(data.clone())
            .unwrap()
            .replace("\"-12.3400\"", "\"-1.3400\"");
        *data = text.into_bytes();
    })?;
    let error = verify(&changed).unwrap_err();
    assert!(
        matches!(&error, VerifyError::Tampered { file } if file == DATA_FILE),
        "{error}"
    );
    assert!(
        error
            .to_string()
            .contains("data.ndjson does not match the manifest"),
        "{error}"
    );

    // A version this Kakeibo does not know.
    let future = tampered(&original, "future.zip", false, |files| {
        let manifest = &mut files
            .iter_mut()
            .find(|(n, _)| n == MANIFEST_FILE)
            .unwrap()
            .1;
        let mut value: serde_json::Value = serde_json::from_slice(manifest).unwrap();
        value["format_version"] = json!(2);
        *manifest = serde_json::to_vec(&value).unwrap();
    })?;
    let error = verify(&future).unwrap_err();
    assert!(
        matches!(error, VerifyError::UnknownVersion { found: 2 }),
        "{error}"
    );
    assert!(
        error
            .to_string()
            .contains("unknown export format version 2"),
        "{error}"
    );

    // A file the manifest does not list.
    let extra = tampered(&original, "extra.zip", false, |files| {
        files.push(("run-me.sh".into(), b"#!/bin/sh\n".to_vec()));
    })?;
    let error = verify(&extra).unwrap_err();
    assert!(
        matches!(&error, VerifyError::Unlisted { file } if file == "run-me.sh"),
        "{error}"
    );

    // A record naming an account that is not in the file, hashes made to match.
    let stranger = Uuid::new_v4();
    let dangling = tampered(&original, "dangling.zip", true, |files| {
        let line = json!({ "type": "transaction", "id": Uuid::new_v4(), "account_id": stranger,
            "amount": "-1.0000", "currency": "EUR", "booked_at": "2026-03-03T00:00:00+00:00" });
        data_of(files).extend(format!("{line}\n").into_bytes());
    })?;
    let error = verify(&dangling).unwrap_err();
    assert!(
        matches!(&error, VerifyError::DanglingReference { field, id, .. } if field == "account_id" && *id == stranger),
        "{error}"
    );
    assert!(
        error
            .to_string()
            .contains("which is no record in this export"),
        "{error}"
    );

    // Not an export at all.
    let not_zip = folder.join("notes.zip");
    std::fs::write(&not_zip, b"just text")?;
    assert!(matches!(
        verify(&not_zip).unwrap_err(),
        VerifyError::NotZip(_)
    ));
    std::fs::remove_dir_all(&folder)?;
    Ok(())
}
