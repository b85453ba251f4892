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
    limits: Limits,
    connections: Arc<AtomicUsize>,
    streams: Arc<AtomicUsize>,
}

impl Server {
    pub fn new(listener: TcpListener, live: Arc<Live>, limits: Limits) -> Server {
        let shared = Shared {
            live,
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

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Method {
    Get,
    Head,
}

#[derive(Debug)]
struct Request {
    method: Method,
    target: String,
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
        match read_request(&mut stream, &self.limits) {
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
        let (snapshot, generation) = self.live.current();
        let _ = match route(&snapshot, generation, &request.target) {
            Reply::File {
                status,
                content_type,
                body,
            } => respond(stream, status, &[("Content-Type", content_type)], &body, head_only),
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

/// Reads the request head within the deadline and the size cap.
fn read_request(stream: &mut TcpStream, limits: &Limits) -> Result<Request, Refusal> {
    let deadline = Instant::now() + limits.head_timeout;
    let mut head = Vec::with_capacity(1024);
    let mut chunk = [0u8; 2048];
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(Refusal::Status(408));
        }
        stream.set_read_timeout(Some(left)).map_err(|_| Refusal::Closed)?;
        let n = match stream.read(&mut chunk) {
            Ok(0) => return Err(Refusal::Closed),
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) if matches!(e.kind(), io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut) => {
                return Err(Refusal::Status(408));
            }
            Err(_) => return Err(Refusal::Closed),
        };
        head.extend_from_slice(chunk.get(..n).unwrap_or_default());
        if let Some(request) = parse(&head)? {
            return Ok(request);
        }
        if head.len() > limits.max_head {
            return Err(Refusal::Status(431));
        }
    }
}

/// The request in `head`, or `None` while it is incomplete.
fn parse(head: &[u8]) -> Result<Option<Request>, Refusal> {
    let mut headers = [httparse::EMPTY_HEADER; 64];
    let mut request = httparse::Request::new(&mut headers);
    match request.parse(head) {
        Ok(httparse::Status::Complete(_)) => {}
        Ok(httparse::Status::Partial) => return Ok(None),
        Err(httparse::Error::TooManyHeaders) => return Err(Refusal::Status(431)),
        Err(_) => return Err(Refusal::Status(400)),
    }
    let method = match request.method {
        Some("GET") => Method::Get,
        Some("HEAD") => Method::Head,
        _ => return Err(Refusal::Status(405)),
    };
    let target = request.path.unwrap_or("/").to_owned();
    Ok(Some(Request { method, target }))
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        302 => "Found",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "",
    }
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
