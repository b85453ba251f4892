//! `qaward serve`: the real binary on a temporary content tree, spoken to
//! over raw TCP so that a target such as `/zlj/../x` reaches the server as
//! sent (HTTP clients tidy `..` away). Each test kills its server on drop.
//! Waits poll with a generous deadline: the machine may be loaded.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use crate::support::{copy_tree, edit_file, manifest_dir, qaward, read_tree, tree_with};

/// How long anything may take before a test gives up.
const PATIENCE: Duration = Duration::from_secs(30);
const AS_OF: &str = "2026-01-01";

/// A running `qaward serve`; killed when dropped.
struct Server {
    child: Child,
    addr: SocketAddr,
    /// The base path the site is served under, e.g. `/zlj/`.
    base: String,
    lines: Receiver<String>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `qaward serve --port 0` on `root` and reads the URL it prints.
fn serve(root: &Path, extra: &[&str]) -> Server {
    let child = Command::new(env!("CARGO_BIN_EXE_qaward"))
        .args(["serve", "--port", "0", "--as-of", AS_OF, "--root"])
        .arg(root)
        .args(extra)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start qaward serve");
    let mut server = Server {
        child,
        addr: "127.0.0.1:1".parse().expect("address"),
        base: String::new(),
        lines: channel().1,
    };
    let stdout = server.child.stdout.take().expect("stdout");
    let (tx, rx) = channel();
    // Drains stdout for the server's whole life, so that it never blocks.
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    server.lines = rx;
    let line = server.line_with("http://");
    let url = line[line.find("http://").expect("url")..]
        .split_whitespace()
        .next()
        .expect("url");
    let rest = url.trim_start_matches("http://");
    let slash = rest.find('/').expect("a base path");
    server.addr = rest[..slash].parse().expect("host:port");
    server.base = rest[slash..].to_owned();
    server
}

impl Server {
    /// The next line of output containing `needle`.
    fn line_with(&self, needle: &str) -> String {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) if line.contains(needle) => return line,
                Ok(_) => {}
                Err(e) => panic!("no output line with `{needle}` ({e})"),
            }
        }
    }

    fn get(&self, target: &str) -> Reply {
        get(self.addr, &format!("{}{target}", self.base))
    }

    /// Polls `target` until `check` holds.
    fn wait_for(&self, target: &str, what: &str, check: impl Fn(&Reply) -> bool) -> Reply {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let reply = self.get(target);
            if check(&reply) {
                return reply;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {what} at {target}; last reply {}:\n{}",
                reply.status,
                reply.body
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

#[derive(Debug)]
struct Reply {
    status: u16,
    headers: String,
    bytes: Vec<u8>,
    body: String,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case(name).then(|| v.trim())
        })
    }
}

/// One `GET` of `target`, exactly as written.
fn get(addr: SocketAddr, target: &str) -> Reply {
    let mut stream = TcpStream::connect_timeout(&addr, PATIENCE).expect("connect");
    stream.set_read_timeout(Some(PATIENCE)).expect("timeout");
    write!(
        stream,
        "GET {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .expect("send");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("read reply");
    let end = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("a head");
    let head = String::from_utf8_lossy(&raw[..end]).into_owned();
    let bytes = raw[end + 4..].to_vec();
    let (status_line, headers) = head.split_once("\r\n").unwrap_or((&head, ""));
    let status = status_line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("status");
    Reply {
        status,
        headers: headers.to_owned(),
        body: String::from_utf8_lossy(&bytes).into_owned(),
        bytes,
    }
}

/// Percent-encodes what a browser would in a path.
fn encode(path: &str) -> String {
    path.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'.' | b'_' | b'~' => (b as char).to_string(),
            b => format!("%{b:02X}"),
        })
        .collect()
}

fn edit(path: &Path, from: &str, to: &str) {
    edit_file(path, from, to);
}

/// Removes the reload script, which only served pages carry.
fn without_script(html: &str) -> String {
    match (html.find("<script>/* qaward serve"), html.rfind("</script>\n")) {
        (Some(a), Some(b)) if b > a => format!("{}{}", &html[..a], &html[b + "</script>\n".len()..]),
        _ => html.to_owned(),
    }
}

#[test]
fn serve_shows_edits_errors_and_recovers() {
    let tree = tree_with(None);
    let root = tree.path();
    let before = read_tree(root);
    let server = serve(root, &[]);
    assert_eq!(server.base, "/zlj/", "served under the path of site.base_url");

    let home = server.get("");
    assert_eq!(home.status, 200);
    assert!(home.body.contains("<html lang=\"zh-CN\">"), "{}", home.body);
    assert!(home.body.contains("__qaward/events?since="), "the reload script");

    edit(&root.join("programme.yaml"), "title: 测试站点", "title: 测试站点（改）");
    server.wait_for("", "the edited title", |r| {
        r.status == 200 && r.body.contains("测试站点（改）")
    });

    let alpha = root.join("organizations/alpha.yaml");
    let beta = root.join("organizations/beta.yaml");
    let (alpha_text, beta_text) = (
        std::fs::read_to_string(&alpha).expect("read"),
        std::fs::read_to_string(&beta).expect("read"),
    );
    edit(&alpha, "uscc:", "unknwon_key: 1\nuscc:");
    edit(&beta, "name: ", "name: [");
    // Wait for the whole expected page: a rebuild may catch a file half
    // written and show other findings first.
    let expected = [
        "<html lang=\"zh-CN\">",
        "<h1>内容有错误，网站暂停预览</h1>",
        "organizations/alpha.yaml:2:1",
        "unknwon_key",
        "<code>schema</code>",
        "organizations/beta.yaml",
        "<code>yaml</code>",
        "检查完成：2 个错误",
        "__qaward/events?since=",
    ];
    let broken = server.wait_for("notices/", "the error page", |r| {
        expected.iter().all(|e| r.body.contains(e))
    });
    assert_eq!(broken.status, 500);
    assert!(!broken.body.contains("测试站点（改）</"), "no stale page");
    let any_page = server.get("winners/2024/alpha/");
    assert!(any_page.body.contains("内容有错误"), "every page shows the errors");
    let css = server.get("assets/style.css");
    assert_eq!(
        (css.status, css.header("content-type")),
        (200, Some("text/css; charset=utf-8"))
    );
    server.line_with("内容有错误：2 个错误");

    std::fs::write(&alpha, alpha_text).expect("restore");
    std::fs::write(&beta, beta_text).expect("restore");
    server.wait_for("", "the site again", |r| {
        r.status == 200 && r.body.contains("测试站点（改）")
    });
    server.line_with("已生成");

    let after = read_tree(root);
    let (before, after): (Vec<&String>, Vec<&String>) = (before.keys().collect(), after.keys().collect());
    assert_eq!(before, after, "serve wrote into the content root");
}

#[test]
fn serve_keeps_requests_inside_the_site() {
    let tree = tree_with(None);
    let server = serve(tree.path(), &[]);
    for target in [
        "/zlj/../../etc/passwd",
        "/zlj/%2e%2e/",
        "/zlj/%2e%2e/%2e%2e/etc/passwd",
        "/zlj/..%2f..%2fetc/passwd",
        "/other/",
        "/zlj/nosuch/",
        "/zlj/%ff/",
    ] {
        let reply = get(server.addr, target);
        assert_eq!(reply.status, 404, "{target}");
        assert!(reply.body.contains("页面未找到"), "{target}: the site's 404 page");
    }
    let root = get(server.addr, "/");
    assert_eq!((root.status, root.header("location")), (302, Some("/zlj/")));
    let folder = server.get("notices");
    assert_eq!((folder.status, folder.header("location")), (302, Some("/zlj/notices/")));
    for (path, content_type) in [
        ("", "text/html; charset=utf-8"),
        ("notices/", "text/html; charset=utf-8"),
        ("assets/style.css", "text/css; charset=utf-8"),
        ("search/meta.js", "text/javascript; charset=utf-8"),
        ("search/d/0.js", "text/javascript; charset=utf-8"),
        ("assets/emblem.svg", "image/svg+xml"),
        ("data/winners.json", "application/json"),
        ("data/winners.csv", "text/csv; charset=utf-8"),
        ("feed.xml", "application/xml"),
        ("robots.txt", "text/plain; charset=utf-8"),
    ] {
        let reply = server.get(path);
        assert_eq!(
            (reply.status, reply.header("content-type")),
            (200, Some(content_type)),
            "{path}"
        );
    }
}

#[test]
fn serve_sends_reload_after_a_change() {
    let tree = tree_with(None);
    let server = serve(tree.path(), &[]);
    let mut events = TcpStream::connect_timeout(&server.addr, PATIENCE).expect("connect");
    events.set_read_timeout(Some(PATIENCE)).expect("timeout");
    write!(events, "GET {}__qaward/events HTTP/1.1\r\nHost: x\r\n\r\n", server.base).expect("send");
    let mut seen = String::new();
    read_until(&mut events, &mut seen, "retry: ");
    assert!(
        seen.starts_with("HTTP/1.1 200 OK\r\n") && seen.contains("text/event-stream"),
        "{seen}"
    );

    let saved = Instant::now();
    edit(
        &tree.path().join("notices/2024-call.md"),
        "申报工作通知正文。",
        "申报工作通知正文（修订）。",
    );
    read_until(&mut events, &mut seen, "event: reload\ndata: ");
    let to_event = saved.elapsed();
    // The first event may come from a rebuild that caught the file half
    // written; the page settles on the edit.
    server.wait_for("notices/2024-call/", "the edited notice", |r| {
        r.body.contains("申报工作通知正文（修订）。")
    });
    eprintln!(
        "save → reload event {} ms, → page {} ms (debug build)",
        to_event.as_millis(),
        saved.elapsed().as_millis()
    );
}

fn read_until(stream: &mut TcpStream, seen: &mut String, needle: &str) {
    let mut buf = [0u8; 1024];
    while !seen.contains(needle) {
        let n = stream.read(&mut buf).expect("read the event stream");
        assert!(n > 0, "the event stream closed before `{needle}`: {seen}");
        seen.push_str(&String::from_utf8_lossy(&buf[..n]));
    }
}

#[test]
fn served_pages_are_the_built_pages_plus_the_script() {
    let tree = tree_with(None);
    let out = tempfile::tempdir().expect("temp");
    let site = out.path().join("public");
    let site_arg = site.to_string_lossy().into_owned();
    let built = qaward(
        tree.path(),
        &["build", "--root", ".", "--as-of", AS_OF, "--out", &site_arg],
    );
    assert_eq!(
        built.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&built.stdout)
    );
    let files: BTreeMap<String, Vec<u8>> = read_tree(&site);
    let server = serve(tree.path(), &[]);
    for (path, bytes) in files.iter().filter(|(p, _)| !p.starts_with('.')) {
        let target = path.strip_suffix("index.html").unwrap_or(path);
        let reply = server.get(&encode(target));
        assert_eq!(reply.status, 200, "{path}");
        if path.ends_with(".html") {
            assert!(reply.body.contains("__qaward/events"), "{path}: no reload script");
            assert!(
                without_script(&reply.body) == String::from_utf8_lossy(bytes),
                "{path} differs"
            );
        } else {
            assert!(&reply.bytes == bytes, "{path} differs from the built file");
        }
    }
    assert!(
        files.values().all(|b| !String::from_utf8_lossy(b).contains("__qaward")),
        "the built site never carries the reload script"
    );
}

#[test]
fn serve_shows_a_broken_template_until_it_is_fixed() {
    let repo = tempfile::tempdir().expect("temp");
    let content = repo.path().join("content");
    copy_tree(&manifest_dir().join("tests/fixtures/base"), &content);
    let templates = repo.path().join("themes/local/templates");
    std::fs::create_dir_all(&templates).expect("mkdir");
    let index = templates.join("index.html");
    std::fs::write(
        &index,
        "{% extends \"base.html\" %}{% block content %}{% if %}{% endblock content %}",
    )
    .expect("write");
    let server = serve(&content, &["--theme", "local"]);
    let broken = server.get("");
    assert_eq!(broken.status, 500, "{}", broken.body);
    assert!(
        broken.body.contains("<h1>主题有错误，网站暂停预览</h1>"),
        "{}",
        broken.body
    );
    assert!(
        broken.body.contains("index.html"),
        "names the template: {}",
        broken.body
    );
    std::fs::write(
        &index,
        "{% extends \"base.html\" %}{% block content %}<p>自定义首页</p>{% endblock content %}",
    )
    .expect("write");
    server.wait_for("", "the fixed theme", |r| {
        r.status == 200 && r.body.contains("自定义首页")
    });
}

/// Pages are rendered when they are asked for; a template that fails only
/// while rendering (an unknown variable) fails its own pages, with the
/// theme error page, and leaves the others served.
#[test]
fn a_template_failing_at_render_time_fails_its_pages_only() {
    let repo = tempfile::tempdir().expect("temp");
    let content = repo.path().join("content");
    copy_tree(&manifest_dir().join("tests/fixtures/base"), &content);
    let templates = repo.path().join("themes/local/templates");
    std::fs::create_dir_all(&templates).expect("mkdir");
    std::fs::write(
        templates.join("notice.html"),
        "{% extends \"base.html\" %}{% block content %}{{ no_such_field }}{% endblock content %}",
    )
    .expect("write");
    let server = serve(&content, &["--theme", "local"]);
    let home = server.get("");
    assert_eq!(home.status, 200, "{}", home.body);
    let notice = home
        .body
        .split("href=\"")
        .filter_map(|s| s.split('"').next())
        .find(|href| href.starts_with("notices/") && href.len() > "notices/".len())
        .expect("the home page links a notice")
        .to_owned();
    let broken = server.get(&notice);
    assert_eq!(broken.status, 500, "{notice}: {}", broken.body);
    assert!(
        broken.body.contains("<h1>主题有错误，网站暂停预览</h1>"),
        "{}",
        broken.body
    );
    assert!(
        broken.body.contains("notice.html"),
        "names the template: {}",
        broken.body
    );
    assert!(broken.body.contains("__qaward/events"), "and reloads when fixed");
    assert_eq!(server.get("winners/").status, 200);
}

#[test]
fn serve_refuses_a_missing_theme() {
    let tree = tree_with(None);
    let out = qaward(
        tree.path(),
        &["serve", "--root", ".", "--port", "0", "--theme", "nosuch"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nosuch"));
}
