//! The HTTP server: HTTP/1.1 `GET` and `HEAD` on `std::net`, parsed by
//! httparse, one short-lived thread per connection and one `Connection:
//! close` response each.
//!
//! Bounded everywhere, so that no client can hang the server: at most
//! `connections` requests and `streams` event streams at once (beyond them
//! a connection gets a 503 and is closed), a deadline for the request head
//! and a cap on its size, a timeout on every write, and a keep-alive
//! comment on idle event streams so that dead clients are noticed.

use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use super::edit::{EditReply, Editor};
use super::reload::Live;
use super::route::{Reply, route};

/// The bounds of the server.
#[derive(Clone, Debug)]
pub struct Limits {
    /// Connections being read or answered at once.
    pub connections: usize,
    /// Live-reload event streams open at once.
    pub streams: usize,
    /// Time a client has to send its whole request head.
    pub head_timeout: Duration,
    /// Time any one write may block.
    pub write_timeout: Duration,
    /// Largest request head accepted, in bytes.
    pub max_head: usize,
    /// Interval of the comment sent on an idle event stream.
    pub keepalive: Duration,
    /// Largest request body accepted (a form's POST), in bytes.
    pub max_body: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            connections: 64,
            streams: 64,
            head_timeout: Duration::from_secs(10),
            write_timeout: Duration::from_secs(10),
            max_head: 16 * 1024,
            keepalive: Duration::from_secs(15),
            max_body: 4 * 1024 * 1024,
        }
    }
}

/// Binds the listening socket.
pub fn bind(addr: SocketAddr) -> io::Result<TcpListener> {
    TcpListener::bind(addr)
}

/// A taken place among `max`; given back on drop.
struct Slot(Arc<AtomicUsize>);

impl Slot {
    fn take(count: &Arc<AtomicUsize>, max: usize) -> Option<Slot> {
        count
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| (n < max).then_some(n + 1))
            .ok()
            .map(|_| Slot(Arc::clone(count)))
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

/// The preview server.
pub struct Server {
    listener: TcpListener,
    shared: Arc<Shared>,
}

struct Shared {
    live: Arc<Live>,
    /// The editor of `serve --edit`; without it `/_edit/` does not exist
    /// and every POST is refused.
    editor: Option<Arc<Editor>>,
    limits: Limits,
    connections: Arc<AtomicUsize>,
    streams: Arc<AtomicUsize>,
}

impl Server {
    #[cfg(test)]
    pub fn new(listener: TcpListener, live: Arc<Live>, limits: Limits) -> Server {
        Server::with_editor(listener, live, limits, None)
    }

    /// The server of `serve --edit`: the site, and the forms of `editor`
    /// under `/_edit/`.
    pub fn with_editor(listener: TcpListener, live: Arc<Live>, limits: Limits, editor: Option<Arc<Editor>>) -> Server {
        let shared = Shared {
            live,
            editor,
            limits,
            connections: Arc::new(AtomicUsize::new(0)),
            streams: Arc::new(AtomicUsize::new(0)),
        };
        Server {
            listener,
            shared: Arc::new(shared),
        }
    }

    /// Accepts connections for as long as the process runs. A failed
    /// accept (out of file descriptors, say) is retried after a pause.
    pub fn run(self) {
        loop {
            match self.listener.accept() {
                Ok((stream, _)) => self.dispatch(stream),
                Err(_) => std::thread::sleep(Duration::from_millis(50)),
            }
        }
    }

    fn dispatch(&self, mut stream: TcpStream) {
        let Some(slot) = Slot::take(&self.shared.connections, self.shared.limits.connections) else {
            // Small enough for the socket buffer: this write does not wait.
            let _ = stream.set_write_timeout(Some(Duration::from_millis(100)));
            let _ = refuse(&mut stream, 503);
            return;
        };
        let shared = Arc::clone(&self.shared);
        // When no thread can be started, the closure is dropped and with it
        // the stream (closed) and the slot (given back).
        let _ = std::thread::Builder::new()
            .name("qaward-serve".into())
            .spawn(move || shared.handle(stream, slot));
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Method {
    #[default]
    Get,
    Head,
    Post,
}

/// A request: its method and target as sent, the headers the editor
/// judges (absent when not sent, or sent twice), and a POST's body.
#[derive(Debug, Default)]
pub struct Request {
    pub method: Method,
    pub target: String,
    pub host: Option<String>,
    pub origin: Option<String>,
    pub referer: Option<String>,
    pub cookie: Option<String>,
    pub body: Vec<u8>,
}

/// Why no request was read: the client went away, or the status to answer.
#[derive(Debug, PartialEq, Eq)]
enum Refusal {
    Closed,
    Status(u16),
}

impl Shared {
    fn handle(&self, mut stream: TcpStream, slot: Slot) {
        let _ = stream.set_nodelay(true);
        if stream.set_write_timeout(Some(self.limits.write_timeout)).is_err() {
            return;
        }
        let allow_post = self.editor.is_some();
        match read_request(&mut stream, &self.limits, allow_post) {
            Ok(request) => self.answer(&mut stream, &request, slot),
            Err(Refusal::Status(status)) => {
                let _ = refuse(&mut stream, status);
            }
            Err(Refusal::Closed) => {}
        }
        linger(&mut stream);
    }

    fn answer(&self, stream: &mut TcpStream, request: &Request, slot: Slot) {
        let head_only = request.method == Method::Head;
        if let Some(editor) = &self.editor {
            if let Some(reply) = editor.answer(request) {
                let _ = send_edit(stream, &reply, head_only);
                return;
            }
        } else if request.method == Method::Post {
            let _ = refuse(stream, 405);
            return;
        }
        let (snapshot, generation) = self.live.current();
        let _ = match route(&snapshot, generation, &request.target) {
            Reply::File {
                status,
                content_type,
                body,
            } => {
                // Under --edit a preview page links to the form of what it shows.
                let body = match &self.editor {
                    Some(editor) if status == 200 && content_type.starts_with("text/html") => std::borrow::Cow::Owned(
                        super::reload::inject(&body, &editor.edit_bar(&request.target, &snapshot.base_path)),
                    ),
                    _ => body,
                };
                respond(stream, status, &[("Content-Type", content_type)], &body, head_only)
            }
            Reply::Redirect(location) => respond(stream, 302, &[("Location", location.as_str())], b"", head_only),
            Reply::Events { since } => {
                drop(snapshot);
                self.events(stream, since, head_only, slot);
                Ok(())
            }
        };
    }

    /// The Server-Sent Events stream: a `reload` event whenever the
    /// generation differs from the one the page was served with.
    fn events(&self, stream: &mut TcpStream, since: u64, head_only: bool, connection: Slot) {
        let Some(_stream_slot) = Slot::take(&self.streams, self.limits.streams) else {
            let _ = refuse(stream, 503);
            return;
        };
        // A stream is counted among streams, not among requests.
        drop(connection);
        let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\n\
                    Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n";
        if send(stream, head.as_bytes()).is_err() || head_only || send(stream, b"retry: 1000\n\n").is_err() {
            return;
        }
        let mut seen = since;
        loop {
            let message = match self.live.wait_change(seen, self.limits.keepalive) {
                Some(generation) => {
                    seen = generation;
                    format!("event: reload\ndata: {generation}\n\n")
                }
                None => ": keepalive\n\n".to_owned(),
            };
            if send(stream, message.as_bytes()).is_err() {
                return;
            }
        }
    }
}

/// Closes the sending side, then reads what the client still sends (for a
/// second at most) so that closing does not reset the connection before
/// the client has read the answer.
fn linger(stream: &mut TcpStream) {
    if stream.shutdown(Shutdown::Write).is_err() {
        return;
    }
    let deadline = Instant::now() + Duration::from_secs(1);
    let mut sink = [0u8; 4096];
    let mut total = 0usize;
    while total < 256 * 1024 {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            return;
        }
        match stream.read(&mut sink) {
            Ok(0) | Err(_) => return,
            Ok(n) => total += n,
        }
    }
}

fn send(stream: &mut TcpStream, bytes: &[u8]) -> io::Result<()> {
    stream.write_all(bytes)?;
    stream.flush()
}

/// Reads the request head within the deadline and the size cap, then a
/// POST's body (when POST is allowed) within the same deadline.
fn read_request(stream: &mut TcpStream, limits: &Limits, allow_post: bool) -> Result<Request, Refusal> {
    let deadline = Instant::now() + limits.head_timeout;
    let mut head = Vec::with_capacity(1024);
    loop {
        read_some(stream, deadline, &mut head)?;
        if let Some((mut request, length, at)) = parse(&head, allow_post)? {
            if request.method == Method::Post {
                if length > limits.max_body {
                    return Err(Refusal::Status(413));
                }
                let mut body = head.get(at..).unwrap_or_default().to_vec();
                while body.len() < length {
                    read_some(stream, deadline, &mut body)?;
                }
                body.truncate(length);
                request.body = body;
            }
            return Ok(request);
        }
        if head.len() > limits.max_head {
            return Err(Refusal::Status(431));
        }
    }
}

/// Reads what the client sent next into `into`, before `deadline`.
fn read_some(stream: &mut TcpStream, deadline: Instant, into: &mut Vec<u8>) -> Result<(), Refusal> {
    let mut chunk = [0u8; 4096];
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(Refusal::Status(408));
        }
        stream.set_read_timeout(Some(left)).map_err(|_| Refusal::Closed)?;
        match stream.read(&mut chunk) {
            Ok(0) => return Err(Refusal::Closed),
            Ok(n) => {
                into.extend_from_slice(chunk.get(..n).unwrap_or_default());
                return Ok(());
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) if matches!(e.kind(), io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut) => {
                return Err(Refusal::Status(408));
            }
            Err(_) => return Err(Refusal::Closed),
        }
    }
}

/// The request in `head` with its body's length and where the body
/// starts, or `None` while the head is incomplete.
fn parse(head: &[u8], allow_post: bool) -> Result<Option<(Request, usize, usize)>, Refusal> {
    let mut headers = [httparse::EMPTY_HEADER; 64];
    let mut request = httparse::Request::new(&mut headers);
    let at = match request.parse(head) {
        Ok(httparse::Status::Complete(at)) => at,
        Ok(httparse::Status::Partial) => return Ok(None),
        Err(httparse::Error::TooManyHeaders) => return Err(Refusal::Status(431)),
        Err(_) => return Err(Refusal::Status(400)),
    };
    let method = match request.method {
        Some("GET") => Method::Get,
        Some("HEAD") => Method::Head,
        Some("POST") if allow_post => Method::Post,
        _ => return Err(Refusal::Status(405)),
    };
    let header = |name: &str| -> Option<String> {
        let mut found = request.headers.iter().filter(|h| h.name.eq_ignore_ascii_case(name));
        let first = found.next()?;
        // A header sent twice is taken as not sent: neither value is trusted.
        if found.next().is_some() {
            return None;
        }
        std::str::from_utf8(first.value).ok().map(|v| v.trim().to_owned())
    };
    let length = match header("content-length") {
        Some(v) => v.parse::<usize>().map_err(|_| Refusal::Status(400))?,
        None if method == Method::Post => return Err(Refusal::Status(411)),
        None => 0,
    };
    let parsed = Request {
        method,
        target: request.path.unwrap_or("/").to_owned(),
        host: header("host"),
        origin: header("origin"),
        referer: header("referer"),
        cookie: header("cookie"),
        body: Vec::new(),
    };
    Ok(Some((parsed, length, at)))
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        302 => "Found",
        303 => "See Other",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        403 => "Forbidden",
        408 => "Request Timeout",
        411 => "Length Required",
        413 => "Content Too Large",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "",
    }
}

/// An answer of the editor.
fn send_edit(stream: &mut TcpStream, reply: &EditReply, head_only: bool) -> io::Result<()> {
    let headers: Vec<(&str, &str)> = reply.headers.iter().map(|(n, v)| (*n, v.as_str())).collect();
    respond(stream, reply.status, &headers, &reply.body, head_only)
}

/// A plain-text answer to a request that was not served.
fn refuse(stream: &mut TcpStream, status: u16) -> io::Result<()> {
    let body = format!("{status} {}\n", reason(status));
    let allow: &[(&str, &str)] = if status == 405 { &[("Allow", "GET, HEAD")] } else { &[] };
    let mut headers = vec![("Content-Type", "text/plain; charset=utf-8")];
    headers.extend_from_slice(allow);
    respond(stream, status, &headers, body.as_bytes(), false)
}

/// Writes a whole response. Header values with control characters are
/// left out rather than sent.
fn respond(
    stream: &mut impl Write,
    status: u16,
    headers: &[(&str, &str)],
    body: &[u8],
    head_only: bool,
) -> io::Result<()> {
    let mut head = format!("HTTP/1.1 {status} {}\r\n", reason(status));
    for (name, value) in headers {
        if !value.chars().any(char::is_control) {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
    }
    head.push_str(&format!(
        "Content-Length: {}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
        body.len()
    ));
    stream.write_all(head.as_bytes())?;
    if !head_only {
        stream.write_all(body)?;
    }
    stream.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::serve::site::{Served, Site, Snapshot};

    fn start(limits: Limits) -> (SocketAddr, Arc<Live>) {
        let site = Site::from_pairs([("index.html".to_owned(), b"<html><body>home</body></html>".to_vec())]);
        let live = Arc::new(Live::new(Snapshot {
            base_path: "/".into(),
            served: Served::Site(site),
        }));
        let listener = bind("127.0.0.1:0".parse().expect("address")).expect("bind");
        let addr = listener.local_addr().expect("address");
        let server = Server::new(listener, Arc::clone(&live), limits);
        std::thread::spawn(move || server.run());
        (addr, live)
    }

    fn exchange(addr: SocketAddr, request: &[u8]) -> String {
        let mut stream = TcpStream::connect(addr).expect("connect");
        stream.set_read_timeout(Some(Duration::from_secs(30))).expect("timeout");
        stream.write_all(request).expect("send");
        let mut reply = Vec::new();
        let _ = stream.read_to_end(&mut reply);
        String::from_utf8_lossy(&reply).into_owned()
    }

    #[test]
    fn a_silent_client_does_not_block_others_and_times_out() {
        let (addr, _live) = start(Limits {
            head_timeout: Duration::from_millis(500),
            ..Limits::default()
        });
        let mut idle = TcpStream::connect(addr).expect("connect");
        let reply = exchange(addr, b"GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        assert!(reply.starts_with("HTTP/1.1 200 OK\r\n"), "{reply}");
        assert!(reply.contains("home<script>"), "{reply}");
        idle.set_read_timeout(Some(Duration::from_secs(30))).expect("timeout");
        let mut answer = String::new();
        let _ = idle.read_to_string(&mut answer);
        assert!(answer.starts_with("HTTP/1.1 408 "), "{answer}");
    }

    #[test]
    fn bad_requests_get_their_status() {
        let (addr, _live) = start(Limits::default());
        let post = exchange(addr, b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
        assert!(
            post.starts_with("HTTP/1.1 405 ") && post.contains("Allow: GET, HEAD"),
            "{post}"
        );
        let garbage = exchange(addr, b"\x00\x01 nonsense\r\n\r\n");
        assert!(garbage.starts_with("HTTP/1.1 400 "), "{garbage}");
        let mut big = b"GET / HTTP/1.1\r\nX: ".to_vec();
        big.extend(std::iter::repeat_n(b'a', 40_000));
        let big = exchange(addr, &big);
        assert!(big.starts_with("HTTP/1.1 431 "), "{big}");
        let head = exchange(addr, b"HEAD / HTTP/1.1\r\nHost: x\r\n\r\n");
        assert!(
            head.starts_with("HTTP/1.1 200 ") && head.ends_with("\r\n\r\n"),
            "{head}"
        );
    }

    #[test]
    fn a_post_is_read_only_when_allowed_with_its_length_and_single_headers() {
        let post = b"POST /_edit/form/a.yaml HTTP/1.1\r\nHost: h:1\r\nHost: evil:1\r\nOrigin: http://h:1\r\nContent-Length: 3\r\n\r\na=b";
        assert_eq!(
            parse(post, false).err(),
            Some(Refusal::Status(405)),
            "no POST without --edit"
        );
        let (request, length, at) = parse(post, true).expect("parsed").expect("complete");
        assert_eq!((request.method, length, &post[at..]), (Method::Post, 3, &b"a=b"[..]));
        assert_eq!(request.host, None, "a header sent twice is not trusted");
        assert_eq!(request.origin.as_deref(), Some("http://h:1"));
        let chunked = b"POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n";
        assert_eq!(parse(chunked, true).err(), Some(Refusal::Status(411)));
        let bad = b"POST / HTTP/1.1\r\nHost: h\r\nContent-Length: -1\r\n\r\n";
        assert_eq!(parse(bad, true).err(), Some(Refusal::Status(400)));
    }

    #[test]
    fn streams_beyond_the_limit_are_refused() {
        let (addr, live) = start(Limits {
            streams: 1,
            ..Limits::default()
        });
        let mut first = TcpStream::connect(addr).expect("connect");
        first
            .write_all(b"GET /__qaward/events HTTP/1.1\r\nHost: x\r\n\r\n")
            .expect("send");
        first.set_read_timeout(Some(Duration::from_secs(30))).expect("timeout");
        let mut seen = Vec::new();
        let mut buf = [0u8; 512];
        while !String::from_utf8_lossy(&seen).contains("retry: 1000") {
            let n = first.read(&mut buf).expect("read");
            assert!(n > 0, "stream closed");
            seen.extend_from_slice(&buf[..n]);
        }
        let second = exchange(addr, b"GET /__qaward/events HTTP/1.1\r\nHost: x\r\n\r\n");
        assert!(second.starts_with("HTTP/1.1 503 "), "{second}");
        let (snapshot, _) = live.current();
        let generation = live.replace((*snapshot).clone());
        while !String::from_utf8_lossy(&seen).contains(&format!("event: reload\ndata: {generation}\n\n")) {
            let n = first.read(&mut buf).expect("read");
            assert!(n > 0, "stream closed");
            seen.extend_from_slice(&buf[..n]);
        }
    }
}
