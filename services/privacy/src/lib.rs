//! kakeibo-privacy — GDPR: account erasure and its proof, data export (a zip of JSON and
//! CSV, next), and retention.
//!
//! Erasure only orchestrates: each owning crate erases its own tables (`erase_user`).

pub mod erase;
pub mod jobs;
pub mod retention;
pub mod scan;
