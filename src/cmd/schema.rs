//! `qaward schema`: the embedded JSON Schemas.

use std::io::Write;
use std::path::PathBuf;

use super::{Error, Outcome, Result, write_out};
use crate::load::Kind;
use crate::schemas;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// 写入此目录；省略时打印到标准输出 (folder to write to; stdout when omitted)
    #[arg(long)]
    out: Option<PathBuf>,
}

pub fn run(args: Args, out: &mut dyn Write) -> Result {
    match args.out.as_deref() {
        Some(dir) => {
            let files: Vec<(String, Vec<u8>)> = Kind::ALL
                .iter()
                .map(|k| (schemas::file_name(*k), schemas::text(*k).as_bytes().to_vec()))
                .collect();
            // An earlier `qaward schema --out` wrote a file with our `$id`.
            let own_id = format!("\"$id\": \"{}", schemas::ID_BASE);
            let is_own = |bytes: &[u8]| String::from_utf8_lossy(bytes).contains(&own_id);
            crate::write::write_files(dir, &files, is_own)?;
            Ok(Outcome::Clean)
        }
        None => {
            let mut all = serde_json::Map::new();
            for kind in Kind::ALL {
                let schema: serde_json::Value = serde_json::from_str(schemas::text(kind)).map_err(|e| {
                    Error::Usage(format!(
                        "the embedded schema `{}` is not JSON ({e})",
                        schemas::file_name(kind)
                    ))
                })?;
                all.insert(schemas::file_name(kind), schema);
            }
            let text = serde_json::to_string_pretty(&all)
                .map_err(|e| Error::Usage(format!("cannot print the schemas ({e})")))?;
            write_out(out, &format!("{text}\n"))?;
            Ok(Outcome::Clean)
        }
    }
}
