//! Wakes an idle worker the moment a job is queued for it, instead of at its next heartbeat.
//!
//! apalis' Postgres trigger announces every new job on the `apalis::job::insert` channel
//! (with its `job_type`, our queue name). One listener connection per process hears them all
//! and wakes the worker of that queue; the worker then fetches as usual (`SKIP LOCKED`), so a
//! wake-up that finds nothing, or one that was missed, costs nothing but a fetch. Jobs that run
//! later (retries, `run_at` in the future) are still found by the heartbeat poll.
//!
//! Why: an alert passes three queues (categorize → budget check → delivery); waiting up to a
//! heartbeat (5 s) at each made an alert arrive seconds after the import that caused it.
//!
//! The stream also yields once per heartbeat interval when nothing was queued. apalis looks at
//! its heartbeat timer, and records finished jobs, only when the worker is polled outside a
//! fetch; a timer that fires during a slow fetch is never looked at again, and the worker
//! slept (no heartbeat, its last job left "Running") until the next job was queued.

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use futures::Stream;
use sqlx::PgPool;
use sqlx::postgres::{PgListener, PgPoolOptions};
use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;

const CHANNEL: &str = "apalis::job::insert";
/// After the listener's connection fails, try again this often; heartbeats cover the gap.
const RECONNECT_AFTER: Duration = Duration::from_secs(5);

/// The wake-up signals of every queue, filled in as queues are registered.
#[derive(Default)]
pub struct WakeupHub {
    queues: HashMap<String, Arc<Notify>>,
}

/// A stream that yields once per wake-up of one queue; wake-ups that arrive while nobody
/// waits are kept as one (a single fetch takes every job queued meanwhile).
pub struct Wakeups {
    notify: Arc<Notify>,
    waiting: Option<Pin<Box<dyn Future<Output = ()> + Send + Sync>>>,
    /// The longest the worker goes without being polled.
    tick: Duration,
    ticking: Option<Pin<Box<tokio::time::Sleep>>>,
}

impl Clone for Wakeups {
    fn clone(&self) -> Self {
        Self {
            notify: self.notify.clone(),
            waiting: None,
            tick: self.tick,
            ticking: None,
        }
    }
}

impl Stream for Wakeups {
    type Item = ();

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<()>> {
        let this = self.get_mut();
        let waiting = this.waiting.get_or_insert_with(|| {
            let notify = this.notify.clone();
            Box::pin(async move { notify.notified().await })
        });
        let tick = this.tick;
        let ticking = this
            .ticking
            .get_or_insert_with(|| Box::pin(tokio::time::sleep(tick)));
        let woken = waiting.as_mut().poll(cx).is_ready();
        if woken {
            this.waiting = None;
        }
        if woken || ticking.as_mut().poll(cx).is_ready() {
            ticking.as_mut().reset(tokio::time::Instant::now() + tick);
            return Poll::Ready(Some(()));
        }
        Poll::Pending
    }
}

impl WakeupHub {
    /// The wake-ups of `queue` (registering it on first call), at least one per `tick`.
    pub fn wakeups(&mut self, queue: &str, tick: Duration) -> Wakeups {
        let notify = self.queues.entry(queue.to_string()).or_default().clone();
        Wakeups {
            notify,
            waiting: None,
            tick,
            ticking: None,
        }
    }

    /// Listens until `shutdown`, reconnecting after failures.
    pub async fn listen(self, pool: PgPool, shutdown: CancellationToken) {
        loop {
            let ended = tokio::select! {
                _ = shutdown.cancelled() => return,
                ended = self.listen_once(&pool) => ended,
            };
            if let Err(error) = ended {
                tracing::warn!(%error, "job wake-up listener lost; workers poll on their heartbeat until it is back");
            }
            tokio::select! {
                _ = shutdown.cancelled() => return,
                _ = tokio::time::sleep(RECONNECT_AFTER) => {}
            }
        }
    }

    async fn listen_once(&self, pool: &PgPool) -> Result<(), sqlx::Error> {
        // Its own connection, outside the pool: the listener holds it for good.
        let own = PgPoolOptions::new()
            .max_connections(1)
            .connect_with((*pool.connect_options()).clone())
            .await?;
        let mut listener = PgListener::connect_with(&own).await?;
        listener.listen(CHANNEL).await?;
        // Jobs queued before we listened are found by the workers' first fetch anyway.
        loop {
            let notification = listener.recv().await?;
            // The trigger's payload: {"job_type": <queue>, "id": …, "run_at": …}.
            let Ok(event) = serde_json::from_str::<serde_json::Value>(notification.payload())
            else {
                continue;
            };
            let queue = event["job_type"].as_str().unwrap_or_default();
            if let Some(notify) = self.queues.get(queue) {
                notify.notify_one();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use futures::StreamExt;

    use super::*;

    #[tokio::test]
    async fn wakeups_coalesce_and_reach_only_their_queue() {
        let mut hub = WakeupHub::default();
        let mut budget = hub.wakeups("budget", Duration::from_secs(300));
        let mut email = hub.wakeups("email", Duration::from_secs(300));
        let notify = hub.queues["budget"].clone();
        notify.notify_one();
        notify.notify_one();
        assert_eq!(budget.next().await, Some(()));
        let again = tokio::time::timeout(Duration::from_millis(50), budget.next()).await;
        assert!(again.is_err(), "two signals while idle wake once");
        let other = tokio::time::timeout(Duration::from_millis(50), email.next()).await;
        assert!(other.is_err(), "another queue is not woken");
    }

    #[tokio::test]
    async fn an_idle_queue_is_woken_once_per_tick() {
        let mut hub = WakeupHub::default();
        let mut idle = hub.wakeups("idle", Duration::from_millis(400));
        let before = tokio::time::timeout(Duration::from_millis(250), idle.next()).await;
        assert!(before.is_err(), "no wake-up before the tick");
        let at_tick = tokio::time::timeout(Duration::from_millis(1_000), idle.next()).await;
        assert_eq!(at_tick, Ok(Some(())), "woken at the tick");
        hub.queues["idle"].notify_one();
        assert_eq!(idle.next().await, Some(()), "a queued job wakes at once");
        let next_tick = tokio::time::timeout(Duration::from_millis(250), idle.next()).await;
        assert!(next_tick.is_err(), "a wake-up restarts the tick");
    }
}
