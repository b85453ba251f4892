//! The JSON Schemas of the content format, embedded in the binary.
//!
//! `schemas/*.schema.json` are the source; editors point at those files and
//! `qaward schema --out DIR` writes these same bytes.
//!
//! Convention: a content repository keeps its content root and a
//! `schemas/` folder side by side (as this project keeps `content/` and
//! `schemas/`), written there by `qaward schema --out schemas`. The
//! modeline that `qaward new` puts at the top of each file ([`modeline`])
//! points at that folder by a path relative to the file, so editors find
//! the schema with no settings. Each schema's `$id` ([`id`]) names it under
//! the reserved `.example` top-level domain, which never resolves.

use crate::load::Kind;

/// The schema text of one file kind.
pub fn text(kind: Kind) -> &'static str {
    match kind {
        Kind::Programme => include_str!("../schemas/programme.schema.json"),
        Kind::Organization => include_str!("../schemas/organization.schema.json"),
        Kind::Expert => include_str!("../schemas/expert.schema.json"),
        Kind::Cycle => include_str!("../schemas/cycle.schema.json"),
        Kind::Application => include_str!("../schemas/application.schema.json"),
        Kind::Notice => include_str!("../schemas/notice.schema.json"),
    }
}

/// The file name a schema is published under.
pub fn file_name(kind: Kind) -> String {
    format!("{}.schema.json", kind.name())
}

/// The folder beside the content root that holds the schema files.
pub(crate) const DIR: &str = "schemas";

/// Where every schema's `$id` starts: a name, never fetched (`.example`
/// is reserved by RFC 2606 and resolves nowhere); the file name follows.
pub(crate) const ID_BASE: &str = "https://qaward.example/schemas/";

/// The path from the content file `file` (relative to the content root,
/// with `/`) to its schema in the [`DIR`] folder beside the root, e.g.
/// `../../schemas/organization.schema.json` for `organizations/a.yaml`.
pub(crate) fn relative_path(kind: Kind, file: &str) -> String {
    let depth = file.split('/').count();
    format!("{}{DIR}/{}", "../".repeat(depth), file_name(kind))
}

/// The first line `qaward new` writes into a YAML file (or notice front
/// matter): the yaml-language-server modeline naming its schema.
pub(crate) fn modeline(kind: Kind, file: &str) -> String {
    format!("# yaml-language-server: $schema={}", relative_path(kind, file))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_schema_is_draft_2020_12_json() {
        for kind in Kind::ALL {
            let schema: serde_json::Value = serde_json::from_str(text(kind)).expect("embedded schema is JSON");
            assert_eq!(
                schema["$schema"], "https://json-schema.org/draft/2020-12/schema",
                "{kind:?}"
            );
            assert_eq!(schema["additionalProperties"], false, "{kind:?}");
            assert_eq!(schema["$id"], format!("{ID_BASE}{}", file_name(kind)), "{kind:?}");
        }
    }

    #[test]
    fn modelines_climb_to_the_folder_beside_the_root() {
        assert_eq!(
            modeline(Kind::Programme, "programme.yaml"),
            "# yaml-language-server: $schema=../schemas/programme.schema.json"
        );
        assert_eq!(
            relative_path(Kind::Application, "cycles/2026/applications/a.yaml"),
            "../../../../schemas/application.schema.json"
        );
        assert_eq!(
            relative_path(Kind::Notice, "notices/a.md"),
            "../../schemas/notice.schema.json"
        );
    }

    /// Every `examples` value that editors show is valid where it is shown,
    /// and every `enumDescriptions` list describes each value of its `enum`.
    #[test]
    fn examples_and_enum_descriptions_fit_their_schemas() {
        fn walk(node: &serde_json::Value, defs: &serde_json::Value, checked: &mut usize) {
            match node {
                serde_json::Value::Object(map) => {
                    if let Some(examples) = map.get("examples").and_then(|e| e.as_array()) {
                        let mut schema = node.clone();
                        schema["$defs"] = defs.clone();
                        let validator = jsonschema::options()
                            .should_validate_formats(true)
                            .build(&schema)
                            .expect("subschema compiles");
                        for example in examples {
                            assert!(validator.is_valid(example), "{example} against {node}");
                            *checked += 1;
                        }
                    }
                    if let Some(values) = map.get("enum").and_then(|e| e.as_array()) {
                        let described = map.get("enumDescriptions").and_then(|e| e.as_array());
                        assert_eq!(described.map(Vec::len), Some(values.len()), "{node}");
                    }
                    map.values().for_each(|v| walk(v, defs, checked));
                }
                serde_json::Value::Array(items) => items.iter().for_each(|v| walk(v, defs, checked)),
                _ => {}
            }
        }
        let mut checked = 0;
        for kind in Kind::ALL {
            let schema: serde_json::Value = serde_json::from_str(text(kind)).expect("schema is JSON");
            walk(&schema, &schema["$defs"], &mut checked);
        }
        assert!(checked > 20, "{checked}");
    }

    /// A field that must be filled never accepts `""`: every text has a
    /// `minLength`, a `pattern`, an `enum` or a checked `format`, except
    /// `uscc`, whose emptiness `uscc/checksum` reports at its line.
    #[test]
    fn no_text_field_accepts_an_empty_string() {
        fn walk(node: &serde_json::Value, path: &str, bare: &mut Vec<String>) {
            match node {
                serde_json::Value::Object(map) => {
                    let guarded = ["minLength", "pattern", "enum", "const"]
                        .iter()
                        .any(|k| map.contains_key(*k))
                        || matches!(map.get("format").and_then(|f| f.as_str()), Some("email" | "date"));
                    if map.get("type").and_then(|t| t.as_str()) == Some("string") && !guarded {
                        bare.push(path.to_owned());
                    }
                    for (key, value) in map {
                        walk(value, &format!("{path}/{key}"), bare);
                    }
                }
                serde_json::Value::Array(items) => {
                    for (i, value) in items.iter().enumerate() {
                        walk(value, &format!("{path}/{i}"), bare);
                    }
                }
                _ => {}
            }
        }
        let mut bare = Vec::new();
        for kind in Kind::ALL {
            let schema: serde_json::Value = serde_json::from_str(text(kind)).expect("schema is JSON");
            walk(&schema, kind.name(), &mut bare);
        }
        assert_eq!(bare, ["organization/properties/uscc"]);
    }
}
