//! The export's two halves on two threads: the cursor, on the async runtime, and the zip
//! writer (deflate, SHA-256, parsing rows for the spreadsheets), on a blocking thread.
//! Records cross in batches through a bounded channel, so Postgres renders the next rows
//! while the writer compresses these; the channel's bound keeps memory flat.

use std::io;

use futures::future::BoxFuture;
use kakeibo_core::export::RecordSink;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use super::archive::{Archive, Manifest};

/// Records per batch: a channel send per row would cost more than the row.
const BATCH: usize = 512;
/// Batches written or waiting at once: about 2 MB of rows at most.
const BATCHES_IN_FLIGHT: usize = 4;

type Batch = Vec<(String, String)>;

/// The cursor's end: a [`RecordSink`] whose `ready` waits while the writer is behind.
pub(super) struct Pipe {
    batch: Batch,
    sender: mpsc::Sender<Batch>,
}

/// Starts the writer thread on `archive`. It finishes the archive when the [`Pipe`] is
/// closed or dropped, and answers the manifest (or the first write error).
pub(super) fn start(mut archive: Archive) -> (Pipe, JoinHandle<io::Result<Manifest>>) {
    let (sender, mut receiver) = mpsc::channel::<Batch>(BATCHES_IN_FLIGHT);
    let writer = tokio::task::spawn_blocking(move || {
        while let Some(batch) = receiver.blocking_recv() {
            for (kind, object) in batch {
                archive.record(&kind, &object)?;
            }
        }
        archive.finish()
    });
    let pipe = Pipe {
        batch: Vec::with_capacity(BATCH),
        sender,
    };
    (pipe, writer)
}

impl Pipe {
    async fn send_batch(&mut self) -> io::Result<()> {
        let full = std::mem::replace(&mut self.batch, Vec::with_capacity(BATCH));
        self.sender
            .send(full)
            .await
            .map_err(|_| io::Error::other("the export's writer stopped"))
    }

    /// Hands over the last records; the writer then finishes the zip.
    pub(super) async fn close(mut self) -> io::Result<()> {
        if !self.batch.is_empty() {
            self.send_batch().await?;
        }
        Ok(())
    }
}

impl RecordSink for Pipe {
    fn record(&mut self, kind: &str, object: &str) -> io::Result<()> {
        self.batch.push((kind.to_string(), object.to_string()));
        Ok(())
    }

    fn ready(&mut self) -> BoxFuture<'_, io::Result<()>> {
        Box::pin(async move {
            if self.batch.len() >= BATCH {
                self.send_batch().await?;
            }
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    /// A pipe into a new zip in a folder of its own (removed by the test).
    fn started() -> (std::path::PathBuf, Pipe, JoinHandle<io::Result<Manifest>>) {
        let folder = std::env::temp_dir().join(format!("kakeibo-pipe-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&folder).unwrap();
        let file = std::fs::File::create(folder.join("export.zip")).unwrap();
        let created = Utc.with_ymd_and_hms(2026, 12, 7, 8, 0, 0).unwrap();
        let (pipe, writer) = start(Archive::create(file, &folder, created).unwrap());
        (folder, pipe, writer)
    }

    async fn send(pipe: &mut Pipe, records: usize) -> io::Result<()> {
        for n in 0..records {
            pipe.ready().await?;
            pipe.record("note", &format!(r#"{{"n":{n},"text":"row {n}"}}"#))?;
        }
        Ok(())
    }

    #[tokio::test]
    async fn every_record_reaches_the_zip_across_batches() {
        let (folder, mut pipe, writer) = started();
        // Not a multiple of the batch: the last, partial batch goes on close.
        send(&mut pipe, BATCH * BATCHES_IN_FLIGHT * 3 + 7)
            .await
            .unwrap();
        pipe.close().await.unwrap();
        let manifest = writer.await.unwrap().unwrap();
        assert_eq!(
            manifest.files[0].rows,
            (BATCH * BATCHES_IN_FLIGHT * 3 + 7) as u64
        );
        std::fs::remove_dir_all(folder).unwrap();
    }

    #[tokio::test]
    async fn a_writer_that_fails_stops_the_cursor_and_says_why() {
        let (folder, mut pipe, writer) = started();
        // A row the writer refuses: it stops, as it would on a full disk.
        pipe.record("note", "[1, 2]").unwrap();
        let sent = send(&mut pipe, BATCH * (BATCHES_IN_FLIGHT + 4)).await;
        let error = sent.expect_err("the cursor went on after its writer failed");
        assert!(error.to_string().contains("writer stopped"), "{error}");
        drop(pipe);
        // The writer's own error, which write_zip reports rather than the pipe's.
        let cause = writer
            .await
            .unwrap()
            .expect_err("a failed write reported as done");
        assert!(cause.to_string().contains("not a JSON object"), "{cause}");
        std::fs::remove_dir_all(folder).unwrap();
    }
}
