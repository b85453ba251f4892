//! Placing a template error that tera reports without a position.
//!
//! Tera checks filters, tests and functions only while rendering, and its
//! render errors carry no line: "Filter 'x' not found". This finds what
//! the error is about and the first template line that uses it, so that a
//! theme author is pointed at the line to change.

use tera::ErrorKind;

/// What a render error is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Culprit {
    Filter(String),
    Test(String),
    Function(String),
    /// A variable path such as `site.titel`.
    Variable(String),
}

impl Culprit {
    /// The kind of thing, in Chinese and in English.
    fn kind(&self) -> (&'static str, &'static str) {
        match self {
            Culprit::Filter(_) => ("过滤器", "filter"),
            Culprit::Test(_) => ("测试", "test"),
            Culprit::Function(_) => ("函数", "function"),
            Culprit::Variable(_) => ("变量", "variable"),
        }
    }

    fn name(&self) -> &str {
        match self {
            Culprit::Filter(n) | Culprit::Test(n) | Culprit::Function(n) | Culprit::Variable(n) => n,
        }
    }

    /// Whether `line` uses it.
    fn used_in(&self, line: &str) -> bool {
        let name = self.name();
        occurrences(line, name).any(|at| {
            let before = line[..at].trim_end();
            let after = line[at + name.len()..].trim_start();
            match self {
                Culprit::Filter(_) => before.ends_with('|') || ends_with_word(before, "filter"),
                Culprit::Test(_) => ends_with_word(before, "is") || ends_with_word(before, "is not"),
                Culprit::Function(_) => after.starts_with('('),
                Culprit::Variable(_) => !before.ends_with('.'),
            }
        })
    }
}

/// The culprit of a tera error, from it or any error in its chain.
pub(crate) fn culprit(error: &tera::Error) -> Option<Culprit> {
    let mut current: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(e) = current {
        if let Some(found) = e.downcast_ref::<tera::Error>().and_then(own_culprit) {
            return Some(found);
        }
        current = e.source();
    }
    None
}

fn own_culprit(error: &tera::Error) -> Option<Culprit> {
    match &error.kind {
        ErrorKind::FilterNotFound(n) | ErrorKind::CallFilter(n) => Some(Culprit::Filter(n.clone())),
        ErrorKind::TestNotFound(n) | ErrorKind::CallTest(n) => Some(Culprit::Test(n.clone())),
        ErrorKind::FunctionNotFound(n) | ErrorKind::CallFunction(n) => Some(Culprit::Function(n.clone())),
        ErrorKind::Msg(m) if m.starts_with("Variable `") => {
            let name = m.split('`').nth(1)?;
            Some(Culprit::Variable(name.to_owned()))
        }
        _ => None,
    }
}

/// The template tera names in "Failed to render 'a.html' (error happened
/// in 'b.html')": the last quoted name of the message.
pub(crate) fn template_named(error: &tera::Error) -> Option<String> {
    let message = error.to_string();
    let mut parts = message.rsplit('\'');
    parts.next()?;
    parts.next().map(str::to_owned)
}

/// The first use of `culprit`: the template and its 1-based line number and
/// text. `templates` are searched in order, so put the likeliest first.
pub(crate) fn first_use<'a>(culprit: &Culprit, templates: &[(&'a str, &'a str)]) -> Option<(&'a str, usize, &'a str)> {
    templates.iter().find_map(|(name, text)| {
        text.lines()
            .enumerate()
            .find(|(_, line)| culprit.used_in(line))
            .map(|(i, line)| (*name, i + 1, line.trim()))
    })
}

/// A sentence placing `culprit`, Chinese first.
pub(crate) fn describe(culprit: &Culprit, at: Option<(&str, usize, &str)>) -> String {
    let (zh, en) = culprit.kind();
    let name = culprit.name();
    match at {
        Some((template, line, text)) => format!(
            "位置：模板 `{template}` 第 {line} 行，{zh} `{name}` \
             (at template `{template}`, line {line}, {en} `{name}`): {text}"
        ),
        None => {
            format!("在主题模板中找不到{zh} `{name}` 的位置 (the {en} `{name}` was not found in the theme's templates)")
        }
    }
}

/// Byte offsets where `name` occurs in `line` as a whole identifier.
fn occurrences<'a>(line: &'a str, name: &'a str) -> impl Iterator<Item = usize> + 'a {
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    line.match_indices(name).map(|(at, _)| at).filter(move |&at| {
        !name.is_empty()
            && !line[..at].chars().next_back().is_some_and(ident)
            && !line[at + name.len()..].chars().next().is_some_and(ident)
    })
}

/// Whether `text` ends with the words `word`, not inside a longer word.
fn ends_with_word(text: &str, word: &str) -> bool {
    text.strip_suffix(word).is_some_and(|rest| {
        !rest
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == '_')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_each_kind_of_use() {
        let filter = Culprit::Filter("up".into());
        assert!(filter.used_in("{{ x | up }}"));
        assert!(filter.used_in("{{ x|up(n=1) }}"));
        assert!(filter.used_in("{% filter up %}"));
        assert!(!filter.used_in("{{ up }}"));
        assert!(!filter.used_in("{{ x | upper }}"));
        let test = Culprit::Test("odd".into());
        assert!(test.used_in("{% if n is odd %}"));
        assert!(test.used_in("{% if n is not odd %}"));
        assert!(!test.used_in("{{ odd }}"));
        let function = Culprit::Function("now".into());
        assert!(function.used_in("{{ now() }}"));
        assert!(!function.used_in("{{ now }}"));
        let variable = Culprit::Variable("site.titel".into());
        assert!(variable.used_in("<p>{{ site.titel }}</p>"));
        assert!(!variable.used_in("{{ page.site.titel }}"));
    }

    #[test]
    fn first_use_searches_templates_in_order() {
        let culprit = Culprit::Filter("nope".into());
        let templates = [("a.html", "x\n"), ("b.html", "1\n2\n{{ v | nope }}\n")];
        assert_eq!(first_use(&culprit, &templates), Some(("b.html", 3, "{{ v | nope }}")));
        assert_eq!(first_use(&Culprit::Test("t".into()), &templates), None);
    }

    #[test]
    fn names_the_template_tera_blames() {
        let e = tera::Error::msg("Failed to render 'index.html' (error happened in 'base.html').");
        assert_eq!(template_named(&e).as_deref(), Some("base.html"));
        let e = tera::Error::msg("Failed to render 'index.html'");
        assert_eq!(template_named(&e).as_deref(), Some("index.html"));
    }
}
