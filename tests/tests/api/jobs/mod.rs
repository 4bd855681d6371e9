//! Background jobs end to end: the retention sweep, follow-up jobs coalesced per user and
//! queue, and the daily insights refresh.

mod coalescing;
mod insights_refresh;
mod retention;
mod slow_fetch;
mod wakeup;
