//! What several benches share: a figure of this process's memory.

/// A `/proc/self/status` figure in kB (`VmRSS:`, `VmHWM:`), 0 if unknown.
pub fn vm(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        .unwrap_or(0)
}
