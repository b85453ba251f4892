//! `serve --edit` (SPEC section 11): the staff's forms under `/_edit/`.
//!
//! - `guard`: who may ask (the `Host`, the token cookie, a POST's origin).
//! - `pages`: the list pages (a year's applications and their stage,
//!   organisations, experts, notices) and the changes of this run.
//! - `form`: a record's form, generated from its embedded JSON Schema.
//! - `check`: the live check of a form's values as a save would check
//!   them, answered as JSON; it never writes.
//! - `save`: a submitted form → changes through [`crate::edit`] →
//!   validated as the root would be → written by
//!   [`crate::write::write_edits`] when no error is added.
//!
//! The forms' templates are the theme's `edit/` folder, kept apart from the
//! public site's `templates/`: they see internal fields (scores, experts,
//! declarations); the site's templates never do. Only here does `serve`
//! write, and only after the guard passed a POST.

mod check;
mod form;
mod guard;
mod new;
mod pages;
mod save;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Mutex, PoisonError};

use tera::Tera;

use super::http::{Method, Request};
use super::route::{decode, is_safe};
pub use guard::Guard;
use guard::{Asked, Verdict};

/// The editor's answer to a request.
#[derive(Debug)]
pub struct EditReply {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: Vec<u8>,
}

impl EditReply {
    fn html(status: u16, body: String) -> EditReply {
        EditReply {
            status,
            headers: vec![
                ("Content-Type", "text/html; charset=utf-8".to_owned()),
                csp(),
                // No address of the editor goes to another host; a same-origin POST
                // keeps its `Origin` (with `no-referrer` browsers send `null`).
                ("Referrer-Policy", "same-origin".to_owned()),
            ],
            body: body.into_bytes(),
        }
    }

    /// A JSON answer (the live check).
    fn json(body: Vec<u8>) -> EditReply {
        EditReply {
            status: 200,
            headers: vec![
                ("Content-Type", "application/json; charset=utf-8".to_owned()),
                ("Cache-Control", "no-store".to_owned()),
            ],
            body,
        }
    }

    fn redirect(location: &str) -> EditReply {
        EditReply {
            status: 303,
            headers: vec![
                ("Location", location.to_owned()),
                ("Referrer-Policy", "same-origin".to_owned()),
            ],
            body: Vec::new(),
        }
    }

    /// 403 with the reason, in Chinese; nothing was written.
    fn forbidden(reason: &str) -> EditReply {
        let page = format!(
            "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>禁止访问</title></head>\
             <body><h1>禁止访问 (403)</h1><p>{}</p><p>未写入任何文件。</p></body></html>\n",
            crate::render::escape(reason)
        );
        EditReply::html(403, page)
    }
}

/// The editor's pages load nothing from another host, and run only the
/// editor's own script.
fn csp() -> (&'static str, String) {
    (
        "Content-Security-Policy",
        "default-src 'self'; script-src 'self'; style-src 'self'; form-action 'self'; frame-ancestors 'none'"
            .to_owned(),
    )
}

/// A file this run wrote, with its bytes before and after.
#[derive(Clone, Debug)]
pub struct Written {
    pub path: String,
    pub before: Vec<u8>,
    pub after: Vec<u8>,
}

/// Adds `files` to `written`, one entry per path: a path already there
/// keeps its first `before` and takes the new `after`.
fn merge_written(written: &mut Vec<Written>, files: Vec<Written>) {
    for file in files {
        match written.iter_mut().find(|w| w.path == file.path) {
            Some(known) => known.after = file.after,
            None => written.push(file),
        }
    }
}

/// The editor of one `serve --edit` run.
pub struct Editor {
    root: PathBuf,
    guard: Guard,
    tera: Tera,
    /// The theme's `edit/` files that are not templates (style, script).
    assets: std::collections::BTreeMap<String, Vec<u8>>,
    written: Mutex<Vec<Written>>,
}

impl Editor {
    /// The editor of the content root `root`, served at `local` (a
    /// loopback address), with a new random token.
    pub fn new(root: PathBuf, theme: &crate::theme::Theme, local: SocketAddr) -> Result<Editor, String> {
        let port = local.port();
        let mut hosts = vec![format!("localhost:{port}")];
        hosts.push(match local.ip() {
            std::net::IpAddr::V6(ip) => format!("[{ip}]:{port}"),
            std::net::IpAddr::V4(ip) => format!("{ip}:{port}"),
        });
        let guard = Guard {
            token: guard::new_token()?,
            hosts,
        };
        Ok(Editor {
            root,
            guard,
            tera: pages::tera(theme)?,
            assets: theme.edit_assets().map(|(n, b)| (n.to_owned(), b.to_vec())).collect(),
            written: Mutex::new(Vec::new()),
        })
    }

    /// The one URL printed at start: the token link.
    pub fn login_url(&self) -> String {
        let host = self.guard.hosts.last().map_or("localhost", String::as_str);
        format!("http://{host}/_edit/?token={}", self.guard.token)
    }

    /// The reply to `request` when the editor answers it: every request
    /// whose `Host` is not the served address, and everything under
    /// `/_edit/`. `None` lets the site answer.
    pub fn answer(&self, request: &Request) -> Option<EditReply> {
        if !self.guard.host_ok(request.host.as_deref()) {
            return Some(EditReply::forbidden("请求的主机名不是本编辑服务的地址"));
        }
        let (path, query) = request.target.split_once('?').unwrap_or((&request.target, ""));
        if path != "/_edit" && !path.starts_with("/_edit/") {
            return (request.method == Method::Post).then(|| EditReply::forbidden("只有编辑页面接受提交"));
        }
        let asked = Asked {
            post: request.method == Method::Post,
            query,
            host: request.host.as_deref(),
            origin: request.origin.as_deref(),
            referer: request.referer.as_deref(),
            cookie: request.cookie.as_deref(),
        };
        Some(match self.guard.judge(&asked) {
            Verdict::Refuse(reason) => EditReply::forbidden(reason),
            Verdict::Login => {
                let mut reply = EditReply::redirect("/_edit/");
                reply.headers.push(("Set-Cookie", self.guard.set_cookie()));
                reply
            }
            Verdict::Pass => self.page(request.method, path, query, &request.body),
        })
    }

    /// A request the guard passed.
    fn page(&self, method: Method, path: &str, query: &str, body: &[u8]) -> EditReply {
        let rest = path.strip_prefix("/_edit").unwrap_or_default().trim_start_matches('/');
        let rest = match decode(rest) {
            Some(rest) if is_safe(&rest) => rest,
            _ => return pages::not_found(&self.tera),
        };
        if method == Method::Post {
            return save::post(self, &rest, body);
        }
        pages::get(self, &rest, query)
    }

    /// The link a preview page carries under `--edit` to the form of what
    /// it shows (`target` the page's request target under `base_path`).
    pub fn edit_bar(&self, target: &str, base_path: &str) -> String {
        let path = target.split_once('?').map_or(target, |(p, _)| p);
        let rest = decode(path).unwrap_or_default();
        let rest = rest.strip_prefix(base_path).unwrap_or_default();
        let href = pages::form_of_page(rest).map_or_else(|| "/_edit/".to_owned(), |f| pages::form_href(&f));
        format!(
            "<p class=\"qaward-edit\" style=\"position:fixed;right:1em;bottom:1em;margin:0;padding:.4em .8em;background:#8b1a1a;border-radius:4px;z-index:9999\"><a style=\"color:#fff\" href=\"{}\">编辑此页内容</a></p>",
            crate::render::escape(&href)
        )
    }

    /// Records what a save wrote: a file saved again keeps its bytes
    /// from before this run's first save, so the changes page shows one
    /// diff per file, from before the run to now.
    fn record_written(&self, files: Vec<Written>) {
        let mut written = self.written.lock().unwrap_or_else(PoisonError::into_inner);
        merge_written(&mut written, files);
    }

    fn written(&self) -> Vec<Written> {
        self.written.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(path: &str, before: &str, after: &str) -> Written {
        Written {
            path: path.to_owned(),
            before: before.as_bytes().to_vec(),
            after: after.as_bytes().to_vec(),
        }
    }

    #[test]
    fn a_file_saved_twice_is_one_change_from_before_the_first_save() {
        let mut list = Vec::new();
        merge_written(&mut list, vec![written("a.yaml", "x: 1\n", "x: 2\n")]);
        merge_written(&mut list, vec![written("b.yaml", "", "y: 1\n")]);
        merge_written(&mut list, vec![written("a.yaml", "x: 2\n", "x: 3\n")]);
        let shown: Vec<(&str, &[u8], &[u8])> = list
            .iter()
            .map(|w| (w.path.as_str(), w.before.as_slice(), w.after.as_slice()))
            .collect();
        assert_eq!(
            shown,
            [
                ("a.yaml", &b"x: 1\n"[..], &b"x: 3\n"[..]),
                ("b.yaml", &b""[..], &b"y: 1\n"[..]),
            ]
        );
    }
}
