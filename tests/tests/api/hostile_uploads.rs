//! Issue 25 §4, hostile uploads through the real endpoints: zip bombs (statement imports do
//! not unpack anything; the GDPR import does, so it gets real bombs), a 1 GiB body, a file of
//! millions of tiny rows, and XML entity expansion (billion laughs, external entities) in
//! OFX 2 and CAMT.053. Each gets a clear answer, the server's memory stays bounded (nextest
//! runs each test in its own process, so the process's peak RSS is the server's plus the
//! test's), and the account is unchanged.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use kakeibo_privacy::export::{DATA_FILE, MANIFEST_FILE};
use kakeibo_tests::http::{account, expect};
use kakeibo_tests::{TestApp, TestUser};
use reqwest::multipart::{Form, Part};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use uuid::Uuid;

const MIB: u64 = 1024 * 1024;

/// kB from /proc/self/status (`VmHWM`, `VmRSS`).
fn status_kb(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    status
        .lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|n| n.parse().ok())
        .unwrap()
}

/// Runs `work` and answers how far the process's peak RSS rose above its RSS before, in MiB
/// (`clear_refs` 5 resets the peak).
async fn peak_rise<T>(work: impl Future<Output = T>) -> (T, u64) {
    std::fs::write("/proc/self/clear_refs", "5").unwrap();
    let before = status_kb("VmRSS:");
    let out = work.await;
    let peak = status_kb("VmHWM:");
    (out, peak.saturating_sub(before) / 1024)
}

async fn rows(app: &TestApp, account: Uuid) -> anyhow::Result<i64> {
    Ok(
        sqlx::query_scalar("SELECT count(*) FROM transactions WHERE account_id = $1")
            .bind(account)
            .fetch_one(&app.db.pool)
            .await?,
    )
}

/// An account with two rows in it, for checking that a refused upload changed nothing.
async fn account_with_rows(app: &TestApp, user: &TestUser) -> anyhow::Result<Uuid> {
    let id = account(app, user, "Checking").await?;
    let csv = "Date,Description,Amount\n2026-03-02,REWE,-23.45\n2026-03-03,SALARY,2500.00\n";
    let (status, body) = upload(app, user, "/imports", csv.as_bytes(), "start.csv", id).await?;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(rows(app, id).await?, 2);
    Ok(id)
}

async fn upload(
    app: &TestApp,
    user: &TestUser,
    path: &str,
    file: &[u8],
    name: &str,
    account: Uuid,
) -> anyhow::Result<(StatusCode, Value)> {
    let form = Form::new()
        .part(
            "file",
            Part::bytes(file.to_vec()).file_name(name.to_string()),
        )
        .text("account_id", account.to_string());
    let response = app
        .as_user(user, Method::POST, path)
        .multipart(form)
        .send()
        .await?;
    let status = response.status();
    let text = response.text().await?;
    Ok((
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    ))
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("kakeibo-hostile-{}", Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

/// A zip whose entries are `(name, size, byte)`: `size` copies of `byte`, deflated,
/// written in 1 MiB pieces (the test never holds them).
fn bomb(
    path: &Path,
    entries: &[(&str, u64, u8)],
    prefix: &[(&str, Vec<u8>)],
) -> anyhow::Result<()> {
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path)?);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    for (name, bytes) in prefix {
        zip.start_file(*name, options)?;
        zip.write_all(bytes)?;
    }
    for (name, size, byte) in entries {
        zip.start_file(*name, options)?;
        let piece = vec![*byte; MIB as usize];
        let mut left = *size;
        while left > 0 {
            let n = left.min(MIB);
            zip.write_all(&piece[..n as usize])?;
            left -= n;
        }
    }
    zip.finish()?;
    Ok(())
}

/// Statement imports read no archives: a zip of 256 MiB of zeros (its CSV inside would be
/// "the file"), sent as `.zip` and as `.csv`, is refused as unreadable without unpacking it.
#[tokio::test]
async fn a_zip_bomb_as_a_statement_is_refused_and_never_unpacked() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let user = app.verified_user("ana@example.com").await?;
    let id = account_with_rows(&app, &user).await?;
    let path = scratch("bomb.zip");
    bomb(&path, &[("statement.csv", 256 * MIB, b'0')], &[])?;
    let zipped = std::fs::read(&path)?;
    assert!(zipped.len() < 2 * MIB as usize, "{} bytes", zipped.len());
    for (endpoint, name) in [
        ("/imports/preview", "bomb.zip"),
        ("/imports", "bomb.zip"),
        ("/imports", "statement.csv"),
    ] {
        let started = Instant::now();
        let (result, rise) = peak_rise(upload(&app, &user, endpoint, &zipped, name, id)).await;
        let status_body = result?;
        println!(
            "zip bomb ({} KiB, 256 MiB inside) to {endpoint} as {name}: {} in {:?}, peak RSS +{rise} MiB: {}",
            zipped.len() / 1024,
            status_body.0,
            started.elapsed(),
            status_body.1
        );
        assert_eq!(
            status_body.0,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            status_body.1
        );
        assert!(rise < 64, "peak RSS rose {rise} MiB");
    }
    assert_eq!(rows(&app, id).await?, 2, "the account is unchanged");
    std::fs::remove_dir_all(path.parent().unwrap())?;
    Ok(())
}

/// The GDPR import unpacks the zip it is given. Three bombs: a 256 MiB manifest (read before
/// anything else), a data file that is one 256 MiB line (with a manifest that lists its true
/// SHA-256 and size, as a careful forger would), and a manifest that claims 1 TiB. Each is
/// refused with 400 naming the problem, memory stays bounded, nothing is imported.
#[tokio::test]
async fn export_zip_bombs_are_refused_without_unpacking_them_into_memory() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let user = app.verified_user("new@example.com").await?;
    let size = 256 * MIB;
    // The one line's SHA-256, computed in pieces.
    let mut hasher = Sha256::new();
    let piece = vec![b'a'; MIB as usize];
    for _ in 0..size / MIB {
        hasher.update(&piece);
    }
    let line_sha = format!("{:x}", hasher.finalize());
    let manifest = |bytes: u64, sha: &str| {
        serde_json::to_vec(&json!({
            "format": "kakeibo-export", "format_version": 1, "created_at": "2026-12-06T11:00:00Z",
            "files": [{ "name": DATA_FILE, "sha256": sha, "rows": 1, "bytes": bytes }]
        }))
        .unwrap()
    };
    let huge_manifest = scratch("manifest-bomb.zip");
    bomb(&huge_manifest, &[(MANIFEST_FILE, size, b' ')], &[])?;
    let long_line = scratch("line-bomb.zip");
    bomb(
        &long_line,
        &[(DATA_FILE, size, b'a')],
        &[(MANIFEST_FILE, manifest(size, &line_sha))],
    )?;
    let claims_a_tebibyte = scratch("claims.zip");
    bomb(
        &claims_a_tebibyte,
        &[(DATA_FILE, MIB, b'a')],
        &[(MANIFEST_FILE, manifest(1024 * 1024 * MIB, &line_sha))],
    )?;
    for (path, expected) in [
        (&huge_manifest, "manifest.json is larger than"),
        (&long_line, "line 1: longer than"),
        (&claims_a_tebibyte, "would unpack to"),
    ] {
        let zipped = std::fs::read(path)?;
        let form = Form::new().part("file", Part::bytes(zipped.clone()).file_name("export.zip"));
        let started = Instant::now();
        let (response, rise) = peak_rise(
            app.as_user(&user, Method::POST, "/privacy/import")
                .multipart(form)
                .send(),
        )
        .await;
        let response = response?;
        let status = response.status();
        let body: Value = response.json().await?;
        println!(
            "export bomb {} ({} KiB): {status} in {:?}, peak RSS +{rise} MiB: {body}",
            path.file_name().unwrap().to_string_lossy(),
            zipped.len() / 1024,
            started.elapsed()
        );
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert!(body.to_string().contains(expected), "{body}");
        assert!(rise < 96, "peak RSS rose {rise} MiB");
    }
    let accounts = expect(&app, &user, Method::GET, "/accounts", None, StatusCode::OK).await?;
    assert_eq!(accounts, json!([]), "nothing imported");
    for path in [huge_manifest, long_line, claims_a_tebibyte] {
        std::fs::remove_dir_all(path.parent().unwrap())?;
    }
    Ok(())
}

/// Sends a 1 GiB multipart upload over a raw connection, 1 MiB at a time, and stops when the
/// server answers: (status line, MiB sent by then). `chunked` sends no length.
async fn send_a_gibibyte(
    app: &TestApp,
    user: &TestUser,
    account: Uuid,
    chunked: bool,
) -> anyhow::Result<(String, u64)> {
    let boundary = "hostile-boundary-7d1f";
    let head = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"account_id\"\r\n\r\n{account}\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"huge.csv\"\r\n\r\n"
    );
    let tail = format!("\r\n--{boundary}--\r\n");
    let file_size = 1024 * MIB;
    let length = head.len() as u64 + file_size + tail.len() as u64;
    let framing = if chunked {
        "Transfer-Encoding: chunked".to_string()
    } else {
        format!("Content-Length: {length}")
    };
    let request = format!(
        "POST /api/v1/imports HTTP/1.1\r\nHost: {}\r\nAuthorization: Bearer {}\r\n\
         Content-Type: multipart/form-data; boundary={boundary}\r\n{framing}\r\n\r\n",
        app.addr, user.access_token
    );
    let stream = tokio::net::TcpStream::connect(app.addr).await?;
    let (mut reader, mut writer) = stream.into_split();
    let sent = Arc::new(AtomicU64::new(0));
    let counter = sent.clone();
    let sender = tokio::spawn(async move {
        let frame = |bytes: &[u8]| -> Vec<u8> {
            if chunked {
                let mut framed = format!("{:x}\r\n", bytes.len()).into_bytes();
                framed.extend_from_slice(bytes);
                framed.extend_from_slice(b"\r\n");
                framed
            } else {
                bytes.to_vec()
            }
        };
        writer.write_all(request.as_bytes()).await?;
        writer.write_all(&frame(head.as_bytes())).await?;
        let piece = frame(&vec![b'x'; MIB as usize]);
        for _ in 0..file_size / MIB {
            writer.write_all(&piece).await?;
            counter.fetch_add(MIB, Ordering::Relaxed);
        }
        writer.write_all(&frame(tail.as_bytes())).await?;
        if chunked {
            writer.write_all(b"0\r\n\r\n").await?;
        }
        anyhow::Ok(())
    });
    let mut answer = Vec::new();
    let mut buffer = [0u8; 4096];
    while !answer.windows(2).any(|w| w == b"\r\n") {
        let n = tokio::time::timeout(Duration::from_secs(120), reader.read(&mut buffer)).await??;
        if n == 0 {
            break;
        }
        answer.extend_from_slice(&buffer[..n]);
    }
    let at_answer = sent.load(Ordering::Relaxed) / MIB;
    sender.abort();
    let status = String::from_utf8_lossy(&answer)
        .lines()
        .next()
        .unwrap_or_default()
        .to_string();
    Ok((status, at_answer))
}

/// A 1 GiB statement upload, with a length and chunked: 413 once the 64 MiB limit is passed,
/// while most of the gibibyte is still unsent; the account is unchanged.
#[tokio::test]
async fn a_gibibyte_upload_is_refused_early_with_413() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let user = app.verified_user("ana@example.com").await?;
    let id = account_with_rows(&app, &user).await?;
    for chunked in [false, true] {
        let started = Instant::now();
        let (result, rise) = peak_rise(send_a_gibibyte(&app, &user, id, chunked)).await;
        let (status, sent) = result?;
        println!(
            "1 GiB upload ({}): {status:?} after {sent} MiB sent, in {:?}, peak RSS +{rise} MiB",
            if chunked { "chunked" } else { "Content-Length" },
            started.elapsed()
        );
        assert!(status.contains(" 413 "), "{status:?}");
        assert!(sent < 256, "{sent} MiB were sent before the answer");
        assert!(rise < 256, "peak RSS rose {rise} MiB");
    }
    assert_eq!(rows(&app, id).await?, 2, "the account is unchanged");
    Ok(())
}

/// 4 million rows of 16 bytes (61 MiB, under the 64 MiB limit): refused with 422 naming the
/// row limit, in bounded time and memory; the account is unchanged.
#[tokio::test]
async fn millions_of_tiny_rows_get_a_clear_answer_within_limits() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let user = app.verified_user("ana@example.com").await?;
    let id = account_with_rows(&app, &user).await?;
    let rows_in_file = 4_000_000;
    let mut file = Vec::with_capacity(rows_in_file * 16 + 32);
    file.extend_from_slice(b"Date,Description,Amount\n");
    for _ in 0..rows_in_file {
        file.extend_from_slice(b"2026-03-02,a,-1\n");
    }
    for endpoint in ["/imports/preview", "/imports"] {
        let started = Instant::now();
        let (result, rise) = peak_rise(upload(&app, &user, endpoint, &file, "tiny.csv", id)).await;
        let (status, body) = result?;
        let shown: String = body.to_string().chars().take(300).collect();
        println!(
            "{rows_in_file} tiny rows ({} MiB) to {endpoint}: {status} in {:?}, peak RSS +{rise} MiB: {shown}",
            file.len() as u64 / MIB,
            started.elapsed()
        );
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{shown}");
        assert!(body.to_string().contains("rows"), "{shown}");
        assert!(rise < 1024, "peak RSS rose {rise} MiB");
    }
    assert_eq!(rows(&app, id).await?, 2, "the account is unchanged");
    Ok(())
}

fn fixture(path: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../services/statements/tests/fixtures")
            .join(path),
    )
    .unwrap()
}

/// Ten levels of ten: `&lol9;` expands to 10^9 "lol"s (3 GB).
fn billion_laughs(root: &str) -> String {
    let mut dtd = format!("<!DOCTYPE {root} [\n<!ENTITY lol0 \"lol\">\n");
    for level in 1..10 {
        let refs = format!("&lol{};", level - 1).repeat(10);
        dtd.push_str(&format!("<!ENTITY lol{level} \"{refs}\">\n"));
    }
    dtd + "]>\n"
}

fn external(root: &str) -> String {
    format!(
        "<!DOCTYPE {root} [\n<!ENTITY xxe SYSTEM \"file:///etc/passwd\">\n<!ENTITY % remote SYSTEM \"http://127.0.0.1:9/x.dtd\">\n%remote;\n]>\n"
    )
}

/// The hostile variants of a fixture: the DTD put after its first `after` line, `&entity;`
/// in place of `text`.
fn hostile_xml(file: &str, after: usize, text: &str) -> Vec<(&'static str, String)> {
    let original = fixture(file);
    let lines: Vec<&str> = original.lines().collect();
    let root = if file.starts_with("ofx") {
        "OFX"
    } else {
        "Document"
    };
    [
        ("billion laughs", billion_laughs(root), "&lol9;"),
        ("external entity", external(root), "&xxe;"),
    ]
    .into_iter()
    .map(|(name, dtd, entity)| {
        let head = lines[..after].join("\n");
        let body = lines[after..].join("\n").replacen(text, entity, 1);
        (name, format!("{head}\n{dtd}{body}\n"))
    })
    .collect()
}

/// OFX 2 and CAMT.053 files with a DTD that defines billion laughs or external entities
/// (a local file, a remote DTD), used in a description: refused or kept as text, never
/// expanded or fetched; quick, in bounded memory; a refusal leaves the account as it was.
#[tokio::test]
async fn xml_entities_in_ofx_and_camt_are_never_expanded() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let user = app.verified_user("ana@example.com").await?;
    let passwd = std::fs::read_to_string("/etc/passwd")?;
    let root_line = passwd.lines().next().unwrap_or("root:x:0:0").to_string();
    let cases = [
        (
            "ofx/savings_220.ofx",
            2,
            "INTEREST PAYMENT",
            "USD",
            "savings.ofx",
        ),
        (
            "camt/camt053_v02.xml",
            1,
            "REWE SAGT DANKE 1234",
            "EUR",
            "camt.xml",
        ),
    ];
    for (file, after, text, currency, name) in cases {
        for (kind, content) in hostile_xml(file, after, text) {
            let id =
                kakeibo_tests::http::account_in(&app, &user, kind, "checking", currency).await?;
            let started = Instant::now();
            let (result, rise) = peak_rise(async {
                let preview = upload(
                    &app,
                    &user,
                    "/imports/preview",
                    content.as_bytes(),
                    name,
                    id,
                )
                .await?;
                let import = upload(&app, &user, "/imports", content.as_bytes(), name, id).await?;
                anyhow::Ok((preview, import))
            })
            .await;
            let ((preview_status, preview), (status, body)) = result?;
            let elapsed = started.elapsed();
            let stored: Vec<String> = sqlx::query_scalar(
                "SELECT concat_ws(' | ', description, payee, merchant, notes) FROM transactions WHERE account_id = $1",
            )
            .bind(id)
            .fetch_all(&app.db.pool)
            .await?;
            let shown: String = body.to_string().chars().take(240).collect();
            println!(
                "{file} with {kind}: preview {preview_status}, import {status} in {elapsed:?}, peak RSS +{rise} MiB, {} rows: {shown}",
                stored.len()
            );
            assert!(
                !preview_status.is_server_error() && !status.is_server_error(),
                "{preview} {body}"
            );
            assert!(elapsed < Duration::from_secs(20), "{elapsed:?}");
            assert!(rise < 64, "peak RSS rose {rise} MiB");
            for answer in [preview.to_string(), body.to_string()]
                .iter()
                .chain(&stored)
            {
                assert!(!answer.contains("lollol"), "expanded: {answer}");
                assert!(!answer.contains(&root_line), "read /etc/passwd: {answer}");
            }
            if status.is_success() {
                // Kept as text at most: no row holds more than the entity reference.
                assert!(stored.iter().all(|s| s.len() < 400), "{stored:?}");
            } else {
                assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
                assert!(stored.is_empty(), "a refused file added {stored:?}");
            }
        }
    }
    Ok(())
}
