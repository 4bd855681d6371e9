//! kakeibo-auth — Accounts and authentication: users, argon2id passwords, JWT access tokens and rotating refresh tokens, TOTP 2FA and recovery codes, personal API tokens, email verification, password reset, and the security audit log.
//!
//! This crate owns its tables: other services call its functions, never its SQL.
