//! qaward reads YAML with its own one-pass builder over saphyr-parser
//! events (`src/yaml/tree.rs`). serde_yaml, the parser it replaced, is the
//! reference: on every YAML text the project holds (the demo content, every
//! test case, the fuzzers' corpora and their reproducers), a text that
//! qaward accepts must be one serde_yaml accepts with the same value, and a
//! text that serde_yaml refuses must be refused by qaward too. qaward may
//! refuse more only for its stated policy: bounds, tags, merge keys,
//! non-string keys, non-finite numbers.

use crate::support::manifest_dir;

/// Every YAML text under `folders`: `.yaml` files whole, the front matter
/// of `.md` files, and (for the fuzz folders) every file whatever its name.
fn texts() -> Vec<(String, String)> {
    let root = manifest_dir();
    let mut texts = Vec::new();
    for folder in [
        "content",
        "tests/cases",
        "fuzz/corpus",
        "fuzz/regressions",
        "fuzz/seeds",
    ] {
        let fuzz = folder.starts_with("fuzz");
        for entry in walkdir::WalkDir::new(root.join(folder)).sort_by_file_name() {
            let Ok(entry) = entry else { continue };
            if !entry.file_type().is_file() {
                continue;
            }
            let path = entry.path();
            let Ok(text) = std::fs::read_to_string(path) else {
                continue;
            };
            let name = path.strip_prefix(&root).unwrap_or(path).display().to_string();
            let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
            if ext == "md" {
                if let Some((front, _)) = qaward::load::split_front_matter(&text) {
                    texts.push((name, front.to_owned()));
                }
            } else if fuzz || ext == "yaml" || ext == "yml" {
                texts.push((name, text));
            }
        }
    }
    texts
}

/// What qaward refuses on purpose, by the English text of its messages.
const POLICY: [&str; 8] = [
    "nesting deeper",
    "aliases (`*name`) expand",
    "expand forever",
    "control character",
    "YAML tags",
    "merge keys",
    "is not a string",
    "non-finite numbers",
];

#[test]
fn qaward_reads_every_yaml_text_of_the_project_as_serde_yaml_does() {
    let texts = texts();
    assert!(texts.len() > 1_000, "only {} texts found", texts.len());
    let (mut same, mut both_refuse, mut policy, mut gaps) = (0, 0, 0, 0);
    let mut failures = Vec::new();
    for (name, text) in &texts {
        // The loader drops a byte-order mark before parsing.
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let ours = qaward::yaml::parse(text);
        let theirs = reference(text);
        match (ours, theirs) {
            (Ok(ours), Ok(theirs)) if ours == theirs => same += 1,
            (Ok(ours), Ok(theirs)) => failures.push(format!("{name}: qaward {ours} / serde_yaml {theirs}")),
            (Ok(ours), Err(e)) => match libyaml_gap(&ours, &e) {
                Some(_) => gaps += 1,
                None => failures.push(format!("{name}: qaward accepts what serde_yaml refuses: {e}")),
            },
            (Err(_), Err(_)) => both_refuse += 1,
            (Err(problems), Ok(_)) => {
                if problems.iter().all(|p| POLICY.iter().any(|k| p.message.en.contains(k))) {
                    policy += 1;
                } else {
                    failures.push(format!(
                        "{name}: qaward refuses what serde_yaml reads: {:?}",
                        problems[0].message.en
                    ));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} disagreements:\n{}",
        failures.len(),
        failures.join("\n")
    );
    // The corpus exercises all three outcomes.
    assert!(
        same > 500 && both_refuse > 20 && policy > 20 && gaps < 40,
        "same {same}, both refuse {both_refuse}, policy {policy}, libyaml gaps {gaps}"
    );
}

/// Where libyaml, under serde_yaml, refuses YAML 1.2 that saphyr reads:
/// anchor names beyond ASCII letters and digits, unknown directives (the
/// spec says to ignore them), and anything at all whose root is not a
/// mapping (a root block scalar at indentation 0, a tab before a root
/// scalar), which the schema check refuses in every content file.
fn libyaml_gap(ours: &serde_json::Value, theirs: &str) -> Option<&'static str> {
    if !ours.is_object() {
        return Some("the root is not a mapping");
    }
    ["while scanning an anchor", "found unknown directive name"]
        .into_iter()
        .find(|gap| theirs.contains(gap))
}

/// serde_yaml's reading, as JSON: `Err` when it refuses the text or the
/// value has no JSON form (a tag, a non-string key, a non-finite number).
fn reference(text: &str) -> Result<serde_json::Value, String> {
    // serde_yaml is quadratic in nesting depth; deeper texts are refused
    // by both (qaward's bound), so they are not given to it.
    if qaward::yaml::check_depth(text).is_err() {
        return Err("too deep for the reference".to_owned());
    }
    let value: serde_yaml::Value = serde_yaml::from_str(text).map_err(|e| e.to_string())?;
    serde_json::to_value(&value).map_err(|e| e.to_string())
}
