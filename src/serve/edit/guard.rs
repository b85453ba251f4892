//! The guard of `serve --edit` (SPEC section 11), pure so that every
//! refusal is tested on its own: the `Host` of every request, the token
//! that becomes the cookie, the cookie under `/_edit/`, and the `Origin`
//! (or `Referer`) of every POST.

/// The cookie that carries the token.
pub const COOKIE: &str = "qaward_edit";

/// What the guard decided about a request under `/_edit/`.
#[derive(Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Let it through.
    Pass,
    /// The token link with the right token: set the cookie and redirect.
    Login,
    /// 403, nothing written; the reason is for the page, in Chinese.
    Refuse(&'static str),
}

/// Who may ask: the served addresses (`127.0.0.1:1111`, `localhost:1111`)
/// and the token.
#[derive(Clone, Debug)]
pub struct Guard {
    pub token: String,
    pub hosts: Vec<String>,
}

/// The headers the guard reads.
#[derive(Clone, Copy, Debug, Default)]
pub struct Asked<'a> {
    pub post: bool,
    pub query: &'a str,
    pub host: Option<&'a str>,
    pub origin: Option<&'a str>,
    pub referer: Option<&'a str>,
    pub cookie: Option<&'a str>,
}

impl Guard {
    /// Whether `host` (the `Host` header) names the served address; any
    /// other name may be a DNS rebinding of a foreign site to loopback.
    pub fn host_ok(&self, host: Option<&str>) -> bool {
        host.is_some_and(|h| self.hosts.iter().any(|ok| ok.eq_ignore_ascii_case(h)))
    }

    /// The verdict on a request under `/_edit/` whose `Host` passed.
    pub fn judge(&self, asked: &Asked<'_>) -> Verdict {
        if !self.host_ok(asked.host) {
            return Verdict::Refuse("请求的主机名不是本编辑服务的地址");
        }
        if let Some(token) = query_value(asked.query, "token") {
            if asked.post {
                return Verdict::Refuse("令牌只能通过启动时显示的链接使用");
            }
            return if same(token.as_bytes(), self.token.as_bytes()) {
                Verdict::Login
            } else {
                Verdict::Refuse("令牌不正确：请使用 qaward serve --edit 启动时显示的链接")
            };
        }
        let cookie = asked.cookie.and_then(|c| cookie_value(c, COOKIE));
        if !cookie.is_some_and(|c| same(c.as_bytes(), self.token.as_bytes())) {
            return Verdict::Refuse("没有编辑权限：请使用 qaward serve --edit 启动时显示的链接打开");
        }
        if asked.post && !self.same_origin(asked) {
            return Verdict::Refuse("提交的来源不是本编辑服务（Origin 或 Referer 不符）");
        }
        Verdict::Pass
    }

    /// Whether a POST comes from a page of the served address: its
    /// `Origin`, or when there is none its `Referer`, is that address.
    fn same_origin(&self, asked: &Asked<'_>) -> bool {
        let Some(host) = asked.host else { return false };
        let origin = format!("http://{host}");
        match (asked.origin, asked.referer) {
            (Some(o), _) => o.eq_ignore_ascii_case(&origin),
            (None, Some(r)) => r
                .get(..origin.len() + 1)
                .is_some_and(|start| start.eq_ignore_ascii_case(&format!("{origin}/"))),
            (None, None) => false,
        }
    }

    /// The `Set-Cookie` value of the login.
    pub fn set_cookie(&self) -> String {
        format!("{COOKIE}={}; Path=/_edit/; SameSite=Strict; HttpOnly", self.token)
    }
}

/// A new random token: 32 bytes from the system's generator, in hex.
pub fn new_token() -> Result<String, String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| format!("无法生成随机令牌 (cannot draw a random token: {e})"))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Compares in time independent of where the bytes differ.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The value of `name` in a query string (not decoded: tokens are hex).
pub fn query_value<'a>(query: &'a str, name: &str) -> Option<&'a str> {
    query
        .split('&')
        .find_map(|pair| pair.split_once('=').filter(|(k, _)| *k == name).map(|(_, v)| v))
}

/// The value of cookie `name` in a `Cookie` header.
fn cookie_value<'a>(header: &'a str, name: &str) -> Option<&'a str> {
    header
        .split(';')
        .find_map(|pair| pair.trim().split_once('=').filter(|(k, _)| *k == name).map(|(_, v)| v))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn guard() -> Guard {
        Guard {
            token: "ab12".into(),
            hosts: vec!["127.0.0.1:8000".into(), "localhost:8000".into()],
        }
    }

    fn asked<'a>(post: bool, cookie: Option<&'a str>, origin: Option<&'a str>, referer: Option<&'a str>) -> Asked<'a> {
        Asked {
            post,
            query: "",
            host: Some("127.0.0.1:8000"),
            origin,
            referer,
            cookie,
        }
    }

    #[test]
    fn the_token_link_logs_in_and_only_the_right_token() {
        let g = guard();
        let login = Asked {
            query: "token=ab12",
            ..asked(false, None, None, None)
        };
        assert_eq!(g.judge(&login), Verdict::Login);
        for query in ["token=ab13", "token=", "token=ab1", "token=ab123", "token=AB12"] {
            let a = Asked {
                query,
                ..asked(false, None, None, None)
            };
            assert!(matches!(g.judge(&a), Verdict::Refuse(_)), "{query}");
        }
        assert!(g.set_cookie().contains("SameSite=Strict; HttpOnly"));
    }

    #[test]
    fn without_the_cookie_everything_is_refused() {
        let g = guard();
        for cookie in [
            None,
            Some(""),
            Some("qaward_edit="),
            Some("qaward_edit=ab13"),
            Some("other=ab12"),
        ] {
            assert!(
                matches!(g.judge(&asked(false, cookie, None, None)), Verdict::Refuse(_)),
                "{cookie:?}"
            );
        }
        assert_eq!(
            g.judge(&asked(false, Some("x=1; qaward_edit=ab12"), None, None)),
            Verdict::Pass
        );
    }

    #[test]
    fn a_post_needs_an_origin_or_referer_of_the_served_address() {
        let g = guard();
        let c = Some("qaward_edit=ab12");
        for (origin, referer) in [
            (None, None),
            (Some("http://evil.example"), None),
            (Some("null"), None),
            (Some("http://127.0.0.1:8001"), None),
            (Some("https://127.0.0.1:8000"), None),
            (Some("http://evil.example"), Some("http://127.0.0.1:8000/_edit/")),
            (None, Some("http://evil.example/_edit/")),
            (None, Some("http://127.0.0.1:8000.evil.example/")),
            (None, Some("http://127.0.0.1:8000")),
        ] {
            assert!(
                matches!(g.judge(&asked(true, c, origin, referer)), Verdict::Refuse(_)),
                "{origin:?} {referer:?}"
            );
        }
        assert_eq!(
            g.judge(&asked(true, c, Some("http://127.0.0.1:8000"), None)),
            Verdict::Pass
        );
        assert_eq!(
            g.judge(&asked(true, c, None, Some("http://127.0.0.1:8000/_edit/x"))),
            Verdict::Pass
        );
    }

    #[test]
    fn only_the_served_host_is_answered() {
        let g = guard();
        for host in [
            None,
            Some("evil.example"),
            Some("127.0.0.1"),
            Some("127.0.0.1:8001"),
            Some("evil.example:8000"),
        ] {
            assert!(!g.host_ok(host), "{host:?}");
        }
        assert!(g.host_ok(Some("localhost:8000")));
    }

    #[test]
    fn tokens_are_random_and_long() {
        let a = new_token().expect("token");
        let b = new_token().expect("token");
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
    }
}
