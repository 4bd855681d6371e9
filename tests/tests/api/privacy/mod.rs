//! GDPR erasure (issue 23): a user with every kind of data is erased beside another user
//! with the same kinds; the scan of every column of every table (and the outbox) then
//! finds nothing of the first, and the second's rows are all still there.

mod delete_account;
mod erasure;
mod world;
