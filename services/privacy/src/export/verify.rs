//! Reading an export back, as an importer must before it trusts anything in it: the
//! manifest's format and version are known, every file it lists is there with its SHA-256
//! and size, nothing unlisted rides along, every line of `data.ndjson` is a typed JSON
//! object, and every reference (`…_id`) names a record of the same file. Files are
//! streamed through the hash; the one thing kept in memory is the set of record ids.

use std::collections::HashSet;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;

use serde_json::{Map, Value};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::archive::{DATA_FILE, FORMAT_NAME, FORMAT_VERSION, MANIFEST_FILE, Manifest};

/// Fields ending in `_id` that name no record of the file: group keys (two transactions of
/// one transfer; notifications delivered together) and the bank's own ids, which may look
/// like uuids.
const NOT_REFERENCES: &[&str] = &["transfer_id", "group_id", "institution_id"];

/// A manifest lists a handful of files in a few hundred bytes: a larger one is not an
/// export, and it is read before anything else is checked, so it must not be read whole.
const MAX_MANIFEST_BYTES: u64 = 1024 * 1024;
/// One record is a row with its notes, a few hundred bytes: a longer line is not a record,
/// and a line is held in memory while it is read (a zip bomb is one endless line).
pub const MAX_RECORD_BYTES: usize = 1024 * 1024;
/// What the files of one export may hold unpacked, by the manifest's sizes. A long history
/// (10 years, 100,000 rows a year) is under 1 GiB; more is refused before a byte is
/// unpacked, and no file is read past the size the manifest gives it.
pub const MAX_UNPACKED_BYTES: u64 = 4 * 1024 * 1024 * 1024;

fn is_reference(field: &str) -> bool {
    field.ends_with("_id") && !field.starts_with("provider_") && !NOT_REFERENCES.contains(&field)
}

#[derive(Debug, thiserror::Error)]
pub enum VerifyError {
    #[error("cannot read the export: {0}")]
    Read(#[from] io::Error),
    #[error("not a zip file: {0}")]
    NotZip(#[from] zip::result::ZipError),
    #[error("not a Kakeibo export: {0}")]
    NotAnExport(String),
    #[error(
        "unknown export format version {found} (this Kakeibo reads version {FORMAT_VERSION}); \
         import it with a Kakeibo that knows it"
    )]
    UnknownVersion { found: u32 },
    #[error("{file} is listed in the manifest but missing from the zip")]
    Missing { file: String },
    #[error("{file} is in the zip but not in the manifest")]
    Unlisted { file: String },
    #[error("{file} does not match the manifest (SHA-256 or size differs): the file was changed")]
    Tampered { file: String },
    #[error("data.ndjson line {line}: {problem}")]
    BadRecord { line: u64, problem: String },
    #[error("data.ndjson line {line}: {field} names {id}, which is no record in this export")]
    DanglingReference { line: u64, field: String, id: Uuid },
}

/// An export that passed every check.
#[derive(Debug)]
pub struct Verified {
    pub manifest: Manifest,
    pub records: u64,
}

/// Checks the export at `path` (see the module's comment).
pub fn verify(path: &Path) -> Result<Verified, VerifyError> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path)?)?;
    let manifest = read_manifest(&mut zip)?;
    let listed: HashSet<&str> = manifest.files.iter().map(|f| f.name.as_str()).collect();
    for index in 0..zip.len() {
        let name = zip.by_index(index)?.name()?.to_string();
        if name != MANIFEST_FILE && !listed.contains(name.as_str()) {
            return Err(VerifyError::Unlisted { file: name });
        }
    }
    let unpacked = manifest
        .files
        .iter()
        .fold(0u64, |sum, f| sum.saturating_add(f.bytes));
    if unpacked > MAX_UNPACKED_BYTES {
        return Err(VerifyError::NotAnExport(format!(
            "its files would unpack to {unpacked} bytes, more than the {MAX_UNPACKED_BYTES} an import takes"
        )));
    }
    if !listed.contains(DATA_FILE) {
        return Err(VerifyError::NotAnExport(format!(
            "the manifest lists no {DATA_FILE}"
        )));
    }
    for entry in &manifest.files {
        let mut file = match zip.by_name(&entry.name) {
            Ok(file) => file,
            Err(zip::result::ZipError::FileNotFound) => {
                return Err(VerifyError::Missing {
                    file: entry.name.clone(),
                });
            }
            Err(e) => return Err(e.into()),
        };
        // One byte more than listed is enough to know the file was changed.
        let (sha256, bytes) = digest(&mut (&mut file).take(entry.bytes.saturating_add(1)))?;
        if sha256 != entry.sha256 || bytes != entry.bytes {
            return Err(VerifyError::Tampered {
                file: entry.name.clone(),
            });
        }
    }
    let ids = record_ids(&mut zip)?;
    let records = check_references(&mut zip, &ids)?;
    Ok(Verified { manifest, records })
}

fn read_manifest(zip: &mut zip::ZipArchive<std::fs::File>) -> Result<Manifest, VerifyError> {
    let mut text = String::new();
    match zip.by_name(MANIFEST_FILE) {
        Ok(file) => {
            file.take(MAX_MANIFEST_BYTES + 1)
                .read_to_string(&mut text)?;
            if text.len() as u64 > MAX_MANIFEST_BYTES {
                return Err(VerifyError::NotAnExport(format!(
                    "{MANIFEST_FILE} is larger than {MAX_MANIFEST_BYTES} bytes"
                )));
            }
        }
        Err(zip::result::ZipError::FileNotFound) => {
            return Err(VerifyError::NotAnExport(format!("no {MANIFEST_FILE}")));
        }
        Err(e) => return Err(e.into()),
    };
    // The version first, so a newer format whose manifest changed shape says so.
    let raw: Value = serde_json::from_str(&text)
        .map_err(|e| VerifyError::NotAnExport(format!("{MANIFEST_FILE}: {e}")))?;
    if raw["format"] != FORMAT_NAME {
        return Err(VerifyError::NotAnExport(format!(
            "{MANIFEST_FILE} names format {}, not {FORMAT_NAME}",
            raw["format"]
        )));
    }
    let found = raw["format_version"].as_u64().unwrap_or(0);
    if found != u64::from(FORMAT_VERSION) {
        return Err(VerifyError::UnknownVersion {
            found: u32::try_from(found).unwrap_or(u32::MAX),
        });
    }
    serde_json::from_value(raw)
        .map_err(|e| VerifyError::NotAnExport(format!("{MANIFEST_FILE}: {e}")))
}

fn digest(reader: &mut impl Read) -> io::Result<(String, u64)> {
    let mut hasher = Sha256::new();
    let mut buffer = vec![0; 64 * 1024];
    let mut bytes = 0;
    loop {
        let read = reader.read(&mut buffer)?;
        if read == 0 {
            return Ok((format!("{:x}", hasher.finalize()), bytes));
        }
        hasher.update(&buffer[..read]);
        bytes += read as u64;
    }
}

/// Each line of data.ndjson as a typed object, with its 1-based number.
fn for_each_record(
    zip: &mut zip::ZipArchive<std::fs::File>,
    mut each: impl FnMut(u64, &Map<String, Value>) -> Result<(), VerifyError>,
) -> Result<u64, VerifyError> {
    let file = zip.by_name(DATA_FILE)?;
    let mut count = 0;
    for (index, line) in records(BufReader::new(file)).enumerate() {
        let line_number = index as u64 + 1;
        let line = line?;
        let record: Map<String, Value> =
            serde_json::from_str(&line).map_err(|e| VerifyError::BadRecord {
                line: line_number,
                problem: format!("not a JSON object: {e}"),
            })?;
        if !record.get("type").is_some_and(Value::is_string) {
            return Err(VerifyError::BadRecord {
                line: line_number,
                problem: "no \"type\"".into(),
            });
        }
        each(line_number, &record)?;
        count += 1;
    }
    Ok(count)
}

fn record_ids(zip: &mut zip::ZipArchive<std::fs::File>) -> Result<HashSet<Uuid>, VerifyError> {
    let mut ids = HashSet::new();
    for_each_record(zip, |_, record| {
        if let Some(id) = record.get("id").and_then(as_uuid) {
            ids.insert(id);
        }
        Ok(())
    })?;
    Ok(ids)
}

fn check_references(
    zip: &mut zip::ZipArchive<std::fs::File>,
    ids: &HashSet<Uuid>,
) -> Result<u64, VerifyError> {
    for_each_record(zip, |line, record| {
        for (field, value) in record {
            if !is_reference(field) {
                continue;
            }
            if let Some(id) = as_uuid(value).filter(|id| !ids.contains(id)) {
                return Err(VerifyError::DanglingReference {
                    line,
                    field: field.clone(),
                    id,
                });
            }
        }
        Ok(())
    })
}

/// The lines of `reader` (data.ndjson), each at most [`MAX_RECORD_BYTES`]: a longer one is
/// an error as soon as that much of it is read, so no line is held in memory whole.
pub fn records<R: BufRead>(reader: R) -> impl Iterator<Item = Result<String, VerifyError>> {
    let mut reader = reader;
    let mut number = 0u64;
    let mut failed = false;
    std::iter::from_fn(move || {
        if failed {
            return None;
        }
        let mut line = Vec::new();
        let limit = MAX_RECORD_BYTES as u64 + 1;
        let read = match (&mut reader).take(limit).read_until(b'\n', &mut line) {
            Ok(0) => return None,
            Ok(read) => read,
            Err(e) => {
                failed = true;
                return Some(Err(e.into()));
            }
        };
        number += 1;
        if line.last() == Some(&b'\n') {
            line.pop();
            if line.last() == Some(&b'\r') {
                line.pop();
            }
        } else if read > MAX_RECORD_BYTES {
            failed = true;
            return Some(Err(VerifyError::BadRecord {
                line: number,
                problem: format!("longer than {MAX_RECORD_BYTES} bytes: not a record"),
            }));
        }
        Some(String::from_utf8(line).map_err(|_| {
            failed = true;
            VerifyError::BadRecord {
                line: number,
                problem: "not UTF-8".into(),
            }
        }))
    })
}

/// A uuid string; other values (a provider's own ids, numbers) are not references.
fn as_uuid(value: &Value) -> Option<Uuid> {
    value.as_str().and_then(|s| Uuid::parse_str(s).ok())
}
