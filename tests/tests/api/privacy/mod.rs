//! GDPR (issue 23). Erasure: a user with every kind of data is erased beside another user
//! with the same kinds; the scan of every column of every table (and the outbox) then
//! finds nothing of the first, and the second's rows are all still there. Export: the same
//! user's zip holds every row they own and nothing of the other, never a secret.

mod delete_account;
mod erasure;
mod export_api;
mod export_tampered;
mod export_zip;
mod import_api;
mod round_trip;
mod unzip;
mod world;
