//! Reading input files: as text (UTF-8, within the size limit), or as records of a
//! framing, with every problem named after its file.

use std::path::Path;

use kip_index::{Framing, Instrument, Problem, Record, Report, read_submissions, text_from_bytes};

/// Reads a file as text; a file that cannot be read is a failure to run, invalid UTF-8 a
/// problem in the file.
pub(crate) fn read_text(path: &Path) -> Result<Result<String, Problem>, String> {
    let bytes = read_bytes(path)?;
    Ok(match text_from_bytes(&bytes) {
        Ok(text) => Ok(text.to_owned()),
        Err(mut problem) => {
            problem.file = Some(path.display().to_string().into());
            Err(problem)
        }
    })
}

pub(crate) struct Checked<T> {
    pub(crate) records: Vec<Record<T>>,
    pub(crate) report: Report,
}

/// Whether a path names an Excel workbook (`.xlsx`).
pub(crate) fn is_workbook(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
}

/// A submission file read: JSON, JSON Lines, CSV, or a workbook's first sheet.
pub(crate) fn submission_records(
    path: &Path,
    instrument: &Instrument,
) -> Result<Checked<kip_index::Submission>, String> {
    if !is_workbook(path) {
        return check_file(path, |text, framing| {
            read_submissions(text, framing, instrument)
        });
    }
    let bytes = read_bytes(path)?;
    let name = path.display().to_string();
    let records = kip_index::read_submission_workbook(&bytes, instrument);
    let mut report = Report::new();
    for record in &records {
        if let Err(problems) = &record.value {
            report.extend(problems.clone().in_file(&name));
        }
    }
    Ok(Checked { records, report })
}

pub(crate) fn check_file<T>(
    path: &Path,
    read: impl Fn(&str, Framing) -> Vec<Record<T>>,
) -> Result<Checked<T>, String> {
    let name = path.display().to_string();
    let text = match read_text(path)? {
        Ok(text) => text,
        Err(problem) => {
            return Ok(Checked {
                records: Vec::new(),
                report: Report::from(problem),
            });
        }
    };
    let records = read(&text, Framing::detect(&name, &text));
    let mut report = Report::new();
    for record in &records {
        if let Err(problems) = &record.value {
            report.extend(problems.clone().in_file(&name));
        }
    }
    Ok(Checked { records, report })
}

/// A file's bytes, within the file-size limit: refused before reading when its size
/// says so, and read no further than the limit when it has none to say (a FIFO, a
/// device such as `/dev/zero`), so that memory stays bounded whatever the path is.
pub(crate) fn read_bytes(path: &Path) -> Result<Vec<u8>, String> {
    use std::io::Read;
    check_size(path)?;
    let max = kip_index::Limits::DEFAULT.max_file_bytes;
    let file = std::fs::File::open(path).map_err(|e| crate::terminal::cannot_read(path, &e))?;
    let mut bytes = Vec::new();
    file.take(max.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| crate::terminal::cannot_read(path, &e))?;
    if bytes.len() as u64 > max {
        return Err(crate::terminal::too_large(path, max));
    }
    Ok(bytes)
}

/// Refuses a file larger than the default limit before reading it.
pub(crate) fn check_size(path: &Path) -> Result<(), String> {
    let metadata = std::fs::metadata(path).map_err(|e| crate::terminal::cannot_read(path, &e))?;
    // A device (`/dev/zero`, `/dev/urandom`, a disk) is no input: it never ends, or is
    // not text. A FIFO is (`<(…)` in a shell), read within the limits.
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let kind = metadata.file_type();
        if kind.is_char_device() || kind.is_block_device() {
            return Err(format!(
                "{} {}: {}",
                crate::terminal::pick("tidak dapat membaca", "cannot read"),
                path.display(),
                crate::terminal::pick(
                    "seharusnya berkas, ternyata perangkat (device)",
                    "expected a file, found a device"
                )
            ));
        }
    }
    let size = metadata.len();
    kip_index::Limits::default()
        .check_file_size(size)
        .map_err(|p| {
            format!(
                "{} {}: {}",
                crate::terminal::pick("tidak dapat membaca", "cannot read"),
                path.display(),
                p.message_in(crate::terminal::language())
            )
        })
}

/// The results a run amends: their text and the SHA-256 of their bytes (hexadecimal).
pub(crate) fn read_amended(path: &Path) -> Result<(String, String), String> {
    use sha2::{Digest, Sha256};
    let bytes = crate::files::read_bytes(path)?;
    let sha256: String = Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let text = String::from_utf8(bytes).map_err(|_| {
        format!(
            "{}: {}",
            path.display(),
            crate::terminal::pick(
                "seharusnya hasil dalam JSON UTF-8 yang akan diubah, ternyata bukan teks UTF-8",
                "expected the results to amend as UTF-8 JSON, found no UTF-8 text"
            )
        )
    })?;
    Ok((text, sha256))
}

/// The side files' bytes, each with its role and name, in the order the library adds
/// them: verification, stage scores, rosters.
/// A file named twice in one role is read once, with a warning: a verification file
/// given again is no second round.
#[allow(clippy::type_complexity)]
pub(crate) fn side_files(
    inputs: &crate::score::Inputs,
) -> Result<
    (
        Vec<(kip_index::InputRole, String, Vec<u8>)>,
        Vec<kip_index::Warning>,
    ),
    String,
> {
    let roles = [
        (kip_index::InputRole::Verification, inputs.verifications),
        (kip_index::InputRole::StageScores, inputs.stage_scores),
        (kip_index::InputRole::Roster, inputs.rosters),
    ];
    let (mut files, mut twice) = (Vec::new(), Vec::new());
    for (role, paths) in roles {
        for (k, path) in paths.iter().enumerate() {
            let earlier = paths.get(..k).unwrap_or_default();
            if let Some(first) = earlier.iter().find(|e| crate::output::same_file(e, path)) {
                twice.push(kip_index::Warning::same_file_twice(
                    path.display().to_string(),
                    first.display().to_string(),
                ));
                continue;
            }
            let bytes = crate::files::read_bytes(path)?;
            files.push((role, path.display().to_string(), bytes));
        }
    }
    Ok((files, twice))
}
