//! `kip report --html`: `kip score` writing the HTML report (the page itself is the
//! library's `ReportPage`).

use std::path::PathBuf;
use std::process::ExitCode;

use crate::args::BatchArgs;

/// The arguments of `kip report`.
#[derive(clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    pub(crate) batch: BatchArgs,
    /// The HTML file to write (atomically).
    #[arg(long, short = 'o', visible_alias = "output", required = true)]
    pub(crate) html: PathBuf,
    #[command(flatten)]
    pub(crate) publish: crate::args::PublishArgs,
}

/// `kip report`: `kip score` writing the HTML report.
pub(crate) fn command(args: &Args) -> Result<ExitCode, String> {
    // The report is HTML: a name promising another format (`laporan.pdf`) is refused.
    let html = (args.html.extension())
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let knows = matches!(html.as_deref(), Some("html" | "htm"));
    crate::args::known_output(&args.html, &args.batch.input_paths(), knows, ".html")?;
    let inputs = args
        .batch
        .inputs(crate::score::Format::Html, Some(&args.html));
    crate::score::run(&args.publish.apply(inputs)?)
}
