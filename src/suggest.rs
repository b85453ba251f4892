//! "Did you mean": the closest known name to one given, for the findings
//! of unknown keys and ids and the refusals of `new`.

/// The closest of `candidates`, if it is close enough to be a typo of
/// `given` (Jaro-Winkler similarity of at least 0.8).
pub(crate) fn suggest<'a>(given: &str, candidates: &'a [String]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (strsim::jaro_winkler(given, c), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        let allowed = vec!["deadline".to_owned(), "published".to_owned(), "notice".to_owned()];
        assert_eq!(suggest("dedline", &allowed), Some("deadline"));
        assert_eq!(suggest("publshed", &allowed), Some("published"));
        assert_eq!(suggest("zzz", &allowed), None);
    }
}
