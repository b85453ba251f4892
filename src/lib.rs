//! qaward: validates the records of a government quality award and builds
//! its public announcement site.
//!
//! The pipeline is load → validate (schema, rules) → model → publish →
//! render → write; see
//! ARCHITECTURE.md for the map. The library never prints: it returns data
//! and the binary decides how to show it.

#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod calendar;
pub mod catalogue;
pub mod cli;
pub mod cmd;
pub mod diagnostics;
pub mod diff;
pub mod documents;
pub mod load;
pub mod markdown;
pub mod model;
pub mod public_site;
pub mod publish;
pub mod render;
pub mod report;
pub mod scaffold;
pub mod schemas;
pub mod serve;
pub mod status;
pub mod theme;
pub mod validate;
pub mod write;
pub mod yaml;

/// Locks a mutex whose holder may have panicked. qaward's shared maps are
/// changed by single calls, so a poisoned one is still whole and is used.
pub(crate) fn lock<T>(mutex: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}
