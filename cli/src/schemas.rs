//! `kip schemas`: the JSON Schemas of every file format, written into a directory.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use kip_index::schema::Format;

/// The arguments of `kip schemas`.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// The directory to write into (created if absent).
    pub(crate) dir: PathBuf,
}

pub(crate) fn run(args: &Args) -> Result<ExitCode, String> {
    let dir: &Path = &args.dir;
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    for format in Format::ALL {
        let path = dir.join(format.file_name());
        crate::output::write_file(&path, |out| out.write_all(format.schema_text().as_bytes()))?;
        crate::terminal::say(format_args!("kip: wrote {}", path.display()));
    }
    Ok(ExitCode::SUCCESS)
}
