//! `qaward serve`: the public site built in memory and served for preview,
//! rebuilt when a content or theme file changes, with open pages reloaded.
//!
//! - `site`: the in-memory site, paths to bytes and content types.
//! - `rebuild`: validate → publish → render into a [`Snapshot`], the site or
//!   the error page that replaces it while the content has errors.
//! - `error_page`: that page, in the site's own look.
//! - `route`: a request target to a reply, without any IO.
//! - `http`: the bounded HTTP/1.1 server on `std::net`.
//! - `reload`: the generation counter, the Server-Sent Events it drives and
//!   the script injected into served HTML (never into built files).
//! - `watch`: the debounced file watcher.
//! - `edit`: the staff's forms of `serve --edit` under `/_edit/`.
//!
//! Nothing here prints: the command (`cmd/serve.rs`) reports each rebuild.
//! Only `edit` writes, through [`crate::write::write_edits`], and only
//! under `--edit`; without it there is no `/_edit/` and POST is refused.

mod edit;
mod error_page;
mod http;
mod rebuild;
mod reload;
mod route;
mod site;
mod watch;

pub use edit::Editor;
pub use http::{Limits, Server, bind};
pub use rebuild::{Kept, Options, Outcome, Rebuilt, rebuild};
pub use reload::Live;
pub use site::Served;
pub use watch::{Change, Watch, WatchError, watch};
