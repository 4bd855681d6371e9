//! Figures of one step from goose's metrics (p50/p95/p99 per route, errors, throughput),
//! and the knee over the steps.

use std::collections::BTreeMap;

use goose::metrics::GooseMetrics;

use crate::mix::{IMPORT, SETUP_MARK};

/// Response times (µs, goose's buckets: within 1.6 %) with their counts.
#[derive(Debug, Clone, Default)]
pub struct Histogram(BTreeMap<u64, u64>);

impl Histogram {
    pub fn add(&mut self, micros: u64, count: u64) {
        *self.0.entry(micros).or_default() += count;
    }

    pub fn merge(&mut self, other: &Histogram) {
        for (&t, &n) in &other.0 {
            self.add(t, n);
        }
    }

    pub fn count(&self) -> u64 {
        self.0.values().sum()
    }

    /// The smallest time that at least `q` of the requests took no longer than, in ms.
    pub fn quantile_ms(&self, q: f64) -> f64 {
        let total = self.count();
        if total == 0 {
            return 0.0;
        }
        let rank = ((total as f64 * q).ceil() as u64).max(1);
        let mut seen = 0;
        for (&t, &n) in &self.0 {
            seen += n;
            if seen >= rank {
                return t as f64 / 1000.0;
            }
        }
        self.max_ms()
    }

    pub fn max_ms(&self) -> f64 {
        self.0
            .keys()
            .next_back()
            .map_or(0.0, |&t| t as f64 / 1000.0)
    }
}

#[derive(Debug, Clone)]
pub struct Route {
    pub name: String,
    pub times: Histogram,
    pub errors: u64,
    /// Status codes other than 2xx, with their counts ("0" for no answer).
    pub failures: BTreeMap<u16, u64>,
}

impl Route {
    pub fn is_read(&self) -> bool {
        self.name != IMPORT && !self.is_setup()
    }

    pub fn is_setup(&self) -> bool {
        self.name.contains(SETUP_MARK)
    }
}

#[derive(Debug, Clone)]
pub struct Step {
    pub users: usize,
    pub seconds: f64,
    pub routes: Vec<Route>,
    pub cpu: crate::cpu::Usage,
    pub load_average: f64,
}

impl Step {
    pub fn from_metrics(users: usize, metrics: &GooseMetrics) -> Self {
        let mut routes: Vec<Route> = metrics
            .requests
            .iter()
            .map(|(key, aggregate)| {
                let mut times = Histogram::default();
                for (&micros, &count) in aggregate.raw_data.times_us.iter() {
                    times.add(micros, count as u64);
                }
                Route {
                    name: key.clone(),
                    times,
                    errors: aggregate.fail_count as u64,
                    failures: aggregate
                        .status_code_counts
                        .iter()
                        .filter(|(code, _)| !(200..300).contains(*code))
                        .map(|(&code, &n)| (code, n as u64))
                        .collect(),
                }
            })
            .collect();
        routes.sort_by(|a, b| (a.is_setup(), &a.name).cmp(&(b.is_setup(), &b.name)));
        Self {
            users,
            seconds: metrics.duration as f64,
            routes,
            cpu: Default::default(),
            load_average: 0.0,
        }
    }

    /// Every read of the mix together (setup requests left out).
    pub fn reads(&self) -> Histogram {
        let mut all = Histogram::default();
        for route in self.routes.iter().filter(|r| r.is_read()) {
            all.merge(&route.times);
        }
        all
    }

    fn measured(&self) -> impl Iterator<Item = &Route> {
        self.routes.iter().filter(|r| !r.is_setup())
    }

    pub fn requests(&self) -> u64 {
        self.measured().map(|r| r.times.count()).sum()
    }

    pub fn errors(&self) -> u64 {
        self.measured().map(|r| r.errors).sum()
    }

    pub fn print(&self) {
        let requests = self.requests();
        println!(
            "\n== {} users: {:.0} s, {} requests ({:.1}/s), {} errors; reads p50 {:.1} ms, p95 {:.1} ms, p99 {:.1} ms",
            self.users,
            self.seconds,
            requests,
            requests as f64 / self.seconds.max(1.0),
            self.errors(),
            self.reads().quantile_ms(0.50),
            self.reads().quantile_ms(0.95),
            self.reads().quantile_ms(0.99),
        );
        println!(
            "   {:<34} {:>7} {:>6} {:>8} {:>8} {:>8} {:>8}",
            "route", "n", "errors", "p50 ms", "p95 ms", "p99 ms", "max ms"
        );
        for r in &self.routes {
            println!(
                "   {:<34} {:>7} {:>6} {:>8.1} {:>8.1} {:>8.1} {:>8.1}{}",
                r.name,
                r.times.count(),
                r.errors,
                r.times.quantile_ms(0.50),
                r.times.quantile_ms(0.95),
                r.times.quantile_ms(0.99),
                r.times.max_ms(),
                if r.failures.is_empty() {
                    String::new()
                } else {
                    format!("  statuses {:?}", r.failures)
                }
            );
        }
        let c = &self.cpu;
        println!(
            "   CPU in cores (of {:.0}): postgres {:.2} (the bench database's backends {:.2}), app {:.2}, load generator {:.2}; machine busy {:.2}, load average {:.1}",
            c.machine_cores,
            c.postgres_all,
            c.postgres_bench,
            c.app,
            c.load_generator,
            c.machine_busy,
            self.load_average
        );
    }
}

/// The first step whose reads' p95 is at least twice the lowest step's (the steps in the
/// order run, fewest users first).
pub fn knee(steps: &[(usize, f64)]) -> Option<usize> {
    let (_, base) = *steps.first()?;
    steps
        .iter()
        .skip(1)
        .find(|(_, p95)| *p95 >= 2.0 * base)
        .map(|(users, _)| *users)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_take_the_smallest_time_covering_the_share() {
        let mut h = Histogram::default();
        for ms in 1..=100 {
            h.add(ms * 1000, 1);
        }
        assert_eq!(h.quantile_ms(0.50), 50.0);
        assert_eq!(h.quantile_ms(0.95), 95.0);
        assert_eq!(h.quantile_ms(0.99), 99.0);
        assert_eq!(h.max_ms(), 100.0);
        assert_eq!(Histogram::default().quantile_ms(0.95), 0.0);
    }

    #[test]
    fn the_knee_is_where_p95_doubles_from_the_lowest_step() {
        assert_eq!(
            knee(&[(25, 10.0), (50, 12.0), (100, 19.9), (200, 20.0)]),
            Some(200)
        );
        assert_eq!(knee(&[(25, 10.0), (50, 12.0)]), None);
        assert_eq!(knee(&[]), None);
    }
}
