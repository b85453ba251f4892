//! Writes a synthetic, valid qaward programme of any size for the
//! benchmark (`bench/run.sh`), and optionally the same public pages as a
//! Hugo site:
//!
//!     cargo run --release --example synth -- --cycles 20 --applications 100000 \
//!         --out DIR [--seed N] [--hugo DIR] [--one-org-per-application]
//!
//! With `--one-org-per-application` each organisation applies once, so
//! there is about one organisation file per application (the shape of a
//! province whose applicants rarely come back; the default has 1.2
//! organisations per cycle's applications, each applying in most years).
//!
//! `qaward validate --root DIR --deny-warnings` reports nothing on the
//! result; build it with `--as-of` the date printed.

use std::error::Error;
use std::path::PathBuf;
use std::time::Instant;

#[path = "synth/generator.rs"]
mod generator;

const USAGE: &str =
    "usage: synth --cycles N --applications N --out DIR [--seed N] [--hugo DIR] [--one-org-per-application]";

fn main() -> Result<(), Box<dyn Error>> {
    let mut options = generator::Options {
        cycles: 20,
        applications: 1000,
        seed: 1,
        out: PathBuf::new(),
        hugo: None,
        one_org_per_application: false,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{arg} needs a value\n{USAGE}"));
        match arg.as_str() {
            "--cycles" => options.cycles = value()?.parse()?,
            "--applications" => options.applications = value()?.parse()?,
            "--seed" => options.seed = value()?.parse()?,
            "--out" => options.out = PathBuf::from(value()?),
            "--hugo" => options.hugo = Some(PathBuf::from(value()?)),
            "--one-org-per-application" => options.one_org_per_application = true,
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(());
            }
            other => return Err(format!("unknown argument `{other}`\n{USAGE}").into()),
        }
    }
    if options.out.as_os_str().is_empty() {
        return Err(USAGE.into());
    }
    let started = Instant::now();
    let s = generator::generate(&options)?;
    println!(
        "synth: {} cycles ({}–{}), {} applications, {} organisations, {} experts, {} notices, {} winners",
        s.last_year - s.first_year + 1,
        s.first_year,
        s.last_year,
        s.applications,
        s.organizations,
        s.experts,
        s.notices,
        s.winners
    );
    println!(
        "synth: {} withdrawn, {} failed qualification, {} objections ({} upheld), {} revoked, {} cancelled",
        s.withdrawn, s.failed, s.objections, s.upheld, s.revoked, s.cancelled
    );
    println!(
        "synth: {} files, {} bytes in {}",
        s.files,
        s.bytes,
        options.out.display()
    );
    if let Some(dir) = &options.hugo {
        println!(
            "synth: {} files, {} bytes in {} (Hugo)",
            s.hugo_files,
            s.hugo_bytes,
            dir.display()
        );
    }
    println!("synth: as-of {} ({:.2} s)", s.as_of, started.elapsed().as_secs_f64());
    Ok(())
}
