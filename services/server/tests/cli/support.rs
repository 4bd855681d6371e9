//! Running the binary, and a throwaway Postgres cluster for failure cases the shared
//! cluster cannot show.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Command, Output};

pub fn kakeibo() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_kakeibo"));
    // Only what the test sets: no developer config, no inherited KAKEIBO_* or RUST_LOG.
    for (key, _) in std::env::vars() {
        if key.starts_with("KAKEIBO_") || key == "RUST_LOG" {
            cmd.env_remove(key);
        }
    }
    cmd.current_dir(std::env::temp_dir());
    cmd
}

/// A port nothing listens on now: bound, noted, freed.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

pub fn run_to_end(cmd: &mut Command) -> Output {
    cmd.output().expect("the kakeibo binary runs")
}

/// A private cluster in a temp dir, stopped and removed on drop.
pub struct TempCluster {
    dir: PathBuf,
    port: u16,
    bindir: PathBuf,
}

fn as_postgres_user(program: &std::path::Path) -> Command {
    // initdb and postgres refuse to run as root; CI runs as root.
    if is_root() {
        let mut cmd = Command::new("runuser");
        cmd.args(["-u", "postgres", "--"]).arg(program);
        cmd
    } else {
        Command::new(program)
    }
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

impl TempCluster {
    pub fn start_without_timescaledb() -> Self {
        let bindir = Command::new("pg_config")
            .arg("--bindir")
            .output()
            .expect("pg_config");
        let bindir = PathBuf::from(String::from_utf8_lossy(&bindir.stdout).trim());
        let dir =
            std::env::temp_dir().join(format!("kakeibo-pg-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&dir).unwrap();
        if is_root() {
            assert!(
                Command::new("chown")
                    .args(["postgres:postgres"])
                    .arg(&dir)
                    .status()
                    .unwrap()
                    .success()
            );
        }
        let port = free_port();
        let initdb = as_postgres_user(&bindir.join("initdb"))
            .args(["-A", "trust", "-U", "postgres", "-D"])
            .arg(dir.join("data"))
            .output()
            .unwrap();
        assert!(initdb.status.success(), "initdb: {initdb:?}");
        let start = as_postgres_user(&bindir.join("pg_ctl"))
            .arg("-D")
            .arg(dir.join("data"))
            .arg("-o")
            .arg(format!(
                "-p {port} -k {} -c listen_addresses=127.0.0.1",
                dir.display()
            ))
            .args(["-l"])
            .arg(dir.join("log"))
            .args(["-w", "start"])
            .output()
            .unwrap();
        assert!(start.status.success(), "pg_ctl start: {start:?}");
        Self { dir, port, bindir }
    }

    pub fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }
}

impl Drop for TempCluster {
    fn drop(&mut self) {
        let _ = as_postgres_user(&self.bindir.join("pg_ctl"))
            .arg("-D")
            .arg(self.dir.join("data"))
            .args(["-m", "immediate", "-w", "stop"])
            .output();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
