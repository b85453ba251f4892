//! qaward: validates the records of a government quality award and builds
//! its public announcement site.
//!
//! The pipeline is load → validate (schema, rules) → model → publish →
//! render → write; see
//! ARCHITECTURE.md for the map. The library never prints: it returns data
//! and the binary decides how to show it.

#![warn(clippy::print_stdout, clippy::print_stderr)]

// The public surface: what `main.rs`, the integration tests, the fuzz
// targets and the benchmark generator use. Everything else is the crate's
// own, so that rustc reports what no one calls.
pub mod calendar;
pub mod catalogue;
pub mod cli;
pub mod diagnostics;
pub mod documents;
pub mod edit;
pub mod load;
pub mod markdown;
pub mod render;
pub mod report;
pub mod scaffold;
pub mod schemas;
pub mod validate;
pub mod write;
pub mod yaml;

mod cmd;
mod diff;
mod import;
mod model;
mod public_site;
mod publish;
mod serve;
mod status;
mod suggest;
mod theme;

/// Locks a mutex whose holder may have panicked. qaward's shared maps are
/// changed by single calls, so a poisoned one is still whole and is used.
pub(crate) fn lock<T>(mutex: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}
