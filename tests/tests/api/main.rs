//! End-to-end tests: the real app, the real store, the real job workers.

mod health;
mod jobs;
mod store;
