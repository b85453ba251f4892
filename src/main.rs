use std::io::IsTerminal;
use std::process::ExitCode;

/// mimalloc: validate and build allocate millions of small strings and
/// maps on several threads; see ARCHITECTURE.md for the measurement (on
/// Linux). It is C compiled by the `cc` crate, built and used on the
/// systems qaward is released for: Linux (glibc, static or not, and
/// musl), macOS and Windows (MSVC, where its authors at Microsoft made
/// it); any other system keeps its own allocator.
#[cfg(any(target_os = "linux", target_os = "macos", windows))]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let env = qaward::cli::Env {
        github_actions: std::env::var("GITHUB_ACTIONS").is_ok_and(|v| v == "true"),
        styled: std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
        step_summary: std::env::var_os("GITHUB_STEP_SUMMARY")
            .filter(|v| !v.is_empty())
            .map(std::path::PathBuf::from),
    };
    let mut out = std::io::stdout().lock();
    let mut err = std::io::stderr().lock();
    ExitCode::from(qaward::cli::run(std::env::args_os(), &env, &mut out, &mut err))
}
