//! Errors that stop Kakeibo from starting. Each is one line that names the problem and the
//! fix, because the person reading it is setting Kakeibo up, not debugging it.

use std::io;
use std::net::SocketAddr;

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("{0}")]
    Config(String),
    #[error(
        "cannot reach the database at {target}: {cause} (fix: start it with `deploy/local/pg.sh start`, or set KAKEIBO_DATABASE__URL to a running server)"
    )]
    DatabaseUnreachable { target: String, cause: String },
    #[error(
        "the database at {target} refused the credentials: {cause} (fix: check the user and password in KAKEIBO_DATABASE__URL)"
    )]
    DatabaseAuth { target: String, cause: String },
    #[error(
        "the database at {target} does not exist (fix: create it, or set KAKEIBO_DATABASE__URL to an existing database)"
    )]
    DatabaseMissing { target: String },
    #[error("database error at {target}: {cause}")]
    Database { target: String, cause: String },
    #[error("the database at {target} lacks the PostgreSQL extension {name} (fix: {fix})")]
    MissingExtension {
        target: String,
        name: &'static str,
        fix: &'static str,
    },
    #[error("migration failed: {0}")]
    Migration(#[source] sqlx::migrate::MigrateError),
    #[error(
        "port {port} on {host} is already in use (fix: stop the other process, or set KAKEIBO_SERVER__PORT to a free port)", host = .addr.ip(), port = .addr.port()
    )]
    PortInUse { addr: SocketAddr },
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        #[source]
        source: io::Error,
    },
    #[error("{0}")]
    Other(String),
}

impl StartupError {
    pub fn from_connect(target: &str, err: sqlx::Error) -> Self {
        let target = target.to_string();
        if let sqlx::Error::Database(db) = &err {
            match db.code().as_deref() {
                Some("28P01" | "28000") => {
                    return Self::DatabaseAuth {
                        target,
                        cause: one_line(db.message()),
                    };
                }
                Some("3D000") => return Self::DatabaseMissing { target },
                _ => {}
            }
        }
        match err {
            sqlx::Error::Io(e) => Self::DatabaseUnreachable {
                target,
                cause: one_line(&e.to_string()),
            },
            sqlx::Error::PoolTimedOut => Self::DatabaseUnreachable {
                target,
                cause: "no answer before the connect timeout".into(),
            },
            other => Self::database(&target, other),
        }
    }

    pub fn database(target: &str, err: sqlx::Error) -> Self {
        Self::Database {
            target: target.into(),
            cause: one_line(&err.to_string()),
        }
    }

    pub fn from_bind(addr: SocketAddr, err: io::Error) -> Self {
        if err.kind() == io::ErrorKind::AddrInUse {
            Self::PortInUse { addr }
        } else {
            Self::Bind { addr, source: err }
        }
    }
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
