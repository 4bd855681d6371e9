//! The OpenAI-compatible client and the LLM categorization step, against a local server that
//! answers as OpenAI's API does (`kakeibo_tests::fake_openai`), with a real Postgres for the
//! response cache. Counters are per process: run with nextest (a process per test).
//!
//! A test binary of its own: these tests need no app (except the one reading `/metrics`),
//! and the binary builds in seconds, not minutes.

mod cache;
mod categorize;
mod chat;
mod embeddings;
mod failures;
mod helpers;
