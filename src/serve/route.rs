//! Routing: a request target to a reply, without any IO, so that every
//! path rule is tested on its own.
//!
//! The site is served under the path of `site.base_url`, the way it will
//! be in production: `/` and the base path without its slash redirect to
//! it, `foo/` is `foo/index.html`, `foo` redirects to `foo/` when that is a
//! folder, and everything else (a `..` segment, encoded or not, a path
//! outside the base path, a malformed escape) is the site's 404 page.

use std::borrow::Cow;

use super::error_page::{self, Problem};
use super::reload::{EVENTS_PATH, inject, script};
use super::site::{Asset, Served, Snapshot};

/// What to answer.
#[derive(Debug, PartialEq, Eq)]
pub enum Reply<'a> {
    /// A file or page; HTML already carries the reload script.
    File {
        status: u16,
        content_type: &'static str,
        body: Cow<'a, [u8]>,
    },
    /// `302 Found` to this location.
    Redirect(String),
    /// The live-reload event stream, reporting changes after generation
    /// `since` (the current one when the page did not say).
    Events { since: u64 },
}

const HTML: &str = "text/html; charset=utf-8";

/// The reply to `target` (the request's path and query, as sent) from the
/// snapshot of generation `generation`.
pub fn route<'a>(snapshot: &'a Snapshot, generation: u64, target: &str) -> Reply<'a> {
    let (raw_path, query) = target.split_once('?').unwrap_or((target, ""));
    let Some(path) = decode(raw_path).filter(|p| p.starts_with('/')) else {
        return not_found(snapshot, generation);
    };
    let base = decode(&snapshot.base_path).unwrap_or_else(|| snapshot.base_path.clone());
    if base != "/" && (path == "/" || format!("{path}/") == base) {
        return Reply::Redirect(snapshot.base_path.clone());
    }
    let Some(rest) = path.strip_prefix(&base).filter(|r| is_safe(r)) else {
        return not_found(snapshot, generation);
    };
    if rest == EVENTS_PATH {
        return Reply::Events {
            since: since(query).unwrap_or(generation),
        };
    }
    match &snapshot.served {
        Served::Site(site) => {
            let key = if rest.is_empty() || rest.ends_with('/') {
                format!("{rest}index.html")
            } else {
                rest.to_owned()
            };
            match site.get(&key) {
                Ok(Some(asset)) => return owned_file(200, &asset, snapshot, generation),
                Ok(None) => {}
                Err(message) => {
                    let page = error_page::page(
                        &snapshot.base_path,
                        None,
                        &Problem::Theme {
                            name: None,
                            message: &message,
                        },
                    );
                    return owned_file(
                        500,
                        &Asset {
                            bytes: page.into_bytes(),
                            content_type: HTML,
                        },
                        snapshot,
                        generation,
                    );
                }
            }
            if !key.ends_with("index.html") && site.contains(&format!("{rest}/index.html")) {
                return Reply::Redirect(format!("{raw_path}/"));
            }
            not_found(snapshot, generation)
        }
        Served::Errors { page, assets } => match assets.get(rest) {
            Ok(Some(asset)) => owned_file(200, &asset, snapshot, generation),
            _ => file(500, HTML, page.as_bytes(), snapshot, generation),
        },
    }
}

fn file<'a>(
    status: u16,
    content_type: &'static str,
    bytes: &'a [u8],
    snapshot: &Snapshot,
    generation: u64,
) -> Reply<'a> {
    let body = if content_type.starts_with("text/html") {
        Cow::Owned(inject(bytes, &script(&snapshot.base_path, generation)))
    } else {
        Cow::Borrowed(bytes)
    };
    Reply::File {
        status,
        content_type,
        body,
    }
}

/// A file of the site, copied into the reply (it may have been rendered
/// for this request).
fn owned_file<'a>(status: u16, asset: &Asset, snapshot: &Snapshot, generation: u64) -> Reply<'a> {
    let body = if asset.is_html() {
        inject(&asset.bytes, &script(&snapshot.base_path, generation))
    } else {
        asset.bytes.clone()
    };
    Reply::File {
        status,
        content_type: asset.content_type,
        body: Cow::Owned(body),
    }
}

/// The site's own 404 page, or a plain one while the site is not there.
fn not_found<'a>(snapshot: &'a Snapshot, generation: u64) -> Reply<'a> {
    if let Served::Site(site) = &snapshot.served
        && let Ok(Some(page)) = site.get("404.html")
    {
        return owned_file(404, &page, snapshot, generation);
    }
    let page = format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head><meta charset=\"utf-8\"><title>页面未找到</title></head>\n\
         <body><h1>页面未找到 (not found)</h1><p><a href=\"{}\">返回首页</a></p></body>\n</html>\n",
        crate::render::escape(&snapshot.base_path)
    );
    Reply::File {
        status: 404,
        content_type: HTML,
        body: Cow::Owned(inject(page.as_bytes(), &script(&snapshot.base_path, generation))),
    }
}

/// The path with its percent escapes decoded; `None` for a malformed
/// escape or bytes that are not UTF-8.
pub(super) fn decode(path: &str) -> Option<String> {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            let hex = bytes
                .get(i + 1..i + 3)
                .filter(|h| h.iter().all(u8::is_ascii_hexdigit))?;
            let text = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(text, 16).ok()?);
            i += 3;
        } else {
            out.push(b);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Whether a decoded path below the base stays inside the site: no `.` or
/// `..` segment, no empty segment but a trailing one, no backslash or NUL.
pub(super) fn is_safe(rest: &str) -> bool {
    let segments: Vec<&str> = rest.split('/').collect();
    let last = segments.len().saturating_sub(1);
    segments
        .iter()
        .enumerate()
        .all(|(i, s)| (!s.is_empty() || i == last) && *s != "." && *s != ".." && !s.contains(['\\', '\0']))
}

/// The `since` generation of an event stream's query.
fn since(query: &str) -> Option<u64> {
    query
        .split('&')
        .find_map(|pair| pair.strip_prefix("since="))
        .and_then(|v| v.parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::serve::site::Site;

    fn snapshot() -> Snapshot {
        let site = Site::from_pairs([
            ("index.html".to_owned(), b"<html><body>home</body></html>".to_vec()),
            ("404.html".to_owned(), b"<html><body>missing</body></html>".to_vec()),
            (
                "notices/index.html".to_owned(),
                b"<html><body>notices</body></html>".to_vec(),
            ),
            ("notices/files/申报表.pdf".to_owned(), b"%PDF".to_vec()),
            ("assets/style.css".to_owned(), b"body{}".to_vec()),
        ]);
        Snapshot {
            base_path: "/zlj/".into(),
            served: Served::Site(site),
        }
    }

    fn status(reply: &Reply<'_>) -> u16 {
        match reply {
            Reply::File { status, .. } => *status,
            Reply::Redirect(_) => 302,
            Reply::Events { .. } => 0,
        }
    }

    fn body(reply: &Reply<'_>) -> String {
        match reply {
            Reply::File { body, .. } => String::from_utf8_lossy(body).into_owned(),
            other => format!("{other:?}"),
        }
    }

    #[test]
    fn pages_are_served_under_the_base_path() {
        let s = snapshot();
        let home = route(&s, 7, "/zlj/");
        assert_eq!(status(&home), 200);
        assert!(body(&home).starts_with("<html><body>home<script>"), "{}", body(&home));
        assert!(body(&home).contains("/zlj/__qaward/events?since=7"));
        assert!(body(&route(&s, 7, "/zlj/notices/?page=2")).contains("notices"));
        let css = route(&s, 7, "/zlj/assets/style.css");
        assert_eq!(body(&css), "body{}", "no script outside HTML");
        let pdf = route(&s, 7, "/zlj/notices/files/%E7%94%B3%E6%8A%A5%E8%A1%A8.pdf");
        assert!(matches!(
            pdf,
            Reply::File {
                status: 200,
                content_type: "application/pdf",
                ..
            }
        ));
    }

    #[test]
    fn folders_and_the_root_redirect() {
        let s = snapshot();
        assert_eq!(route(&s, 1, "/"), Reply::Redirect("/zlj/".into()));
        assert_eq!(route(&s, 1, "/zlj"), Reply::Redirect("/zlj/".into()));
        assert_eq!(route(&s, 1, "/zlj/notices"), Reply::Redirect("/zlj/notices/".into()));
        assert_eq!(status(&route(&s, 1, "/zlj/assets/style.css/")), 404);
    }

    #[test]
    fn anything_outside_the_site_is_not_found() {
        let s = snapshot();
        for target in [
            "/zlj/../../etc/passwd",
            "/zlj/%2e%2e/",
            "/zlj/%2E%2E/%2E%2E/etc/passwd",
            "/zlj/notices/../index.html",
            "/zlj/./index.html",
            "/zlj//index.html",
            "/zlj/%2F..%2Fetc",
            "/zlj/a%5c..%5cb",
            "/zlj/%00",
            "/zlj/%zz",
            "/zlj/%e7%94",
            "/zlj/%",
            "/zlj/%+1",
            "/other/",
            "/zljx/",
            "*",
            "http://example.gov.cn/zlj/",
            "",
        ] {
            let reply = route(&s, 1, target);
            assert_eq!(status(&reply), 404, "{target}");
            assert!(body(&reply).contains("missing"), "{target}: the site's 404 page");
        }
    }

    #[test]
    fn the_event_stream_takes_the_page_generation() {
        let s = snapshot();
        assert_eq!(route(&s, 9, "/zlj/__qaward/events?since=3"), Reply::Events { since: 3 });
        assert_eq!(route(&s, 9, "/zlj/__qaward/events"), Reply::Events { since: 9 });
        assert_eq!(route(&s, 9, "/zlj/__qaward/events?since=x"), Reply::Events { since: 9 });
    }

    #[test]
    fn errors_replace_every_page_but_keep_the_theme_assets() {
        let s = Snapshot {
            base_path: "/".into(),
            served: Served::Errors {
                page: "<html><body>errors</body></html>".into(),
                assets: Site::from_pairs([("assets/style.css".to_owned(), b"body{}".to_vec())]),
            },
        };
        for target in ["/", "/notices/", "/winners/2023/a/", "/feed.xml"] {
            let reply = route(&s, 1, target);
            assert_eq!(status(&reply), 500, "{target}");
            assert!(body(&reply).contains("errors<script>"), "{target}");
        }
        assert_eq!(body(&route(&s, 1, "/assets/style.css")), "body{}");
        assert_eq!(status(&route(&s, 1, "/../x")), 404);
    }
}
