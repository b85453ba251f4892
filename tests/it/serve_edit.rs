//! `qaward serve --edit` (SPEC section 11): the real binary on a copy of
//! the example content, spoken to over raw TCP so that every header is
//! exactly as a test writes it (or leaves it out). Every refusal is
//! checked to leave the content's bytes as they were.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use crate::support::{copy_tree, manifest_dir, read_tree};

const PATIENCE: Duration = Duration::from_secs(60);
const APP: &str = "cycles/2025/applications/lucheng-leather.yaml";

/// A running `qaward serve --edit`; killed when dropped.
struct Editor {
    child: Child,
    addr: SocketAddr,
    token: String,
    _lines: Receiver<String>,
}

impl Drop for Editor {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A copy of the example content in a temporary folder.
fn example() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_tree(&manifest_dir().join("content"), dir.path());
    dir
}

fn start(root: &Path) -> Editor {
    let mut child = Command::new(env!("CARGO_BIN_EXE_qaward"))
        .args(["serve", "--port", "0", "--edit", "--root"])
        .arg(root)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start qaward serve --edit");
    let stdout = child.stdout.take().expect("stdout");
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let deadline = Instant::now() + PATIENCE;
    let url = loop {
        let line = rx
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            .expect("the edit URL");
        if let Some(at) = line.find("/_edit/?token=") {
            let start = line.find("http://").expect("url");
            break line[start..at + "/_edit/?token=".len() + 64].to_owned();
        }
    };
    let rest = url.trim_start_matches("http://");
    let (host, token) = rest.split_once("/_edit/?token=").expect("token");
    Editor {
        child,
        addr: host.parse().expect("host:port"),
        token: token.to_owned(),
        _lines: rx,
    }
}

#[derive(Debug)]
struct Reply {
    status: u16,
    head: String,
    body: String,
}

/// Sends `request` as written and reads the whole reply.
fn send(addr: SocketAddr, request: &[u8]) -> Reply {
    let mut stream = TcpStream::connect_timeout(&addr, PATIENCE).expect("connect");
    stream.set_read_timeout(Some(PATIENCE)).expect("timeout");
    stream.write_all(request).expect("send");
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    Reply {
        status,
        head: head.to_owned(),
        body: body.to_owned(),
    }
}

/// A request with the given headers (each `Name: value`), and a body for
/// a POST.
fn request(addr: SocketAddr, method: &str, target: &str, headers: &[String], body: &str) -> Reply {
    let mut text = format!("{method} {target} HTTP/1.1\r\nConnection: close\r\n");
    for h in headers {
        text.push_str(&format!("{h}\r\n"));
    }
    if method == "POST" {
        text.push_str(&format!(
            "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n",
            body.len()
        ));
    }
    text.push_str("\r\n");
    text.push_str(body);
    send(addr, text.as_bytes())
}

impl Editor {
    fn host(&self) -> String {
        format!("Host: {}", self.addr)
    }

    fn cookie(&self) -> String {
        format!("Cookie: qaward_edit={}", self.token)
    }

    fn origin(&self) -> String {
        format!("Origin: http://{}", self.addr)
    }

    /// A GET as the logged-in browser sends it.
    fn get(&self, target: &str) -> Reply {
        request(self.addr, "GET", target, &[self.host(), self.cookie()], "")
    }

    /// A POST as the logged-in browser sends it.
    fn post(&self, target: &str, body: &str) -> Reply {
        request(
            self.addr,
            "POST",
            target,
            &[self.host(), self.cookie(), self.origin()],
            body,
        )
    }

    /// The digest the form of `file` carries.
    fn hash(&self, file: &str) -> String {
        let form = self.get(&format!("/_edit/form/{file}"));
        assert_eq!(form.status, 200, "{}", form.body);
        let at = form.body.find("name=\"_hash\" value=\"").expect("the hash field") + 20;
        form.body[at..at + 64].to_owned()
    }
}

/// `application/x-www-form-urlencoded` of `pairs`.
fn form(pairs: &[(&str, &str)]) -> String {
    let enc = |s: &str| {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' => (b as char).to_string(),
                b => format!("%{b:02X}"),
            })
            .collect::<String>()
    };
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// The lines of `after` that differ from `before`, line by line.
fn changed_lines(before: &[u8], after: &[u8]) -> Vec<(String, String)> {
    let (a, b) = (String::from_utf8_lossy(before), String::from_utf8_lossy(after));
    assert_eq!(a.lines().count(), b.lines().count(), "the same number of lines");
    a.lines()
        .zip(b.lines())
        .filter(|(x, y)| x != y)
        .map(|(x, y)| (x.to_owned(), y.to_owned()))
        .collect()
}

#[test]
fn every_refusal_is_a_403_and_writes_nothing() {
    let tree = example();
    let root = tree.path();
    let before = read_tree(root);
    let editor = start(root);
    let target = format!("/_edit/form/{APP}");
    // A change that would be written, were the request let through.
    let body = form(&[
        ("_hash", &editor.hash(APP)),
        ("/onsite/items/4.1.2", "31"),
        ("/onsite/score", "623"),
    ]);
    let (host, cookie, origin) = (editor.host(), editor.cookie(), editor.origin());
    let foreign_host = format!("Host: evil.example:{}", editor.addr.port());
    let wrong_cookie =
        "Cookie: qaward_edit=0000000000000000000000000000000000000000000000000000000000000000".to_owned();
    let referer = |r: &str| format!("Referer: {r}");
    let cases: Vec<(&str, &str, String, Vec<String>)> = vec![
        ("no cookie", "GET", "/_edit/".into(), vec![host.clone()]),
        ("no cookie, a form", "GET", target.clone(), vec![host.clone()]),
        (
            "wrong cookie",
            "GET",
            "/_edit/".into(),
            vec![host.clone(), wrong_cookie.clone()],
        ),
        ("wrong token", "GET", "/_edit/?token=abc".into(), vec![host.clone()]),
        (
            "a token one off",
            "GET",
            format!("/_edit/?token={}0", editor.token),
            vec![host.clone()],
        ),
        (
            "foreign host, a page",
            "GET",
            "/_edit/".into(),
            vec![foreign_host.clone(), cookie.clone()],
        ),
        (
            "foreign host, the site",
            "GET",
            "/zlj/".into(),
            vec![foreign_host.clone()],
        ),
        ("no host", "GET", "/_edit/".into(), vec![cookie.clone()]),
        (
            "post without cookie",
            "POST",
            target.clone(),
            vec![host.clone(), origin.clone()],
        ),
        (
            "post, wrong cookie",
            "POST",
            target.clone(),
            vec![host.clone(), wrong_cookie, origin.clone()],
        ),
        (
            "post, foreign origin",
            "POST",
            target.clone(),
            vec![host.clone(), cookie.clone(), "Origin: http://evil.example".into()],
        ),
        (
            "post, origin null",
            "POST",
            target.clone(),
            vec![host.clone(), cookie.clone(), "Origin: null".into()],
        ),
        (
            "post, foreign referer",
            "POST",
            target.clone(),
            vec![host.clone(), cookie.clone(), referer("http://evil.example/x")],
        ),
        (
            "post, referer of a look-alike host",
            "POST",
            target.clone(),
            vec![
                host.clone(),
                cookie.clone(),
                referer(&format!("http://{}.evil.example/", editor.addr)),
            ],
        ),
        (
            "post without origin or referer",
            "POST",
            target.clone(),
            vec![host.clone(), cookie.clone()],
        ),
        (
            "post, foreign host and its origin",
            "POST",
            target.clone(),
            vec![
                foreign_host.clone(),
                cookie.clone(),
                format!("Origin: http://evil.example:{}", editor.addr.port()),
            ],
        ),
        (
            "post with the token in the query",
            "POST",
            format!("{target}?token={}", editor.token),
            vec![host.clone(), origin.clone()],
        ),
        (
            "live check without cookie",
            "POST",
            format!("/_edit/check/{APP}"),
            vec![host.clone(), origin.clone()],
        ),
        (
            "live check, foreign origin",
            "POST",
            format!("/_edit/check/{APP}"),
            vec![host.clone(), cookie.clone(), "Origin: http://evil.example".into()],
        ),
        (
            "post outside /_edit/",
            "POST",
            "/zlj/".into(),
            vec![host.clone(), cookie.clone(), origin.clone()],
        ),
    ];
    for (what, method, target, headers) in &cases {
        let reply = request(
            editor.addr,
            method,
            target,
            headers,
            if *method == "POST" { &body } else { "" },
        );
        assert_eq!(reply.status, 403, "{what}: {}\n{}", reply.head, reply.body);
        assert!(!reply.head.contains("Set-Cookie"), "{what}");
        assert_eq!(read_tree(root), before, "{what}: nothing written");
    }
    // The same request from the logged-in page is written: the refusals
    // above refused a change that was valid.
    let saved = editor.post(&target, &body);
    assert_eq!(saved.status, 303, "{}", saved.body);
    assert_ne!(read_tree(root), before);
}

#[test]
fn the_token_link_sets_a_strict_http_only_cookie_and_drops_the_token() {
    let tree = example();
    let editor = start(tree.path());
    let login = request(
        editor.addr,
        "GET",
        &format!("/_edit/?token={}", editor.token),
        &[editor.host()],
        "",
    );
    assert_eq!(login.status, 303, "{}", login.head);
    assert!(login.head.contains("\r\nLocation: /_edit/\r\n"), "{}", login.head);
    let cookie = login
        .head
        .lines()
        .find(|l| l.starts_with("Set-Cookie:"))
        .expect("a cookie");
    assert!(cookie.contains(&format!("qaward_edit={}", editor.token)), "{cookie}");
    assert!(
        cookie.contains("SameSite=Strict") && cookie.contains("HttpOnly"),
        "{cookie}"
    );
    // `no-referrer` would make browsers send `Origin: null` on the forms'
    // POSTs, which the guard refuses; `same-origin` keeps it.
    assert!(
        login.head.contains("\r\nReferrer-Policy: same-origin"),
        "{}",
        login.head
    );
    let index = editor.get("/_edit/");
    assert_eq!(index.status, 200);
    assert!(index.body.contains("/_edit/cycles/2025/"), "{}", index.body);
    let year = editor.get("/_edit/cycles/2025/");
    assert!(
        year.body.contains("现场评审：确定为候选"),
        "each application's stage: {}",
        year.body
    );
    for list in [
        "/_edit/organizations/",
        "/_edit/experts/",
        "/_edit/notices/",
        "/_edit/changes/",
    ] {
        assert_eq!(editor.get(list).status, 200, "{list}");
    }
}

#[test]
fn edit_refuses_to_listen_beyond_loopback() {
    let tree = example();
    let root = tree.path();
    let before = read_tree(root);
    for bind in ["0.0.0.0", "::", "192.0.2.1"] {
        let out = Command::new(env!("CARGO_BIN_EXE_qaward"))
            .args(["serve", "--port", "0", "--edit", "--bind", bind, "--root"])
            .arg(root)
            .stdin(Stdio::null())
            .output()
            .expect("run");
        assert_eq!(out.status.code(), Some(2), "{bind}");
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stdout.contains("http://"), "{bind}: nothing served: {stdout}");
        assert!(stderr.contains("只能监听本机地址"), "{bind}: {stderr}");
        assert_eq!(read_tree(root), before);
    }
}

#[test]
fn without_edit_there_is_no_edit_page_and_no_post() {
    let tree = example();
    let root = tree.path();
    let before = read_tree(root);
    let mut child = Command::new(env!("CARGO_BIN_EXE_qaward"))
        .args(["serve", "--port", "0", "--root"])
        .arg(root)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start");
    let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
    let line = lines
        .find_map(|l| l.ok().filter(|l| l.contains("http://")))
        .expect("url");
    let url = &line[line.find("http://").expect("url") + 7..];
    let addr: SocketAddr = url[..url.find('/').expect("path")].parse().expect("addr");
    let host = format!("Host: {addr}");
    for target in ["/_edit/", "/_edit/?token=x", &format!("/_edit/form/{APP}")] {
        let reply = request(addr, "GET", target, std::slice::from_ref(&host), "");
        assert_eq!(reply.status, 404, "{target}");
    }
    let post = request(
        addr,
        "POST",
        &format!("/_edit/form/{APP}"),
        std::slice::from_ref(&host),
        "/onsite/score=1",
    );
    assert_eq!(post.status, 405);
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(read_tree(root), before);
}

#[test]
fn a_score_item_saved_changes_exactly_its_line_and_the_score_line() {
    let tree = example();
    let root = tree.path();
    let editor = start(root);
    let path = root.join(APP);
    let before = std::fs::read(&path).expect("read");
    let body = form(&[
        ("_hash", &editor.hash(APP)),
        ("/onsite/items/4.1.2", "31"),
        ("/onsite/score", "623"),
        // Unchanged values sent as the form sends them change nothing.
        ("/onsite/group", "group-c"),
        ("/organization", "lucheng-leather"),
    ]);
    let saved = editor.post(&format!("/_edit/form/{APP}"), &body);
    assert_eq!(saved.status, 303, "{}", saved.body);
    let after = std::fs::read(&path).expect("read");
    assert_eq!(
        changed_lines(&before, &after),
        vec![
            ("  score: 622".to_owned(), "  score: 623".to_owned()),
            (
                "    \"4.1.2\": 30   # 高层领导的作用（满分 50）".to_owned(),
                "    \"4.1.2\": 31   # 高层领导的作用（满分 50）".to_owned()
            ),
        ]
    );
    let changes = editor.get("/_edit/changes/");
    assert!(changes.body.contains(APP), "{}", changes.body);
    assert!(changes.body.contains("+   score: 623"), "{}", changes.body);
}

#[test]
fn a_save_that_breaks_a_rule_is_shown_beside_its_field_and_not_written() {
    let tree = example();
    let root = tree.path();
    let before = read_tree(root);
    let editor = start(root);
    let body = form(&[("_hash", &editor.hash(APP)), ("/onsite/items/4.1.2", "31")]);
    let reply = editor.post(&format!("/_edit/form/{APP}"), &body);
    assert_eq!(reply.status, 422, "{}", reply.body);
    assert!(reply.body.contains("未写入文件"), "{}", reply.body);
    let score_field = reply.body.find("name=\"/onsite/score\"").expect("the score field");
    let finding = reply.body[score_field..].find("art4/scores").expect("the finding");
    let next_field = reply.body[score_field..]
        .find("<div class=\"field")
        .unwrap_or(usize::MAX);
    assert!(finding < next_field, "the finding sits beside the score field");
    assert!(reply.body.contains("value=\"31\""), "the submitted value is kept");
    assert_eq!(read_tree(root), before);
}

#[test]
fn a_file_changed_on_disk_since_the_form_opened_is_not_overwritten() {
    let tree = example();
    let root = tree.path();
    let editor = start(root);
    let hash = editor.hash(APP);
    let path = root.join(APP);
    let text = std::fs::read_to_string(&path).expect("read");
    let theirs = text.replace("  score: 622", "  score: 622 # checked");
    std::fs::write(&path, &theirs).expect("write");
    let body = form(&[
        ("_hash", &hash),
        ("/onsite/items/4.1.2", "31"),
        ("/onsite/score", "623"),
    ]);
    let reply = editor.post(&format!("/_edit/form/{APP}"), &body);
    assert_eq!(reply.status, 409, "{}", reply.body);
    assert!(reply.body.contains("已被修改"), "{}", reply.body);
    assert!(
        reply.body.contains("score: 622 # checked"),
        "the version on disk is shown"
    );
    assert!(reply.body.contains("value=\"623\""), "and the one submitted");
    assert_eq!(std::fs::read_to_string(&path).expect("read"), theirs);
}

#[test]
fn a_new_organisation_made_in_the_form_validates() {
    let tree = example();
    let root = tree.path();
    let editor = start(root);
    let target = "/_edit/new/organization/";
    assert_eq!(editor.get(target).status, 200);
    let fields = [
        ("_id", "new-org"),
        ("/name", "温州新示例有限公司"),
        ("/uscc", "91330300MA2AXXXX1L"),
        ("/established", "2015-03-02"),
        ("/recommender", "lucheng"),
        ("/industry", "footwear"),
        ("/contact/person", "张三"),
        ("/contact/phone", "0577-88888888"),
        ("/contact/email", "a@example.com"),
    ];
    // A wrong check digit is shown and nothing is created.
    let mut wrong = fields.to_vec();
    wrong[2] = ("/uscc", "91330300MA2AXXXX1X");
    let refused = editor.post(target, &form(&wrong));
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert!(refused.body.contains("uscc/checksum"), "{}", refused.body);
    assert!(!root.join("organizations/new-org.yaml").exists());
    let made = editor.post(target, &form(&fields));
    assert_eq!(made.status, 303, "{}", made.body);
    let text = std::fs::read_to_string(root.join("organizations/new-org.yaml")).expect("the new file");
    assert!(text.starts_with("# yaml-language-server: $schema="), "{text}");
    assert!(text.contains("name: 温州新示例有限公司\n"), "{text}");
    let out = crate::support::qaward(root, &["validate", "--root", "."]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    // The id is taken now: a second save refuses and replaces nothing.
    let again = editor.post(target, &form(&fields));
    assert_eq!(again.status, 409, "{}", again.body);
    assert_eq!(
        std::fs::read_to_string(root.join("organizations/new-org.yaml")).expect("read"),
        text
    );
}

#[test]
fn preview_pages_link_to_their_form_only_under_edit_and_never_in_a_build() {
    let tree = example();
    let root = tree.path();
    let editor = start(root);
    let notice = request(editor.addr, "GET", "/zlj/notices/2025-call/", &[editor.host()], "");
    assert_eq!(notice.status, 200);
    assert!(
        notice.body.contains("href=\"/_edit/form/notices/2025-call.md\""),
        "{}",
        notice.body
    );
    drop(editor);
    let out_dir = tempfile::tempdir().expect("temp dir");
    let out = out_dir.path().join("public");
    let built = crate::support::qaward(
        root,
        &["build", "--root", ".", "--out", out.to_str().expect("utf-8 path")],
    );
    assert_eq!(
        built.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let files = read_tree(&out);
    assert!(files.len() > 20);
    for (path, bytes) in &files {
        let text = String::from_utf8_lossy(bytes);
        assert!(
            !text.contains("/_edit") && !text.contains("qaward-edit") && !text.contains("编辑此页内容"),
            "{path} carries an edit link"
        );
    }
}

#[test]
fn a_notice_body_is_previewed_without_saving_then_saved_after_its_front_matter() {
    let tree = example();
    let root = tree.path();
    let editor = start(root);
    let file = "notices/2025-call.md";
    let path = root.join(file);
    let before = std::fs::read_to_string(&path).expect("read");
    let form_page = editor.get(&format!("/_edit/form/{file}"));
    assert!(form_page.body.contains("name=\"_body\""), "{}", form_page.body);
    assert!(form_page.body.contains("name=\"/title\""), "the front matter as fields");
    let (_, old_body) = before.split_once("\n---\n").expect("front matter");
    // Browsers send a textarea with CRLF line ends; the file keeps its LF.
    let new_body = format!("{old_body}\n补充一段。\n").replace('\n', "\r\n");
    let hash = editor.hash(file);
    let target = format!("/_edit/form/{file}");
    let preview = editor.post(
        &target,
        &form(&[("_hash", &hash), ("_body", &new_body), ("_action", "preview")]),
    );
    assert_eq!(preview.status, 200, "{}", preview.body);
    assert!(preview.body.contains("<p>补充一段。</p>"), "{}", preview.body);
    assert_eq!(
        std::fs::read_to_string(&path).expect("read"),
        before,
        "a preview writes nothing"
    );
    let saved = editor.post(
        &target,
        &form(&[("_hash", &hash), ("_body", &new_body), ("_action", "save")]),
    );
    assert_eq!(saved.status, 303, "{}", saved.body);
    assert_eq!(
        std::fs::read_to_string(&path).expect("read"),
        format!("{before}\n补充一段。\n"),
        "only the body's tail changed, with the file's line ends"
    );
}

/// Every field of the form at `target` as a browser would send it back:
/// inputs, the selected option of each select, and text areas.
fn fields_of(editor: &Editor, target: &str) -> Vec<(String, String)> {
    let page = editor.get(target);
    assert_eq!(page.status, 200, "{}", page.body);
    let doc = scraper::Html::parse_document(&page.body);
    let sel = |s: &str| scraper::Selector::parse(s).expect("selector");
    let mut out = Vec::new();
    for input in doc.select(&sel("form input[name]")) {
        let e = input.value();
        out.push((
            e.attr("name").unwrap_or_default().to_owned(),
            e.attr("value").unwrap_or_default().to_owned(),
        ));
    }
    for select in doc.select(&sel("form select[name]")) {
        let chosen = select
            .select(&sel("option[selected]"))
            .next()
            .and_then(|o| o.value().attr("value"))
            .unwrap_or_default();
        out.push((
            select.value().attr("name").unwrap_or_default().to_owned(),
            chosen.to_owned(),
        ));
    }
    for area in doc.select(&sel("form textarea[name]")) {
        // Browsers send a text area's lines with CRLF.
        let text: String = area.text().collect::<String>().replace('\n', "\r\n");
        out.push((area.value().attr("name").unwrap_or_default().to_owned(), text));
    }
    out
}

#[test]
fn a_whole_form_sent_back_changes_only_the_field_edited() {
    let tree = example();
    let root = tree.path();
    let editor = start(root);
    for (file, field, old_line, new_value, new_line) in [
        (
            "organizations/cangnan-printing.yaml",
            "/contact/phone",
            None,
            "0577-12345678",
            "0577-12345678",
        ),
        (
            APP,
            "/onsite/signed_by",
            Some("signed_by:"),
            "某某某",
            "signed_by: 某某某",
        ),
    ] {
        let path = root.join(file);
        let before = std::fs::read(&path).expect("read");
        let target = format!("/_edit/form/{file}");
        let mut fields = fields_of(&editor, &target);
        assert!(fields.len() > 5, "{file}: {fields:?}");
        let unchanged = editor.post(
            &target,
            &form(&fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect::<Vec<_>>()),
        );
        assert_eq!(unchanged.status, 200, "{file}: {}", unchanged.body);
        assert!(
            unchanged.body.contains("没有修改任何内容"),
            "{file}: {}",
            unchanged.body
        );
        assert_eq!(std::fs::read(&path).expect("read"), before, "{file}");
        for (k, v) in &mut fields {
            if k == field {
                *v = new_value.to_owned();
            }
        }
        let saved = editor.post(
            &target,
            &form(&fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect::<Vec<_>>()),
        );
        assert_eq!(saved.status, 303, "{file}: {}", saved.body);
        let lines = changed_lines(&before, &std::fs::read(&path).expect("read"));
        assert_eq!(lines.len(), 1, "{file}: {lines:?}");
        assert!(old_line.is_none_or(|old| lines[0].0.contains(old)), "{file}: {lines:?}");
        assert!(lines[0].1.contains(new_line), "{file}: {lines:?}");
    }
}

#[test]
fn records_whose_files_fail_their_schema_are_listed_and_their_form_opens() {
    let tree = example();
    let root = tree.path();
    let path = root.join(APP);
    let text = std::fs::read_to_string(&path).expect("read");
    std::fs::write(&path, text.replace("  score: 622", "  score: 六百")).expect("write");
    let org = root.join("organizations/cangnan-printing.yaml");
    let org_text = std::fs::read_to_string(&org).expect("read");
    std::fs::write(&org, org_text.replace("established: ", "established_typo: ")).expect("write");
    let editor = start(root);
    let year = editor.get("/_edit/cycles/2025/");
    let row = year
        .body
        .lines()
        .find(|l| l.contains(&format!("/_edit/form/{APP}")))
        .expect("the application is listed");
    assert!(row.contains("文件有错误"), "{row}");
    let orgs = editor.get("/_edit/organizations/");
    let row = orgs
        .body
        .lines()
        .find(|l| l.contains("/_edit/form/organizations/cangnan-printing.yaml"))
        .expect("the organisation is listed");
    assert!(row.contains("文件有错误"), "{row}");
    let form_page = editor.get(&format!("/_edit/form/{APP}"));
    assert_eq!(form_page.status, 200);
    assert!(form_page.body.contains("value=\"六百\""), "{}", form_page.body);
    assert!(
        form_page.body.contains("class=\"finding error\""),
        "the schema's finding is shown"
    );
}

#[test]
fn the_live_check_answers_as_a_save_would_and_never_writes() {
    let tree = example();
    let root = tree.path();
    let before = read_tree(root);
    let editor = start(root);
    let check = format!("/_edit/check/{APP}");
    let hash = editor.hash(APP);
    let reply = editor.post(&check, &form(&[("_hash", &hash), ("/onsite/items/4.1.2", "31")]));
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert!(reply.head.contains("application/json"), "{}", reply.head);
    let json: serde_json::Value = serde_json::from_str(&reply.body).expect("JSON");
    assert_eq!(json["blocked"], true, "{json}");
    let at_score = json["fields"]["/onsite/score"].to_string();
    assert!(at_score.contains("art4/scores"), "beside the score field: {json}");
    // With the score made to agree, a save would go through.
    let reply = editor.post(
        &check,
        &form(&[
            ("_hash", &hash),
            ("/onsite/items/4.1.2", "31"),
            ("/onsite/score", "623"),
        ]),
    );
    let json: serde_json::Value = serde_json::from_str(&reply.body).expect("JSON");
    assert_eq!(json["blocked"], false, "{json}");
    assert!(json["fields"].get("/onsite/score").is_none(), "{json}");
    // A stale form is told that a save would be refused.
    let reply = editor.post(&check, &form(&[("_hash", "0"), ("/onsite/score", "623")]));
    let json: serde_json::Value = serde_json::from_str(&reply.body).expect("JSON");
    assert_eq!(json["blocked"], true, "{json}");
    assert!(json["notes"].to_string().contains("已被修改"), "{json}");
    assert_eq!(read_tree(root), before, "the live check writes nothing");
    assert!(editor.get("/_edit/changes/").body.contains("尚未保存任何修改"));
}

#[test]
fn a_file_saved_twice_is_one_diff_on_the_changes_page() {
    let tree = example();
    let root = tree.path();
    let editor = start(root);
    let target = format!("/_edit/form/{APP}");
    for (item, score) in [("31", "623"), ("32", "624")] {
        let body = form(&[
            ("_hash", &editor.hash(APP)),
            ("/onsite/items/4.1.2", item),
            ("/onsite/score", score),
        ]);
        assert_eq!(editor.post(&target, &body).status, 303);
    }
    let page = editor.get("/_edit/changes/").body;
    assert_eq!(page.matches(&format!(">{APP}</a>")).count(), 1, "{page}");
    assert!(page.contains("-   score: 622"), "from before the first save: {page}");
    assert!(page.contains("+   score: 624"), "to now: {page}");
    assert!(!page.contains("score: 623"), "{page}");
    // Put back as it was: listed, with nothing to commit.
    let body = form(&[
        ("_hash", &editor.hash(APP)),
        ("/onsite/items/4.1.2", "30"),
        ("/onsite/score", "622"),
    ]);
    assert_eq!(editor.post(&target, &body).status, 303);
    let page = editor.get("/_edit/changes/").body;
    assert!(page.contains("已改回本次运行前的内容"), "{page}");
}

#[test]
fn a_missing_required_field_is_marked_beside_that_field() {
    let tree = example();
    let root = tree.path();
    let path = root.join(APP);
    let text = std::fs::read_to_string(&path).expect("read");
    let line = text
        .lines()
        .find(|l| l.starts_with("submitted:"))
        .expect("a submitted line")
        .to_owned();
    std::fs::write(&path, text.replace(&format!("{line}\n"), "")).expect("write");
    let editor = start(root);
    let page = editor.get(&format!("/_edit/form/{APP}")).body;
    let field = page.find("name=\"/submitted\"").expect("the submitted field");
    let next = page[field..].find("<div class=\"field").unwrap_or(usize::MAX);
    let finding = page[field..].find("缺少必填字段 `submitted`").expect("the finding");
    assert!(finding < next, "beside its field, not among the notes");
}

const CYCLE: &str = "cycles/2025/cycle.yaml";

/// The whole form of `file` as a browser sends it back (its checkboxes
/// unchecked, so not sent), then `edits`.
fn whole_form(editor: &Editor, file: &str, edits: &[(&str, &str)]) -> String {
    let mut fields: Vec<(String, String)> = fields_of(editor, &format!("/_edit/form/{file}"))
        .into_iter()
        .filter(|(name, _)| !name.starts_with("_remove:"))
        .collect();
    for (name, value) in edits {
        fields.retain(|(n, _)| n != name);
        fields.push(((*name).to_owned(), (*value).to_owned()));
    }
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
    form(&pairs)
}

#[test]
fn a_review_group_member_added_in_its_table_is_the_only_change() {
    let tree = example();
    let root = tree.path();
    let editor = start(root);
    let page = editor.get(&format!("/_edit/form/{CYCLE}")).body;
    assert!(page.contains("<caption>成员"), "the members' table");
    assert!(
        page.contains("name=\"_new:/review_groups/group-a/members/0\""),
        "its blank row"
    );
    let add = [("_new:/review_groups/group-a/members/0", "liu-moujun")];
    // The example writes the members as a flow list ([a, b]): its line
    // changes, and no other.
    let before = std::fs::read(root.join(CYCLE)).expect("read");
    let reply = editor.post(&format!("/_edit/form/{CYCLE}"), &whole_form(&editor, CYCLE, &add));
    assert_eq!(reply.status, 303, "{}", reply.body);
    let after = std::fs::read(root.join(CYCLE)).expect("read");
    assert_eq!(
        changed_lines(&before, &after),
        vec![(
            "    members: [wang-mouhua, xu-mouhong, zhou-mouyun]".to_owned(),
            "    members: [wang-mouhua, xu-mouhong, zhou-mouyun, liu-moujun]".to_owned()
        )]
    );
    // Written as a block list, the member is one added line.
    let add = [("_new:/review_groups/group-b/members/0", "zhou-mouyun")];
    let flow = "    members: [liu-moujun, ye-mouqing, huang-moubin]\n";
    let block = "    members:\n      - liu-moujun\n      - ye-mouqing\n      - huang-moubin\n";
    let text = std::fs::read_to_string(root.join(CYCLE)).expect("read");
    std::fs::write(root.join(CYCLE), text.replacen(flow, block, 1)).expect("write");
    let before = std::fs::read_to_string(root.join(CYCLE)).expect("read");
    let reply = editor.post(&format!("/_edit/form/{CYCLE}"), &whole_form(&editor, CYCLE, &add));
    assert_eq!(reply.status, 303, "{}", reply.body);
    let after = std::fs::read_to_string(root.join(CYCLE)).expect("read");
    let last = "      - huang-moubin\n";
    assert_eq!(after, before.replacen(last, &format!("{last}      - zhou-mouyun\n"), 1));
}

#[test]
fn an_incident_row_deleted_removes_exactly_its_lines() {
    let tree = example();
    let root = tree.path();
    let file = "cycles/2025/applications/ruian-brake.yaml";
    let original = std::fs::read_to_string(root.join(file)).expect("read");
    let second = "    - kind: major-complaint\n      date: 2024-03-01\n      description: 一件投诉（测试用）。\n";
    let anchor = "\n\nself_evaluation:";
    let with_two = original.replacen(anchor, &format!("\n{}{anchor}", second.trim_end()), 1);
    assert_ne!(with_two, original);
    std::fs::write(root.join(file), &with_two).expect("write");
    let editor = start(root);
    let body = whole_form(&editor, file, &[("_remove:/declarations/incidents/1", "1")]);
    let reply = editor.post(&format!("/_edit/form/{file}"), &body);
    assert_eq!(reply.status, 303, "{}", reply.body);
    assert_eq!(std::fs::read_to_string(root.join(file)).expect("read"), original);
}

#[test]
fn an_objection_row_that_breaks_a_rule_is_shown_beside_its_row_and_not_written() {
    let tree = example();
    let root = tree.path();
    let before = read_tree(root);
    let editor = start(root);
    let body = whole_form(
        &editor,
        CYCLE,
        &[
            ("_new:/publicity/objections/0/application", "no-such-application"),
            ("_new:/publicity/objections/0/received", "2026-11-27"),
            ("_new:/publicity/objections/0/summary", "实名来信（测试用）。"),
        ],
    );
    // The live check places the finding at the new row's cell too.
    let checked = editor.post(&format!("/_edit/check/{CYCLE}"), &body);
    let json: serde_json::Value = serde_json::from_str(&checked.body).expect("JSON");
    assert_eq!(json["blocked"], true, "{json}");
    assert!(
        json["fields"].get("_new:/publicity/objections/0/application").is_some(),
        "{json}"
    );
    let reply = editor.post(&format!("/_edit/form/{CYCLE}"), &body);
    assert_eq!(reply.status, 422, "{}", reply.body);
    assert!(reply.body.contains("未写入文件"), "{}", reply.body);
    let cell = reply
        .body
        .find("name=\"_new:/publicity/objections/0/application\"")
        .expect("the new row, kept");
    let row_end = cell + reply.body[cell..].find("</tr>").expect("the row's end");
    let finding = reply.body[cell..row_end].find("class=\"finding error\"");
    assert!(
        finding.is_some(),
        "the finding in the row: {}",
        &reply.body[cell..row_end]
    );
    assert!(
        reply.body[cell..row_end].contains("no-such-application"),
        "the value as sent"
    );
    assert_eq!(read_tree(root), before);
}

#[test]
fn a_tally_added_in_its_keyed_table_is_the_only_change() {
    let tree = example();
    let root = tree.path();
    let before = std::fs::read_to_string(root.join(CYCLE)).expect("read");
    let editor = start(root);
    let body = whole_form(
        &editor,
        CYCLE,
        &[
            ("_newkey:/committee_vote/tallies/0", "ouhai-eyewear"),
            ("_new:/committee_vote/tallies/0/for", "1"),
            ("_new:/committee_vote/tallies/0/against", "2"),
            ("_new:/committee_vote/tallies/0/abstain", "3"),
        ],
    );
    let reply = editor.post(&format!("/_edit/form/{CYCLE}"), &body);
    assert_eq!(reply.status, 303, "{}", reply.body);
    let after = std::fs::read_to_string(root.join(CYCLE)).expect("read");
    let last = "    taishun-tea:                {for: 9, against: 9, abstain: 4}\n";
    let added = "    ouhai-eyewear:\n      for: 1\n      against: 2\n      abstain: 3\n";
    assert_eq!(after, before.replacen(last, &format!("{last}{added}"), 1));
}

/// The SHA-256 of `bytes` in hex, as a form's `_hash` carries it.
#[cfg(unix)]
fn digest(bytes: &[u8]) -> String {
    use sha2::Digest as _;
    sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(unix)]
#[test]
fn the_editor_never_reads_or_writes_outside_the_content_root() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("content");
    copy_tree(&manifest_dir().join("content"), &root);
    // Records outside the root, with a marker in a value a form would show,
    // reachable through a linked folder and a linked file inside it.
    let outside = dir.path().join("outside");
    std::fs::create_dir_all(outside.join("applications")).expect("dirs");
    let app = std::fs::read_to_string(root.join(APP))
        .expect("read")
        .replace("signed_by: 谢某某", "signed_by: SECRET-OUTSIDE");
    let org = std::fs::read_to_string(root.join("organizations/lucheng-leather.yaml"))
        .expect("read")
        .replace("name: 温州演示皮革有限公司", "name: SECRET-OUTSIDE");
    std::fs::write(outside.join("applications/lucheng-leather.yaml"), &app).expect("write");
    std::fs::write(outside.join("org.yaml"), &org).expect("write");
    std::os::unix::fs::symlink(&outside, root.join("cycles/2030")).expect("link");
    std::os::unix::fs::symlink(outside.join("org.yaml"), root.join("organizations/linked.yaml")).expect("link");
    let (root_before, outside_before) = (read_tree(&root), read_tree(&outside));
    let editor = start(&root);
    let abs = outside.join("applications/lucheng-leather.yaml").display().to_string();
    let targets = [
        "cycles/2030/applications/lucheng-leather.yaml".to_owned(),
        "organizations/linked.yaml".to_owned(),
        "../outside/applications/lucheng-leather.yaml".to_owned(),
        "%2e%2e/outside/applications/lucheng-leather.yaml".to_owned(),
        "%2E%2E%2Foutside%2Fapplications%2Flucheng-leather.yaml".to_owned(),
        "cycles/2025/applications/..%2f..%2f..%2f..%2foutside%2fapplications%2flucheng-leather.yaml".to_owned(),
        "cycles/2025/applications/%2e%2e/%2e%2e/%2e%2e/2030/applications/lucheng-leather.yaml".to_owned(),
        "..%5coutside%5capplications%5clucheng-leather.yaml".to_owned(),
        abs.clone(),
        abs.replace('/', "%2f"),
    ];
    for target in &targets {
        let form_url = format!("/_edit/form/{target}");
        let shown = editor.get(&form_url);
        assert!(!shown.body.contains("SECRET-OUTSIDE"), "{target}: GET read it");
        assert!(!shown.body.contains("name=\"_hash\""), "{target}: a form was made");
        // A save as it would be sent, were the outside file shown.
        let body = form(&[
            ("_hash", &digest(app.as_bytes())),
            ("/onsite/signed_by", "改写"),
            ("/name", "改写"),
        ]);
        let saved = editor.post(&form_url, &body);
        assert_ne!(saved.status, 303, "{target}: saved");
        let checked = editor.post(&format!("/_edit/check/{target}"), &body);
        assert!(!checked.body.contains("SECRET-OUTSIDE"), "{target}: the check read it");
        assert_eq!(read_tree(&root), root_before, "{target}");
        assert_eq!(read_tree(&outside), outside_before, "{target}");
    }
    // A new record is never created through the linked folder either.
    let created = editor.post("/_edit/new/organization/", &form(&[("_id", "x"), ("/name", "甲")]));
    assert_ne!(created.status, 303);
    assert_eq!(read_tree(&outside), outside_before);
}

/// One kind of new record made in its form.
struct NewRecord<'a> {
    target: &'a str,
    /// A submission that creates the record.
    fields: &'a [(&'a str, &'a str)],
    /// A head field with an id or year already in use.
    taken: (&'a str, &'a str),
    /// A head field with a bad value, and what the refusal says.
    bad: (&'a str, &'a str, &'a str),
    /// A field whose value adds an error, and the finding shown beside it.
    breaking: Option<(&'a str, &'a str, &'a str)>,
    /// The files created, the first the one whose form opens.
    created: &'a [&'a str],
}

fn with(fields: &[(&str, &str)], name: &str, value: &str) -> String {
    let mut fields = fields.to_vec();
    match fields.iter_mut().find(|(k, _)| *k == name) {
        Some(field) => field.1 = value,
        None => fields.push((name, value)),
    }
    form(&fields)
}

/// Refused submissions write nothing (a taken id or year is a 409, a bad
/// one and an error-adding one a 422 with the finding); the submission
/// creates its files, which validate, and nothing else changes; sent
/// again it is refused as taken. Returns the main file's text.
fn makes(case: &NewRecord) -> String {
    let tree = example();
    let root = tree.path();
    let before = read_tree(root);
    let editor = start(root);
    let page = editor.get(case.target);
    assert_eq!(page.status, 200, "{}", page.body);
    let taken = editor.post(case.target, &with(case.fields, case.taken.0, case.taken.1));
    assert_eq!(taken.status, 409, "{}", taken.body);
    assert!(taken.body.contains("已被使用"), "{}", taken.body);
    let bad = editor.post(case.target, &with(case.fields, case.bad.0, case.bad.1));
    assert_eq!(bad.status, 422, "{}", bad.body);
    assert!(bad.body.contains(case.bad.2), "{}", bad.body);
    if let Some((name, value, finding)) = case.breaking {
        let refused = editor.post(case.target, &with(case.fields, name, value));
        assert_eq!(refused.status, 422, "{}", refused.body);
        let at = refused.body.find(&format!("name=\"{name}\"")).expect("the field");
        let field = &refused.body[at..];
        let end = field.find("</div>").expect("the field's end");
        assert!(field[..end].contains(finding), "beside its field: {}", refused.body);
    }
    assert_eq!(read_tree(root), before, "nothing written by a refusal");
    let made = editor.post(case.target, &form(case.fields));
    assert_eq!(made.status, 303, "{}", made.body);
    let location = format!("Location: /_edit/form/{}?saved=1", case.created[0]);
    assert!(made.head.contains(&location), "{}", made.head);
    let opened = editor.get(&format!("/_edit/form/{}", case.created[0]));
    assert_eq!(opened.status, 200, "{}", opened.body);
    let mut after = read_tree(root);
    for file in case.created {
        let text = after.remove(*file).unwrap_or_else(|| panic!("{file} created"));
        assert!(
            text.starts_with(b"# yaml-language-server: $schema=") || text.starts_with(b"---\n# yaml-language-server")
        );
    }
    assert_eq!(after, before, "every other byte of the content as it was");
    let out = crate::support::qaward(root, &["validate", "--root", "."]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    let made = read_tree(root);
    let again = editor.post(case.target, &form(case.fields));
    assert_eq!(again.status, 409, "{}", again.body);
    assert_eq!(read_tree(root), made, "nothing replaced");
    std::fs::read_to_string(root.join(case.created[0])).expect("read")
}

#[test]
fn a_new_organisation_is_refused_when_its_id_is_taken_or_bad() {
    let text = makes(&NewRecord {
        target: "/_edit/new/organization/",
        fields: &[
            ("_id", "new-org"),
            ("/name", "温州新示例有限公司"),
            ("/uscc", "91330300MA2AXXXX1L"),
            ("/established", "2015-03-02"),
            ("/recommender", "lucheng"),
            ("/industry", "footwear"),
            ("/contact/person", "张三"),
            ("/contact/phone", "0577-88888888"),
            ("/contact/email", "a@example.com"),
        ],
        taken: ("_id", "cangnan-label"),
        bad: ("_id", "New_Org", "编号 `New_Org` 无效"),
        breaking: Some(("/uscc", "91330300MA2AXXXX1X", "uscc/checksum")),
        created: &["organizations/new-org.yaml"],
    });
    assert!(text.contains("\nname: 温州新示例有限公司\n"), "{text}");
}

#[test]
fn a_new_expert_made_in_the_form_validates() {
    let text = makes(&NewRecord {
        target: "/_edit/new/expert/",
        fields: &[
            ("_id", "qian-mouli"),
            ("/name", "钱某立"),
            ("/level", "provincial"),
            ("/certificate", "浙江省政府质量奖评审员证 ZJ-0101（演示）"),
            ("/affiliation", "温州示例大学"),
        ],
        taken: ("_id", "chen-mouping"),
        bad: ("_id", "../qian", "编号 `../qian` 无效"),
        breaking: Some(("/level", "galactic", "schema")),
        created: &["experts/qian-mouli.yaml"],
    });
    assert!(text.contains("\nlevel: provincial\n"), "{text}");
    assert!(
        text.contains("# conflicts:"),
        "the optional list stays a comment: {text}"
    );
}

#[test]
fn a_new_notice_made_in_the_form_validates_with_its_body() {
    let text = makes(&NewRecord {
        target: "/_edit/new/notice/",
        fields: &[
            ("_id", "training-2026"),
            ("_date", "2026-03-02"),
            ("/title", "关于举办卓越绩效培训班的通知"),
            ("_body", "各有关单位：\r\n\r\n## 一、时间\r\n\r\n三月中旬。\r\n"),
        ],
        taken: ("_id", "2025-call"),
        bad: ("_id", "培训", "编号 `培训` 无效"),
        breaking: Some(("/year", "1999", "schema")),
        created: &["notices/training-2026.md"],
    });
    assert!(text.contains("\ndate: 2026-03-02\n"), "{text}");
    assert!(text.contains("\nkind: general\n"), "{text}");
    assert!(text.contains("\ntitle: 关于举办卓越绩效培训班的通知\n"), "{text}");
    assert!(
        text.ends_with("---\n\n各有关单位：\n\n## 一、时间\n\n三月中旬。\n"),
        "{text}"
    );
}

#[test]
fn a_new_cycle_made_in_the_form_creates_its_call_notice_too() {
    let text = makes(&NewRecord {
        target: "/_edit/new/cycle/",
        fields: &[("_year", "2026")],
        taken: ("_year", "2025"),
        bad: ("_year", "26", "年度 `26` 无效"),
        // The cycle's own fields are planned by the scaffold: nothing to break.
        breaking: None,
        created: &["cycles/2026/cycle.yaml", "notices/2026-call.md"],
    });
    assert!(text.contains("\nyear: 2026\n"), "{text}");
}

#[test]
fn a_new_application_made_in_the_form_validates() {
    let text = makes(&NewRecord {
        target: "/_edit/new/application/",
        fields: &[
            ("_year", "2025"),
            ("_organization", "cangnan-instruments"),
            ("_award", "quality"),
            ("/submitted", "2026-04-20"),
            ("/excellence_since", "2015-01-01"),
            ("/declarations/compliant", "true"),
            ("/declarations/incidents", "[]"),
            ("/self_evaluation/score", "612"),
            ("/self_evaluation/report", "卓越绩效自我评价报告（演示）"),
        ],
        taken: ("_organization", "lucheng-leather"),
        bad: ("_award", "qualty", "未知奖项 `qualty`"),
        breaking: Some(("/self_evaluation/score", "1200", "art4/scores")),
        created: &["cycles/2025/applications/cangnan-instruments.yaml"],
    });
    assert!(text.contains("\norganization: cangnan-instruments\n"), "{text}");
    assert!(text.contains("\n  incidents: []\n"), "{text}");
}

#[test]
fn the_lists_link_to_the_new_forms_and_a_year_is_chosen_for_its_list() {
    let tree = example();
    let editor = start(tree.path());
    for (page, link) in [
        ("/_edit/", "href=\"/_edit/new/application/\""),
        ("/_edit/", "href=\"/_edit/new/cycle/\""),
        ("/_edit/cycles/2024/", "href=\"/_edit/new/application/?year=2024\""),
        ("/_edit/organizations/", "href=\"/_edit/new/organization/\""),
        ("/_edit/experts/", "href=\"/_edit/new/expert/\""),
        ("/_edit/notices/", "href=\"/_edit/new/notice/\""),
    ] {
        let reply = editor.get(page);
        assert_eq!(reply.status, 200, "{page}");
        assert!(reply.body.contains(link), "{page} links {link}");
    }
    let form = editor.get("/_edit/new/application/?year=2024");
    assert_eq!(form.status, 200, "{}", form.body);
    assert!(form.body.contains("<option value=\"2024\" selected>"), "{}", form.body);
    assert!(
        form.body
            .contains("<option value=\"cangnan-instruments\">苍南演示仪表有限公司（cangnan-instruments）</option>"),
        "organisations are chosen by name: {}",
        form.body
    );
    assert!(!form.body.contains("name=\"/organization\""), "the heads decide it");
    let cycle = editor.get("/_edit/new/cycle/");
    assert!(cycle.body.contains("name=\"_year\" value=\"2026\""), "{}", cycle.body);
    assert_eq!(editor.get("/_edit/new/programme/").status, 404);
}

#[test]
fn a_new_notice_body_is_previewed_without_saving_and_a_bad_date_is_refused() {
    let tree = example();
    let root = tree.path();
    let before = read_tree(root);
    let editor = start(root);
    let target = "/_edit/new/notice/";
    let fields = [
        ("_id", "training-2026"),
        ("_date", "2026-03-02"),
        ("/title", "关于举办卓越绩效培训班的通知"),
        ("_body", "## 一、时间\r\n\r\n三月中旬。\r\n"),
    ];
    let preview = editor.post(target, &with(&fields, "_action", "preview"));
    assert_eq!(preview.status, 200, "{}", preview.body);
    assert!(preview.body.contains("<h2>一、时间</h2>"), "{}", preview.body);
    assert!(preview.body.contains("尚未保存"), "{}", preview.body);
    assert!(
        preview.body.contains("value=\"training-2026\""),
        "the id stays: {}",
        preview.body
    );
    for date in ["2026-02-30", "2026/03/02", "三月二日"] {
        let refused = editor.post(target, &with(&fields, "_date", date));
        assert_eq!(refused.status, 422, "{date}: {}", refused.body);
        assert!(refused.body.contains("发布日期"), "{}", refused.body);
    }
    assert_eq!(read_tree(root), before, "nothing written");
}

#[test]
fn a_value_the_editing_module_refuses_names_its_line_once_and_writes_nothing() {
    let tree = example();
    let root = tree.path();
    let before = read_tree(root);
    let editor = start(root);
    // A text starting with a space cannot be a literal block as it is.
    let file = "organizations/cangnan-label.yaml";
    let body = whole_form(&editor, file, &[("/profile", " 以空格开头的简介。\r\n")]);
    let reply = editor.post(&format!("/_edit/form/{file}"), &body);
    assert_eq!(reply.status, 422, "{}", reply.body);
    assert_eq!(reply.body.matches("第 7 行：").count(), 1, "{}", reply.body);
    assert!(reply.body.contains("请手工编辑第 7 行"), "{}", reply.body);
    assert_eq!(read_tree(root), before);
}

#[test]
fn a_profile_and_a_tally_written_in_braces_are_edited_in_their_lines_only() {
    let tree = example();
    let root = tree.path();
    let editor = start(root);
    let file = "organizations/cangnan-label.yaml";
    let path = root.join(file);
    let before = std::fs::read_to_string(&path).expect("read");
    // As a browser sends a text area: CRLF line breaks.
    let profile = "苍南演示标识有限公司生产金属标牌和徽章。\r\n\r\n第二段（演示）。\r\n";
    let body = whole_form(&editor, file, &[("/profile", profile)]);
    let saved = editor.post(&format!("/_edit/form/{file}"), &body);
    assert_eq!(saved.status, 303, "{}", saved.body);
    let old = "  苍南演示标识有限公司生产金属标牌、徽章和各类标识制品。（演示内容，数据虚构。）\n";
    let new = "  苍南演示标识有限公司生产金属标牌和徽章。\n\n  第二段（演示）。\n";
    assert_eq!(std::fs::read_to_string(&path).expect("read"), before.replace(old, new));
    // One count of a committee tally written as `{for: 19, …}`.
    let cycle_before = std::fs::read_to_string(root.join(CYCLE)).expect("read");
    let body = whole_form(
        &editor,
        CYCLE,
        &[
            ("/committee_vote/tallies/zhenan-data/for", "20"),
            ("/committee_vote/tallies/zhenan-data/against", "1"),
        ],
    );
    let saved = editor.post(&format!("/_edit/form/{CYCLE}"), &body);
    assert_eq!(saved.status, 303, "{}", saved.body);
    assert_eq!(
        std::fs::read_to_string(root.join(CYCLE)).expect("read"),
        cycle_before.replace("{for: 19, against: 2, abstain: 1}", "{for: 20, against: 1, abstain: 1}")
    );
}

#[test]
fn rows_typed_into_a_new_records_lists_are_written_never_dropped() {
    let tree = example();
    let root = tree.path();
    let editor = start(root);
    let made = editor.post(
        "/_edit/new/expert/",
        &form(&[
            ("_id", "qian-mouli"),
            ("/name", "钱某立"),
            ("/level", "provincial"),
            ("/certificate", "浙江省政府质量奖评审员证 ZJ-0101（演示）"),
            ("/affiliation", "温州示例大学"),
            ("_new:/conflicts/0", "lucheng-leather"),
        ]),
    );
    assert_eq!(made.status, 303, "{}", made.body);
    let expert = std::fs::read_to_string(root.join("experts/qian-mouli.yaml")).expect("read");
    assert!(expert.contains("\nconflicts:\n  - lucheng-leather\n"), "{expert}");
    // An incident typed in: written, though 无 was left chosen.
    let made = editor.post(
        "/_edit/new/application/",
        &form(&[
            ("_year", "2025"),
            ("_organization", "cangnan-instruments"),
            ("_award", "quality"),
            ("/submitted", "2026-04-20"),
            ("/excellence_since", "2015-01-01"),
            ("/declarations/compliant", "true"),
            ("/declarations/incidents", "[]"),
            ("_new:/declarations/incidents/0/kind", "major-complaint"),
            ("_new:/declarations/incidents/0/date", "2024-03-01"),
            ("_new:/declarations/incidents/0/description", "一件投诉（演示）。"),
            ("/self_evaluation/score", "612"),
            ("/self_evaluation/report", "卓越绩效自我评价报告（演示）"),
        ]),
    );
    assert_eq!(made.status, 303, "{}", made.body);
    let app = std::fs::read_to_string(root.join("cycles/2025/applications/cangnan-instruments.yaml")).expect("read");
    assert!(app.contains("    - kind: major-complaint\n"), "{app}");
    assert!(app.contains("      description: 一件投诉（演示）。\n"), "{app}");
    assert!(!app.contains("incidents: []"), "{app}");
    let out = crate::support::qaward(root, &["validate", "--root", "."]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
}

#[test]
fn a_review_group_is_added_with_its_leader_then_filled_in_its_tables() {
    let tree = example();
    let root = tree.path();
    let editor = start(root);
    let page = editor.get(&format!("/_edit/form/{CYCLE}")).body;
    assert!(page.contains("<legend>新增评审组</legend>"), "the new group's section");
    let before = std::fs::read_to_string(root.join(CYCLE)).expect("read");
    // Only one of the two fields: nothing is added.
    let body = whole_form(&editor, CYCLE, &[("_newkey:/review_groups/0", "group-e")]);
    let reply = editor.post(&format!("/_edit/form/{CYCLE}"), &body);
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert!(reply.body.contains("没有修改任何内容"), "{}", reply.body);
    let body = whole_form(
        &editor,
        CYCLE,
        &[
            ("_newkey:/review_groups/0", "group-e"),
            ("_new:/review_groups/0/leader", "chen-mouping"),
            ("_new:/review_groups/0/members/0", "xu-mouhong"),
            // The leader chosen again, and an empty choice: left out.
            ("_new:/review_groups/0/members/1", "chen-mouping"),
            ("_new:/review_groups/0/members/2", ""),
            ("_new:/review_groups/0/members/3", "ye-mouqing"),
        ],
    );
    let reply = editor.post(&format!("/_edit/form/{CYCLE}"), &body);
    assert_eq!(reply.status, 303, "{}", reply.body);
    let after = std::fs::read_to_string(root.join(CYCLE)).expect("read");
    let added = "  group-e:\n    leader: chen-mouping\n    members:\n      - chen-mouping\n      - xu-mouhong\n      - ye-mouqing\n    applications: []\n";
    let (kept, new) = (before.lines().count(), after.lines().count());
    assert_eq!(new, kept + added.lines().count(), "{after}");
    assert!(after.contains(added), "{after}");
    assert_eq!(after.replacen(added, "", 1), before, "every other byte kept");
    // The new group has its tables: a member is added there.
    let page = editor.get(&format!("/_edit/form/{CYCLE}")).body;
    assert!(
        page.contains("data-list=\"/review_groups/group-e/members\""),
        "its members' table"
    );
    let body = whole_form(
        &editor,
        CYCLE,
        &[("_new:/review_groups/group-e/members/0", "huang-moubin")],
    );
    let reply = editor.post(&format!("/_edit/form/{CYCLE}"), &body);
    assert_eq!(reply.status, 303, "{}", reply.body);
    let filled = std::fs::read_to_string(root.join(CYCLE)).expect("read");
    assert!(
        filled.contains("      - ye-mouqing\n      - huang-moubin\n"),
        "{filled}"
    );
}

#[test]
fn an_awards_shortlist_not_yet_recorded_is_begun_in_its_table() {
    let tree = example();
    let root = tree.path();
    let path = root.join(CYCLE);
    let text = std::fs::read_to_string(&path).expect("read");
    let from = text
        .find("    innovation:   # 质量管理创新奖\n")
        .expect("the innovation list");
    let rest = &text[from..];
    let len = rest
        .split_inclusive('\n')
        .enumerate()
        .take_while(|(i, l)| *i == 0 || l.starts_with("      - "))
        .map(|(_, l)| l.len())
        .sum::<usize>();
    let without = format!("{}{}", &text[..from], &text[from + len..]);
    std::fs::write(&path, &without).expect("write");
    let editor = start(root);
    let page = editor.get(&format!("/_edit/form/{CYCLE}")).body;
    assert!(
        page.contains("data-list=\"/committee_vote/shortlisted/innovation\""),
        "a table for the award not yet listed"
    );
    let body = whole_form(
        &editor,
        CYCLE,
        &[
            ("_new:/committee_vote/shortlisted/innovation/0", "zhenan-semiconductor"),
            ("_new:/committee_vote/shortlisted/innovation/1", "oujiangkou-robotics"),
        ],
    );
    let reply = editor.post(&format!("/_edit/form/{CYCLE}"), &body);
    assert_eq!(reply.status, 303, "{}", reply.body);
    let after = std::fs::read_to_string(&path).expect("read");
    let added = "    innovation:\n      - zhenan-semiconductor\n      - oujiangkou-robotics\n";
    assert_eq!(after.replacen(added, "", 1), without, "only the new list: {after}");
}
