//! The fake Bot API answers teloxide's real client as Telegram does: results it parses,
//! and the documented errors as teloxide's own error variants.

use std::time::Duration;

use kakeibo_tests::fake_telegram::{self, FakeTelegram, Outage, Person};
use teloxide::ApiError;
use teloxide::RequestError;
use teloxide::prelude::*;
use teloxide::types::{InlineKeyboardButton, InlineKeyboardMarkup, ParseMode};

fn bot(fake: &FakeTelegram, token: &str) -> Bot {
    Bot::new(token).set_api_url(fake.api_url().parse().unwrap())
}

#[tokio::test]
async fn teloxide_reads_the_fakes_answers_and_errors() {
    let fake = FakeTelegram::start().await;
    let bot = bot(&fake, fake_telegram::TOKEN);
    let me = bot.get_me().await.unwrap();
    assert_eq!(me.username(), fake_telegram::BOT_USERNAME);

    let wrong = bot_with_wrong_token(&fake);
    let err = wrong.get_me().await.unwrap_err();
    assert!(
        matches!(err, RequestError::Api(ApiError::InvalidToken)),
        "{err:?}"
    );

    let ann = Person::new(1001, "Ann");
    let keyboard =
        InlineKeyboardMarkup::new([[InlineKeyboardButton::callback("Looks fine", "x1")]]);
    let sent = bot
        .send_message(ChatId(ann.chat_id), "<b>Rewe</b> &amp; co")
        .parse_mode(ParseMode::Html)
        .reply_markup(keyboard)
        .await
        .unwrap();
    assert_eq!(sent.text(), Some("Rewe & co"));
    let chat = fake.chat(ann.chat_id);
    assert_eq!(chat.len(), 1);
    assert_eq!(chat[0].button("Looks fine").as_deref(), Some("x1"));
    assert_eq!(chat[0].plain(), "Rewe & co");

    // Bad HTML and an over-long text are refused with Telegram's descriptions.
    tokio::time::sleep(Duration::from_millis(1000)).await;
    let err = bot
        .send_message(ChatId(ann.chat_id), "Fish & <chips>")
        .parse_mode(ParseMode::Html)
        .await
        .unwrap_err();
    assert!(format!("{err}").contains("can't parse entities"), "{err}");
    let err = bot
        .send_message(ChatId(ann.chat_id), "x".repeat(4097))
        .await
        .unwrap_err();
    assert!(
        matches!(err, RequestError::Api(ApiError::MessageIsTooLong)),
        "{err:?}"
    );

    // A queued 429 comes back as teloxide's RetryAfter with the seconds Telegram gave.
    fake.rate_limit_next(3);
    let err = bot
        .send_message(ChatId(ann.chat_id), "hi")
        .await
        .unwrap_err();
    assert!(
        matches!(err, RequestError::RetryAfter(s) if s.seconds() == 3),
        "{err:?}"
    );

    // Two messages to one chat within a second: the second is refused and recorded as such.
    bot.send_message(ChatId(ann.chat_id), "one").await.unwrap();
    let err = bot
        .send_message(ChatId(ann.chat_id), "two")
        .await
        .unwrap_err();
    assert!(matches!(err, RequestError::RetryAfter(_)), "{err:?}");
    assert!(fake.min_interval_per_chat().unwrap() >= Duration::from_millis(900));

    fake.block(2002);
    let err = bot.send_message(ChatId(2002), "hi").await.unwrap_err();
    assert!(
        matches!(err, RequestError::Api(ApiError::BotBlocked)),
        "{err:?}"
    );

    fake.set_outage(Some(Outage::BadGateway));
    let err = bot.get_me().await.unwrap_err();
    assert!(matches!(err, RequestError::InvalidJson { .. }), "{err:?}");
}

#[tokio::test]
async fn get_updates_long_polls_and_confirms_by_offset() {
    let fake = FakeTelegram::start().await;
    let bot = bot(&fake, fake_telegram::TOKEN);
    let ann = Person::new(1001, "Ann");
    let empty = bot.get_updates().timeout(0).await.unwrap();
    assert!(empty.is_empty());

    let waiting = tokio::spawn({
        let bot = bot.clone();
        async move { bot.get_updates().timeout(10).await.unwrap() }
    });
    tokio::time::sleep(Duration::from_millis(100)).await;
    fake.say(&ann, "/start abc");
    let updates = waiting.await.unwrap();
    assert_eq!(updates.len(), 1);
    let message = match &updates[0].kind {
        teloxide::types::UpdateKind::Message(m) => m.clone(),
        other => panic!("{other:?}"),
    };
    assert_eq!(message.text(), Some("/start abc"));
    assert_eq!(message.chat.id, ChatId(ann.chat_id));

    // The next poll with a higher offset confirms it: it is not answered again.
    let next = updates[0].id.0 as i32 + 1;
    assert!(
        bot.get_updates()
            .offset(next)
            .timeout(0)
            .await
            .unwrap()
            .is_empty()
    );
    let sent = bot.send_message(ChatId(ann.chat_id), "hi").await.unwrap();
    fake.press(&ann, sent.id.0 as i64, "cb1");
    let updates = bot.get_updates().offset(next).await.unwrap();
    match &updates[0].kind {
        teloxide::types::UpdateKind::CallbackQuery(q) => assert_eq!(q.data.as_deref(), Some("cb1")),
        other => panic!("{other:?}"),
    }
}

fn bot_with_wrong_token(fake: &FakeTelegram) -> Bot {
    bot(fake, "999:wrong")
}
