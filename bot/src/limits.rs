//! Telegram's limits on what a bot sends: about one message a second per chat and 30 a
//! second overall. Each send reserves a time slot that keeps both, then waits for it.
//! Per process: the bot role and the workers each keep their own (docs/decisions.md).

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

pub const PER_CHAT_INTERVAL: Duration = Duration::from_secs(1);
/// Telegram's overall limit.
pub const GLOBAL_PER_SECOND: usize = 30;
/// What slots are planned at: sends start on their slots, but arrive at Telegram with the
/// network's and the machine's jitter, and 30 planned slots once arrived as 33 in a second
/// (bench-notify, 10,000 alerts on a loaded machine). The margin absorbs that.
pub const PLANNED_PER_SECOND: usize = 25;
const SECOND: Duration = Duration::from_secs(1);
/// Slots are this far apart at the least when the planned rate is near.
const GLOBAL_STEP: Duration = Duration::from_millis(1000 / PLANNED_PER_SECOND as u64 + 1);

#[derive(Debug, Default)]
pub struct Limiter {
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    /// When each chat may get its next message.
    next_for_chat: HashMap<i64, Instant>,
    /// The slots given out, in no particular order, pruned as they age.
    slots: VecDeque<Instant>,
}

impl Limiter {
    pub fn new() -> Self {
        Self::default()
    }

    /// Waits until a message to `chat_id` keeps both limits; the slot is then taken.
    pub async fn wait_turn(&self, chat_id: i64) {
        let slot = self.reserve(chat_id, Instant::now());
        tokio::time::sleep_until(slot).await;
    }

    /// As [`Limiter::wait_turn`] when the turn comes within `max_wait`; otherwise nothing is
    /// taken and the answer is how long the caller would have waited (a deliverer with a
    /// lease on its rows reschedules rather than holding a send for minutes).
    pub async fn wait_turn_within(&self, chat_id: i64, max_wait: Duration) -> Result<(), Duration> {
        let now = Instant::now();
        let slot = {
            let mut state = self.state.lock().expect("limiter state");
            let slot = Self::free_slot(&mut state, chat_id, now);
            let wait = slot.saturating_duration_since(now);
            if wait > max_wait {
                return Err(wait);
            }
            Self::take(&mut state, chat_id, slot);
            slot
        };
        tokio::time::sleep_until(slot).await;
        Ok(())
    }

    /// Telegram asked this chat's sender to wait: nothing goes to it before `after`.
    pub fn hold_chat(&self, chat_id: i64, after: Duration) {
        let mut state = self.state.lock().expect("limiter state");
        let until = Instant::now() + after;
        let next = state.next_for_chat.entry(chat_id).or_insert(until);
        *next = (*next).max(until);
    }

    fn reserve(&self, chat_id: i64, now: Instant) -> Instant {
        let mut state = self.state.lock().expect("limiter state");
        let slot = Self::free_slot(&mut state, chat_id, now);
        Self::take(&mut state, chat_id, slot);
        slot
    }

    fn take(state: &mut State, chat_id: i64, slot: Instant) {
        state.slots.push_back(slot);
        state
            .next_for_chat
            .insert(chat_id, slot + PER_CHAT_INTERVAL);
    }

    /// The first time from `now` a message to `chat_id` keeps both limits.
    fn free_slot(state: &mut State, chat_id: i64, now: Instant) -> Instant {
        while state
            .slots
            .front()
            .is_some_and(|s| now.saturating_duration_since(*s) > SECOND)
        {
            state.slots.pop_front();
        }
        let mut slot = state
            .next_for_chat
            .get(&chat_id)
            .copied()
            .unwrap_or(now)
            .max(now);
        // Any one-second window holding `slot` holds only slots within a second of it; fewer
        // than the planned rate of those keeps every window at that rate or under.
        while state
            .slots
            .iter()
            .filter(|s| (**s).max(slot).duration_since((**s).min(slot)) < SECOND)
            .count()
            >= PLANNED_PER_SECOND
        {
            slot += GLOBAL_STEP;
        }
        slot
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_far_slot_is_refused_and_not_taken() {
        let limiter = Limiter::new();
        let now = Instant::now();
        limiter.reserve(7, now);
        limiter.reserve(7, now);
        let wait = limiter
            .wait_turn_within(7, Duration::from_millis(500))
            .await
            .unwrap_err();
        assert!(wait > Duration::from_millis(1900), "{wait:?}");
        // Nothing was taken: another chat goes at once, this one still at the same time.
        limiter
            .wait_turn_within(8, Duration::from_millis(500))
            .await
            .unwrap();
        let again = limiter
            .wait_turn_within(7, Duration::from_millis(500))
            .await
            .unwrap_err();
        assert!(again <= wait, "{again:?} after {wait:?}");
    }

    #[test]
    fn slots_keep_both_limits() {
        let limiter = Limiter::new();
        let start = Instant::now();
        let mut slots: Vec<(Instant, i64)> = Vec::new();
        for round in 0..3 {
            for chat in 0..50 {
                let _ = round;
                slots.push((limiter.reserve(chat, start), chat));
            }
        }
        slots.sort();
        for (i, (at, _)) in slots.iter().enumerate() {
            let in_window = slots[i..]
                .iter()
                .take_while(|(s, _)| s.duration_since(*at) < SECOND)
                .count();
            assert!(in_window <= PLANNED_PER_SECOND, "{in_window} in one second");
        }
        for chat in 0..50 {
            let mine: Vec<Instant> = slots
                .iter()
                .filter(|(_, c)| *c == chat)
                .map(|(s, _)| *s)
                .collect();
            assert!(
                mine.windows(2)
                    .all(|w| w[1].duration_since(w[0]) >= PER_CHAT_INTERVAL)
            );
        }
    }
}
