//! The Telegram bot end to end: teloxide's real client against the fake Bot API
//! (`kakeibo_tests::fake_telegram`), the real app and store.

mod fake_api;
