//! Where `kip` writes: only the regular file it was asked for, whole or not at all.
//!
//! - A path that is not a regular file — a device such as `/dev/null` or `/dev/stdout`,
//!   a FIFO, or a symbolic link to one — is written *through*, as `cat > PATH` would:
//!   opened for writing, never replaced, never created.
//! - A regular file (or a new one) is replaced atomically: the text goes to a temporary
//!   file created exclusively, with an unpredictable name, in the same directory, is
//!   flushed to disk, and is renamed over the path. A symbolic link to a regular file
//!   stays a link: its target is replaced. The file keeps its permissions; a new file
//!   gets the usual ones (0666 less the umask).
//! - A path that is the same file as one of the run's inputs (compared by device and
//!   inode, not by name) is refused with exit status 2 before anything is read.

use std::fs::{self, OpenOptions};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// Refuses an output that is one of the inputs: writing it would destroy the input.
pub(crate) fn check_not_an_input(output: &Path, inputs: &[&Path]) -> Result<(), String> {
    let Some(out) = identity(output) else {
        return Ok(()); // nothing there yet: it cannot be an input
    };
    match inputs.iter().find(|input| identity(input) == Some(out)) {
        Some(input) => Err(match crate::terminal::language() {
            kip_index::Language::English => format!(
                "refusing to write to {}: it is the input {} (the same file); choose another output",
                output.display(),
                input.display()
            ),
            _ => format!(
                "tidak menulis ke {}: itu berkas masukan {} (berkas yang sama); pilih keluaran lain",
                output.display(),
                input.display()
            ),
        }),
        None => Ok(()),
    }
}

/// Whether two paths name the same regular file (after links; by device and inode).
pub(crate) fn same_file(a: &Path, b: &Path) -> bool {
    identity(a).is_some_and(|a| identity(b) == Some(a))
}

/// The file a path names, after symbolic links: (device, inode).
#[cfg(unix)]
fn identity(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    let meta = fs::metadata(path).ok()?;
    // Writing to a device is harmless to the inputs (`-o /dev/stdout` while reading
    // `/dev/stdin` is fine), so only regular files count as the same.
    meta.is_file().then(|| (meta.dev(), meta.ino()))
}

#[cfg(not(unix))]
fn identity(path: &Path) -> Option<PathBuf> {
    let meta = fs::metadata(path).ok()?;
    if meta.is_file() {
        fs::canonicalize(path).ok()
    } else {
        None
    }
}

/// Writes what `write` produces to `path` when given, else to standard output (where
/// a write error ends the process, as a closed pipe should).
pub(crate) fn write_out(
    path: Option<&Path>,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), String> {
    match path {
        Some(path) => write_file(path, write),
        None => {
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            if let Err(e) = write(&mut out).and_then(|()| out.flush()) {
                crate::terminal::exit_on_write_error(&e);
            }
            Ok(())
        }
    }
}

/// Writes what `write` produces to `path`, as the module documentation says.
pub(crate) fn write_file(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), String> {
    let cannot = |e: &dyn std::fmt::Display| {
        format!(
            "{} {}: {e}",
            crate::terminal::pick("tidak dapat menulis", "cannot write"),
            path.display()
        )
    };
    match fs::metadata(path) {
        Ok(meta) if meta.is_dir() => Err(cannot(&"it is a directory")),
        Ok(meta) if !meta.is_file() => write_through(path, write).map_err(|e| cannot(&e)),
        Ok(meta) => {
            // A link to a regular file: the target is replaced and the link kept.
            let target = fs::canonicalize(path).map_err(|e| cannot(&e))?;
            replace(&target, Some(meta.permissions()), write).map_err(|e| cannot(&e))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if fs::symlink_metadata(path).is_ok() {
                return Err(cannot(
                    &"it is a symbolic link to nothing; remove it or name another file",
                ));
            }
            replace(path, None, write).map_err(|e| cannot(&e))
        }
        Err(e) => Err(cannot(&e)),
    }
}

/// Into a device or FIFO: opened for writing, never created, truncated or renamed over.
fn write_through(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let file = OpenOptions::new().write(true).open(path)?;
    let mut out = BufWriter::new(file);
    write(&mut out)?;
    out.flush()
}

/// A temporary file beside `path`, written, flushed to disk, given `permissions` (the
/// replaced file's) and renamed over `path`; removed if anything fails.
fn replace(
    path: &Path,
    permissions: Option<fs::Permissions>,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".kip-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // Created 0666 less the umask, as any new file; widened or narrowed below to
        // the replaced file's own mode.
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    let temp = builder.tempfile_in(&dir)?;
    let mut out = BufWriter::new(temp);
    write(&mut out)?;
    let temp = out.into_inner().map_err(|e| e.into_error())?;
    if let Some(permissions) = permissions {
        temp.as_file().set_permissions(permissions)?;
    }
    temp.as_file().sync_all()?;
    temp.persist(path).map_err(|e| e.error)?;
    Ok(())
}
