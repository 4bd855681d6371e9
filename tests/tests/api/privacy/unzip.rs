//! Reading an export as its recipient would: every file of the zip, the manifest checked
//! against the bytes, and data.ndjson parsed line by line.

use std::collections::BTreeMap;
use std::io::Read;

use kakeibo_privacy::export::{DATA_FILE, MANIFEST_FILE, Manifest};
use serde_json::Value;
use sha2::{Digest, Sha256};

pub struct Unzipped {
    pub manifest: Manifest,
    pub files: BTreeMap<String, Vec<u8>>,
    /// data.ndjson, each line parsed.
    pub records: Vec<Value>,
}

impl Unzipped {
    /// Opens the zip and checks it: each file the manifest lists has its hash, size and
    /// row count, and every line of data.ndjson is a JSON object with a `type`.
    pub fn checked(bytes: &[u8]) -> anyhow::Result<Self> {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))?;
        let mut files = BTreeMap::new();
        for index in 0..zip.len() {
            let mut file = zip.by_index(index)?;
            let mut content = Vec::new();
            file.read_to_end(&mut content)?;
            files.insert(file.name()?.to_string(), content);
        }
        let manifest: Manifest = serde_json::from_slice(&files[MANIFEST_FILE])?;
        let mut listed: Vec<&str> = manifest.files.iter().map(|f| f.name.as_str()).collect();
        listed.push(MANIFEST_FILE);
        listed.sort();
        assert_eq!(listed, files.keys().map(String::as_str).collect::<Vec<_>>());
        for entry in &manifest.files {
            let content = &files[&entry.name];
            assert_eq!(
                format!("{:x}", Sha256::digest(content)),
                entry.sha256,
                "{}",
                entry.name
            );
            assert_eq!(content.len() as u64, entry.bytes, "{}", entry.name);
            let rows = if entry.name.ends_with(".csv") {
                csv::Reader::from_reader(content.as_slice())
                    .records()
                    .count()
            } else {
                String::from_utf8_lossy(content).lines().count()
            };
            assert_eq!(rows as u64, entry.rows, "{}", entry.name);
        }
        let mut records = Vec::new();
        for (number, line) in String::from_utf8(files[DATA_FILE].clone())?
            .lines()
            .enumerate()
        {
            let record: Value = serde_json::from_str(line)
                .map_err(|e| anyhow::anyhow!("line {}: {e}: {line}", number + 1))?;
            assert!(record["type"].is_string(), "line {}: {line}", number + 1);
            records.push(record);
        }
        Ok(Self {
            manifest,
            files,
            records,
        })
    }

    pub fn of(&self, kind: &str) -> Vec<&Value> {
        self.records.iter().filter(|r| r["type"] == kind).collect()
    }

    /// Whether any file holds `needle`.
    pub fn contains(&self, needle: &[u8]) -> bool {
        !needle.is_empty()
            && self
                .files
                .values()
                .any(|content| content.windows(needle.len()).any(|w| w == needle))
    }

    pub fn csv(&self, name: &str) -> anyhow::Result<Vec<BTreeMap<String, String>>> {
        let mut reader = csv::Reader::from_reader(self.files[name].as_slice());
        let headers = reader.headers()?.clone();
        let mut rows = Vec::new();
        for row in reader.records() {
            let row = row?;
            rows.push(
                headers
                    .iter()
                    .zip(row.iter())
                    .map(|(h, v)| (h.to_string(), v.to_string()))
                    .collect(),
            );
        }
        Ok(rows)
    }
}
