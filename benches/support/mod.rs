//! What several benches share: a figure of this process's memory, and how
//! big a run is (`-- --test`: once, on small data). Each bench uses some.
#![allow(dead_code)]

/// A `/proc/self/status` figure in kB (`VmRSS:`, `VmHWM:`), 0 if unknown.
pub fn vm(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        .unwrap_or(0)
}

/// Whether the bench runs once on small data (`-- --test`, as `.ci/run`).
pub fn quick() -> bool {
    std::env::args().any(|a| a == "--test")
}

/// How many items the bench builds: the variable `var` if it holds a
/// number, else `small` under `--test`, else `full`.
pub fn size(var: &str, small: usize, full: usize) -> usize {
    std::env::var(var)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(if quick() { small } else { full })
}
