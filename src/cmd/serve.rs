//! `qaward serve`: builds the site in memory, serves it for preview on this
//! machine, and rebuilds and reloads open pages whenever a content or
//! theme file changes. Writes no file anywhere.

use std::io::Write;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;

use super::{Error, Result, write_out};
use crate::load;
use crate::serve::{self, Change, Live, Rebuilt};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// 内容根目录（含 programme.yaml）(content root)
    #[arg(long)]
    root: Option<PathBuf>,
    /// 端口；0 表示自动选择空闲端口 (port; 0 picks a free one)
    #[arg(long, default_value_t = 1111)]
    port: u16,
    /// 预览日期（YYYY-MM-DD），如公示开始日、决定日；默认北京时间今天 (preview date; today in Asia/Shanghai by default)
    #[arg(long)]
    as_of: Option<jiff::civil::Date>,
    /// 使用内容目录旁 themes/NAME/ 中的主题文件覆盖默认主题 (theme folder beside the content root)
    #[arg(long)]
    theme: Option<String>,
    /// 监听地址，默认只限本机；0.0.0.0 会把未公开的内容暴露给网络 (address to listen on; 0.0.0.0 exposes unpublished content to the network)
    #[arg(long, default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST))]
    bind: IpAddr,
    /// 在 /_edit/ 下提供编辑表单，保存时写回内容文件；只监听本机 (forms under /_edit/ that write content files; loopback only)
    #[arg(long)]
    edit: bool,
}

pub fn run(args: Args, out: &mut dyn Write) -> Result {
    if args.edit && !args.bind.is_loopback() {
        return Err(Error::Usage(format!(
            "--edit 只能监听本机地址（127.0.0.1 或 ::1），不能监听 {}：编辑页面会写入内容文件，不能开放给网络。\n\
             (--edit listens on loopback only; refusing --bind {})",
            args.bind, args.bind
        )));
    }
    let options = options(&args)?;
    let addr = SocketAddr::new(args.bind, args.port);
    let listener = serve::bind(addr).map_err(|e| Error::Usage(bind_error(addr, &e)))?;
    let local = listener
        .local_addr()
        .map_err(|e| Error::Usage(format!("cannot read the bound address ({e})")))?;
    // Watch before the first build, so that no change after it is missed.
    let watch = serve::watch(&options.watched())?;
    let mut kept = serve::Kept::default();
    let first = serve::rebuild(&options, "/", &mut kept, &[]);
    if !args.bind.is_loopback() {
        write_out(out, &exposure_warning(args.bind))?;
    }
    write_out(out, &url_line(local, &first.snapshot.base_path, first.as_of))?;
    write_out(out, &rebuild_line(&first))?;
    let base_path = first.snapshot.base_path.clone();
    let live = Arc::new(Live::new(first.snapshot));
    let editor = if args.edit {
        let theme = crate::theme::Theme::resolve(&options.root, args.theme.as_deref())?;
        let editor = serve::Editor::new(options.root.clone(), &theme, local).map_err(Error::Usage)?;
        write_out(
            out,
            &format!(
                "编辑地址 (edit): {}\n请只在本机浏览器中打开这个链接，不要转发；保存的修改列在 /_edit/changes/，请检查后用 git 提交\n",
                editor.login_url()
            ),
        )?;
        Some(Arc::new(editor))
    } else {
        None
    };
    let server = serve::Server::with_editor(listener, Arc::clone(&live), serve::Limits::default(), editor);
    std::thread::Builder::new()
        .name("qaward-accept".into())
        .spawn(move || server.run())
        .map_err(|e| Error::Usage(format!("cannot start the server thread ({e})")))?;
    rebuild_on_change(&options, &watch, &live, (local, base_path), &mut kept, out)
}

fn options(args: &Args) -> Result<serve::Options> {
    let root = load::find_root(args.root.as_deref())?;
    let options = serve::Options {
        root,
        theme: args.theme.clone(),
        as_of: args.as_of,
    };
    if let Some(missing) = options.watched().iter().find(|p| !p.is_dir()) {
        return Err(Error::Usage(format!(
            "no theme folder `{}` (`--theme NAME` reads `themes/NAME/` beside the content root)",
            missing.display()
        )));
    }
    Ok(options)
}

/// The loop of the command: wait for a change, rebuild, report, serve.
fn rebuild_on_change(
    options: &serve::Options,
    watch: &serve::Watch,
    live: &Live,
    (local, mut base_path): (SocketAddr, String),
    kept: &mut serve::Kept,
    out: &mut dyn Write,
) -> Result {
    loop {
        match watch.changes.recv() {
            Ok(Change::Files) => {
                // Fold changes that arrived during the last rebuild into one.
                while watch.changes.try_recv().is_ok() {}
                let rebuilt = serve::rebuild(options, &base_path, kept, &shown(live));
                write_out(out, &rebuild_line(&rebuilt))?;
                if rebuilt.snapshot.base_path != base_path {
                    base_path.clone_from(&rebuilt.snapshot.base_path);
                    write_out(out, &url_line(local, &base_path, rebuilt.as_of))?;
                }
                live.replace(rebuilt.snapshot);
            }
            Ok(Change::Error(message)) => {
                write_out(out, &format!("{} 监视文件出错 (watch error): {message}\n", clock()))?;
            }
            Err(_) => return Err(Error::Usage("the file watcher stopped".to_owned())),
        }
    }
}

/// The pages the browser asked for last, which it reloads after a rebuild.
fn shown(live: &Live) -> Vec<String> {
    match &live.current().0.served {
        serve::Served::Site(site) => site.recent(),
        serve::Served::Errors { .. } => Vec::new(),
    }
}

fn bind_error(addr: SocketAddr, e: &std::io::Error) -> String {
    if e.kind() == std::io::ErrorKind::AddrInUse {
        format!("cannot listen on {addr}: the port is in use; pass another `--port`, or `--port 0` to pick a free one")
    } else {
        format!("cannot listen on {addr} ({e})")
    }
}

fn exposure_warning(bind: IpAddr) -> String {
    format!(
        "警告：正在监听 {bind}，同一网络中的任何人都能看到预览，包括按 --as-of 尚未公开的名单和公告。\n\
         (warning: listening on {bind} exposes the preview, unpublished content included, to the network)\n"
    )
}

/// The address to open: a wildcard bind is opened through loopback.
fn url_line(local: SocketAddr, base_path: &str, as_of: jiff::civil::Date) -> String {
    let mut shown = local;
    if local.ip().is_unspecified() {
        shown.set_ip(match local.ip() {
            IpAddr::V4(_) => IpAddr::V4(Ipv4Addr::LOCALHOST),
            IpAddr::V6(_) => IpAddr::V6(std::net::Ipv6Addr::LOCALHOST),
        });
    }
    format!(
        "预览地址 (preview): http://{shown}{base_path}\n发布日期 {as_of}；保存文件后自动重新生成并刷新页面；按 Ctrl+C 停止\n"
    )
}

fn rebuild_line(rebuilt: &Rebuilt) -> String {
    let ms = rebuilt.elapsed.as_millis();
    let text = match &rebuilt.outcome {
        serve::Outcome::Built { files, warnings: 0 } => format!("已生成 {files} 个文件，{ms} ms"),
        serve::Outcome::Built { files, warnings } => {
            format!("已生成 {files} 个文件，{ms} ms（{warnings} 个警告，运行 qaward validate 查看）")
        }
        serve::Outcome::ContentErrors {
            errors,
            warnings,
            first,
        } => format!("内容有错误：{errors} 个错误，{warnings} 个警告，{ms} ms（首个：{first}）；页面显示错误列表"),
        serve::Outcome::Failed { message } => format!("无法生成网站，{ms} ms：{message}"),
    };
    format!("{} {text}\n", clock())
}

/// The wall-clock time, `[14:03:05]`.
fn clock() -> String {
    jiff::ZonedDateTime::now().strftime("[%H:%M:%S]").to_string()
}
