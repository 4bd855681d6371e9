//! End-to-end tests: the real app, the real store, the real job workers.

mod analytics;
mod ask;
mod auth;
mod budgets;
mod chunk_boundary;
mod clock;
mod connections;
mod cross_user;
mod dashboard;
mod demo;
mod demo_categories;
mod email;
mod health;
mod hostile_uploads;
mod imports_files;
mod imports_history;
mod imports_http;
mod jobs;
mod notifications;
mod openapi;
mod patterns;
mod privacy;
mod telegram;
mod transactions;
mod transfers;
mod weekly_summary;
