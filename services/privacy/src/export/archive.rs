//! The zip an export is written into: `data.ndjson` first, streamed record by record as
//! the owners hand them over, then the spreadsheets, the README and, last, the manifest
//! with every other file's SHA-256 and row count (computed while writing, never re-read).

use std::fs::File;
use std::io::{self, Write};

use chrono::{DateTime, Datelike, Timelike, Utc};
use kakeibo_core::export::RecordSink;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use zip::ZipWriter;
use zip::write::SimpleFileOptions;

use super::spreadsheets::Spreadsheets;

/// The format's version: an importer refuses a version it does not know.
pub const FORMAT_VERSION: u32 = 1;
pub const FORMAT_NAME: &str = "kakeibo-export";
pub const DATA_FILE: &str = "data.ndjson";
pub const README_FILE: &str = "README.txt";
pub const MANIFEST_FILE: &str = "manifest.json";
const README: &str = include_str!("README.txt");

/// `manifest.json`: what is in the zip, and how to check it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Manifest {
    pub format: String,
    pub format_version: u32,
    pub created_at: DateTime<Utc>,
    pub files: Vec<FileEntry>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct FileEntry {
    pub name: String,
    /// Lowercase hex SHA-256 of the file's bytes (uncompressed).
    pub sha256: String,
    /// Records (data.ndjson), data rows without the header (CSV), or lines (README.txt).
    pub rows: u64,
    pub bytes: u64,
}

/// Counts and hashes what goes through it.
#[derive(Default)]
pub(super) struct Digesting {
    hasher: Sha256,
    pub(super) rows: u64,
    pub(super) bytes: u64,
}

impl Digesting {
    pub(super) fn update(&mut self, bytes: &[u8]) {
        self.hasher.update(bytes);
        self.bytes += bytes.len() as u64;
    }

    pub(super) fn entry(self, name: &str) -> FileEntry {
        FileEntry {
            name: name.to_string(),
            sha256: format!("{:x}", self.hasher.finalize()),
            rows: self.rows,
            bytes: self.bytes,
        }
    }
}

/// The zip being written; a [`RecordSink`] for the owners' `export_user`.
pub struct Archive {
    zip: ZipWriter<io::BufWriter<File>>,
    options: SimpleFileOptions,
    data: Digesting,
    spreadsheets: Spreadsheets,
    created_at: DateTime<Utc>,
}

impl Archive {
    /// Starts the zip in `file`, with `data.ndjson` open for records. `scratch` is a folder
    /// for the spreadsheets while the records stream (they follow the records in the zip).
    pub fn create(
        file: File,
        scratch: &std::path::Path,
        created_at: DateTime<Utc>,
    ) -> io::Result<Self> {
        let modified = zip::DateTime::from_date_and_time(
            u16::try_from(created_at.year()).unwrap_or(1980),
            created_at.month() as u8,
            created_at.day() as u8,
            created_at.hour() as u8,
            created_at.minute() as u8,
            created_at.second() as u8,
        )
        .unwrap_or_default();
        let options = SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .last_modified_time(modified)
            .unix_permissions(0o600)
            // A user with millions of transactions may pass 4 GiB.
            .large_file(true);
        let mut zip = ZipWriter::new(io::BufWriter::new(file));
        zip.start_file(DATA_FILE, options)
            .map_err(io::Error::other)?;
        Ok(Self {
            zip,
            options,
            data: Digesting::default(),
            spreadsheets: Spreadsheets::create(scratch)?,
            created_at,
        })
    }

    /// Closes `data.ndjson`, adds the spreadsheets, the README and the manifest; answers
    /// the manifest.
    pub fn finish(self) -> io::Result<Manifest> {
        let Self {
            mut zip,
            options,
            data,
            spreadsheets,
            created_at,
        } = self;
        let mut files = vec![data.entry(DATA_FILE)];
        for (name, mut sheet) in spreadsheets.finish()? {
            zip.start_file(name, options).map_err(io::Error::other)?;
            let mut digest = Digesting {
                rows: sheet.rows,
                ..Digesting::default()
            };
            let mut buffer = vec![0; 64 * 1024];
            loop {
                let read = io::Read::read(&mut sheet.file, &mut buffer)?;
                if read == 0 {
                    break;
                }
                digest.update(&buffer[..read]);
                zip.write_all(&buffer[..read])?;
            }
            files.push(digest.entry(name));
        }
        let mut readme = Digesting {
            rows: README.lines().count() as u64,
            ..Digesting::default()
        };
        readme.update(README.as_bytes());
        write_whole(&mut zip, options, README_FILE, README.as_bytes())?;
        files.push(readme.entry(README_FILE));
        let manifest = Manifest {
            format: FORMAT_NAME.into(),
            format_version: FORMAT_VERSION,
            created_at,
            files,
        };
        let json = serde_json::to_vec_pretty(&manifest).map_err(io::Error::other)?;
        write_whole(&mut zip, options, MANIFEST_FILE, &json)?;
        let mut out = zip.finish().map_err(io::Error::other)?;
        out.flush()?;
        out.get_ref().sync_all()?;
        Ok(manifest)
    }
}

fn write_whole(
    zip: &mut ZipWriter<io::BufWriter<File>>,
    options: SimpleFileOptions,
    name: &str,
    bytes: &[u8],
) -> io::Result<()> {
    zip.start_file(name, options).map_err(io::Error::other)?;
    zip.write_all(bytes)
}

impl RecordSink for Archive {
    fn record(&mut self, kind: &str, object: &str) -> io::Result<()> {
        // `{"type":"<kind>",` + the object's members: the type leads every line.
        let members = object
            .strip_prefix('{')
            .ok_or_else(|| io::Error::other(format!("a {kind} row is not a JSON object")))?;
        let separator = if members.trim_start().starts_with('}') {
            ""
        } else {
            ","
        };
        let kind_json = serde_json::to_string(kind).map_err(io::Error::other)?;
        for part in ["{\"type\":", kind_json.as_str(), separator, members, "\n"] {
            self.zip.write_all(part.as_bytes())?;
            self.data.update(part.as_bytes());
        }
        self.data.rows += 1;
        self.spreadsheets.record(kind, object)
    }
}
