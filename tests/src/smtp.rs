//! A real SMTP server for e-mail tests: aiosmtpd (Python), which `deploy/local/test.sh`
//! unpacks into `.data/tools/python`. Received messages land in a Maildir. Recipients
//! `nobody@…` get 550 (no such user) and `busy@…` 451 (try later): see
//! `tests/support/kakeibo_smtp.py`.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

use crate::workspace_root;

pub struct SmtpServer {
    pub port: u16,
    maildir: PathBuf,
    child: Child,
}

impl SmtpServer {
    pub fn start() -> Result<Self> {
        let tools = workspace_root().join(".data/tools/python");
        if !tools.join("aiosmtpd").exists() {
            bail!(
                "aiosmtpd is missing in {} (fix: run bash deploy/local/test.sh once)",
                tools.display()
            );
        }
        let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
        // Our handler (tests/support/kakeibo_smtp.py) answers 550 for `nobody@` and 451 for
        // `busy@`, and stores everything else as aiosmtpd's Mailbox handler does.
        let python_path =
            std::env::join_paths([tools.clone(), workspace_root().join("tests/support")])?;
        let maildir =
            std::env::temp_dir().join(format!("kakeibo-smtp-{}", uuid::Uuid::new_v4().simple()));
        let child = Command::new("python3")
            .args([
                "-m",
                "aiosmtpd",
                "-n",
                "-l",
                &format!("127.0.0.1:{port}"),
                "-c",
                "kakeibo_smtp.Handler",
            ])
            .arg(&maildir) // must not exist yet: Maildir creates tmp/new/cur itself
            .env("PYTHONPATH", python_path)
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .context("starting aiosmtpd")?;
        let mut server = Self {
            port,
            maildir,
            child,
        };
        server.wait_until_listening()?;
        Ok(server)
    }

    /// The server binds a moment after the process starts; connect until it answers.
    fn wait_until_listening(&mut self) -> Result<()> {
        let deadline = Instant::now() + Duration::from_secs(15);
        while std::net::TcpStream::connect(("127.0.0.1", self.port)).is_err() {
            if let Some(status) = self.child.try_wait()? {
                bail!("aiosmtpd exited early: {status}");
            }
            if Instant::now() > deadline {
                bail!("aiosmtpd did not listen on port {} within 15 s", self.port);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        Ok(())
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// How many messages the server has stored (without reading them).
    pub fn received_count(&self) -> usize {
        std::fs::read_dir(self.maildir.join("new")).map_or(0, |d| d.count())
    }

    /// Raw messages the server accepted, in any order.
    pub fn received(&self) -> Result<Vec<String>> {
        let new = self.maildir.join("new");
        let Ok(entries) = std::fs::read_dir(&new) else {
            return Ok(Vec::new());
        };
        entries
            .filter_map(|e| e.ok())
            .map(|e| std::fs::read_to_string(e.path()).map_err(Into::into))
            .collect()
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.maildir);
    }
}
