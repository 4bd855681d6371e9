//! kakeibo-bot — the Telegram bot: the teloxide dispatcher, commands, account linking,
//! alerts with inline buttons, and natural-language questions answered by the analytics ask engine.
