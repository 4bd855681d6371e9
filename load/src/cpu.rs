//! CPU time over a window, from /proc: every postgres process on the machine, the backends
//! serving the benchmark's database, this process (the app and the load generator), the load
//! generator's threads alone, and the whole machine.

use std::collections::HashMap;
use std::fs;

/// Clock ticks per second of /proc's counters (USER_HZ; 100 on Linux).
fn ticks_per_second() -> f64 {
    std::process::Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(100.0)
}

/// utime + stime of a `/proc/.../stat` line, and the command name.
fn stat_ticks(text: &str) -> Option<(String, u64)> {
    let open = text.find('(')?;
    let close = text.rfind(')')?;
    let comm = text[open + 1..close].to_string();
    // After the name: state (field 3), ..., utime (14), stime (15).
    let fields: Vec<&str> = text[close + 2..].split_whitespace().collect();
    let utime: u64 = fields.get(11)?.parse().ok()?;
    let stime: u64 = fields.get(12)?.parse().ok()?;
    Some((comm, utime + stime))
}

fn read_ticks(path: &str) -> Option<(String, u64)> {
    stat_ticks(&fs::read_to_string(path).ok()?)
}

/// One reading of every counter.
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    postgres: HashMap<u32, u64>,
    process: u64,
    load_threads: HashMap<u32, u64>,
    machine_busy: u64,
    machine_total: u64,
}

/// The ticks of each numbered entry of `dir` (`/proc` or a task folder) whose name `keep`s.
fn ticks_in(dir: &str, keep: impl Fn(&str) -> bool) -> HashMap<u32, u64> {
    let mut found = HashMap::new();
    let Ok(entries) = fs::read_dir(dir) else {
        return found;
    };
    for entry in entries.flatten() {
        let Some(id) = entry
            .file_name()
            .to_str()
            .and_then(|n| n.parse::<u32>().ok())
        else {
            continue;
        };
        if let Some((comm, ticks)) = read_ticks(&format!("{dir}/{id}/stat"))
            && keep(&comm)
        {
            found.insert(id, ticks);
        }
    }
    found
}

pub fn snapshot() -> Snapshot {
    let (machine_busy, machine_total) = machine();
    Snapshot {
        postgres: ticks_in("/proc", |comm| comm == "postgres"),
        process: read_ticks("/proc/self/stat").map_or(0, |(_, t)| t),
        load_threads: ticks_in("/proc/self/task", |comm| {
            comm.starts_with(crate::LOAD_THREADS)
        }),
        machine_busy,
        machine_total,
    }
}

/// Busy and total ticks of all CPUs (`cpu` line of /proc/stat; idle and iowait are not busy).
fn machine() -> (u64, u64) {
    let text = fs::read_to_string("/proc/stat").unwrap_or_default();
    let Some(line) = text.lines().find(|l| l.starts_with("cpu ")) else {
        return (0, 0);
    };
    let values: Vec<u64> = line
        .split_whitespace()
        .skip(1)
        .filter_map(|v| v.parse().ok())
        .collect();
    let total: u64 = values.iter().take(8).sum();
    let idle = values.get(3).copied().unwrap_or(0) + values.get(4).copied().unwrap_or(0);
    (total - idle, total)
}

/// CPU used over a window, in cores (CPU seconds per second).
#[derive(Debug, Clone, Copy, Default)]
pub struct Usage {
    pub postgres_all: f64,
    pub postgres_bench: f64,
    pub app: f64,
    pub load_generator: f64,
    pub machine_busy: f64,
    pub machine_cores: f64,
}

fn delta(before: &HashMap<u32, u64>, after: &HashMap<u32, u64>, only: Option<&[u32]>) -> u64 {
    after
        .iter()
        .filter(|(pid, _)| only.is_none_or(|o| o.contains(pid)))
        .map(|(pid, t)| t.saturating_sub(before.get(pid).copied().unwrap_or(0)))
        .sum()
}

/// The usage between two snapshots `seconds` apart; `bench_backends` are the pids of the
/// backends connected to the benchmark's database.
pub fn usage(before: &Snapshot, after: &Snapshot, seconds: f64, bench_backends: &[u32]) -> Usage {
    let hz = ticks_per_second();
    let cores = |ticks: u64| ticks as f64 / hz / seconds;
    let load = delta(&before.load_threads, &after.load_threads, None);
    let process = after.process.saturating_sub(before.process);
    let total = after.machine_total.saturating_sub(before.machine_total);
    let busy = after.machine_busy.saturating_sub(before.machine_busy);
    let machine_cores = std::thread::available_parallelism().map_or(1, |n| n.get()) as f64;
    Usage {
        postgres_all: cores(delta(&before.postgres, &after.postgres, None)),
        postgres_bench: cores(delta(
            &before.postgres,
            &after.postgres,
            Some(bench_backends),
        )),
        app: cores(process.saturating_sub(load)),
        load_generator: cores(load),
        machine_busy: if total == 0 {
            0.0
        } else {
            busy as f64 / total as f64 * machine_cores
        },
        machine_cores,
    }
}

/// The 1-minute load average.
pub fn load_average() -> f64 {
    fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|t| t.split_whitespace().next().and_then(|v| v.parse().ok()))
        .unwrap_or(0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_times_of_a_stat_line_whose_name_has_spaces_and_parens() {
        let line = "4242 (postgres: a (b)) S 1 4242 4242 0 -1 4194560 100 0 0 0 1234 567 0 0 20 0 1 0 100 0 0";
        assert_eq!(
            stat_ticks(line),
            Some(("postgres: a (b)".to_string(), 1234 + 567))
        );
    }

    #[test]
    fn counts_new_processes_from_zero_and_only_the_chosen_ones() {
        let before = HashMap::from([(1, 100), (2, 50)]);
        let after = HashMap::from([(1, 150), (2, 60), (3, 7)]);
        assert_eq!(delta(&before, &after, None), 50 + 10 + 7);
        assert_eq!(delta(&before, &after, Some(&[2, 3])), 10 + 7);
    }
}
