//! The JSON Schemas of the content format, embedded in the binary.
//!
//! `schemas/*.schema.json` are the source; editors point at those files and
//! `qaward schema --out DIR` writes these same bytes.

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
        }
    }
}
