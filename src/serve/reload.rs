//! The reload channel: the snapshot being served with its generation, a
//! condition variable that wakes the event streams when it changes, and
//! the script that served HTML pages carry to listen to them.
//!
//! A page is served with the generation it was cut from and asks the event
//! stream for changes `since` it; a rebuild that lands between the page
//! and its stream is therefore never missed. Generations start at the
//! Unix time in milliseconds, so that a restarted server reloads the pages
//! the previous one served.

use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use super::site::Snapshot;

/// The event stream's path under the site's base path. No site file can
/// take it: rendered paths never start with `_`.
pub const EVENTS_PATH: &str = "__qaward/events";

struct Current {
    snapshot: Arc<Snapshot>,
    generation: u64,
}

/// The snapshot being served, shared by the rebuild loop and every
/// connection.
pub struct Live {
    current: Mutex<Current>,
    changed: Condvar,
}

impl Live {
    pub fn new(snapshot: Snapshot) -> Live {
        let start = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(1, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX / 2));
        Live {
            current: Mutex::new(Current {
                snapshot: Arc::new(snapshot),
                generation: start,
            }),
            changed: Condvar::new(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Current> {
        // The lock guards two plain fields that are always consistent, so a
        // panic elsewhere cannot leave them half-written.
        self.current.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The snapshot being served and its generation.
    pub fn current(&self) -> (Arc<Snapshot>, u64) {
        let current = self.lock();
        (Arc::clone(&current.snapshot), current.generation)
    }

    /// Serves `snapshot` from now on and wakes every event stream.
    /// Returns the new generation.
    pub fn replace(&self, snapshot: Snapshot) -> u64 {
        let mut current = self.lock();
        current.snapshot = Arc::new(snapshot);
        current.generation = current.generation.wrapping_add(1);
        self.changed.notify_all();
        current.generation
    }

    /// Waits up to `timeout` for a generation other than `seen`; returns it,
    /// or `None` when nothing changed in that time.
    pub fn wait_change(&self, seen: u64, timeout: Duration) -> Option<u64> {
        let guard = self.lock();
        let (guard, _) = self
            .changed
            .wait_timeout_while(guard, timeout, |c| c.generation == seen)
            .unwrap_or_else(PoisonError::into_inner);
        (guard.generation != seen).then_some(guard.generation)
    }
}

/// The live-reload script for a page of generation `generation`.
pub fn script(base_path: &str, generation: u64) -> String {
    let url = format!("{base_path}{EVENTS_PATH}?since={generation}");
    let url = serde_json::to_string(&url).unwrap_or_else(|_| "\"\"".to_owned());
    format!(
        "<script>/* qaward serve: live reload (preview only) */\n\
         (function () {{\n  if (!window.EventSource) return;\n  var events = new EventSource({url});\n  \
         events.addEventListener(\"reload\", function () {{ events.close(); location.reload(); }});\n}})();\n</script>\n"
    )
}

/// `html` with `snippet` inserted before its last `</body>` (or appended
/// when it has none).
pub fn inject(html: &[u8], snippet: &str) -> Vec<u8> {
    let at = html
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + snippet.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(snippet.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::serve::site::{Served, Site};

    fn snapshot() -> Snapshot {
        Snapshot {
            base_path: "/zlj/".into(),
            served: Served::Site(Site::default()),
        }
    }

    #[test]
    fn inject_goes_before_the_last_body_end() {
        assert_eq!(inject(b"<p>a</p></BODY></html>", "<s>"), b"<p>a</p><s></BODY></html>");
        assert_eq!(inject(b"<p>no body</p>", "<s>"), b"<p>no body</p><s>");
        assert_eq!(inject(b"</body></body>", "<s>"), b"</body><s></body>");
    }

    #[test]
    fn script_listens_under_the_base_path() {
        let s = script("/zlj/", 42);
        assert!(s.contains("\"/zlj/__qaward/events?since=42\""), "{s}");
        assert!(s.contains("location.reload()"));
    }

    #[test]
    fn a_replace_wakes_a_waiter() {
        let live = Arc::new(Live::new(snapshot()));
        let (_, start) = live.current();
        let waiter = {
            let live = Arc::clone(&live);
            std::thread::spawn(move || live.wait_change(start, Duration::from_secs(30)))
        };
        let next = live.replace(snapshot());
        assert_eq!(waiter.join().ok().flatten(), Some(next));
        assert_eq!(live.wait_change(next, Duration::from_millis(10)), None);
        assert_eq!(live.wait_change(start, Duration::from_millis(10)), Some(next));
    }
}
