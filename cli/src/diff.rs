//! `kip diff`: what changed between two results files.

use std::fmt::Write as _;
use std::path::Path;
use std::path::PathBuf;
use std::process::ExitCode;

use kip_index::{Change, ChangeKind, Report, diff_results};

use crate::files::read_text;

/// The arguments of `kip diff`.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// The old results JSON (from `kip score`).
    pub(crate) old: PathBuf,
    /// The new results JSON.
    pub(crate) new: PathBuf,
    /// The instrument, to show qualifications by name.
    #[arg(long)]
    pub(crate) instrument: Option<PathBuf>,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub(crate) json: bool,
    /// The language of the table: Indonesian (`id`, the default) or English (`en`).
    #[arg(long, value_enum, default_value_t = crate::lang::Lang::Id)]
    pub(crate) lang: crate::lang::Lang,
}

/// `kip diff`.
pub(crate) fn command(args: &Args) -> Result<ExitCode, String> {
    run(&args.old, &args.new, args.instrument.as_deref(), args.json)
}

pub(crate) fn run(
    old: &Path,
    new: &Path,
    instrument: Option<&Path>,
    json: bool,
) -> Result<ExitCode, String> {
    let read = |path: &Path| -> Result<String, String> {
        read_text(path)?.map_err(|p| {
            format!(
                "cannot compare: {}",
                crate::terminal::printable(&p.to_string())
            )
        })
    };
    let (old_text, new_text) = (read(old)?, read(new)?);
    let changes = diff_results(&old_text, &new_text).map_err(|r: Report| {
        crate::terminal::problems(("tidak dapat membandingkan", "cannot compare"), &r)
    })?;
    if json {
        let text = serde_json::to_string_pretty(&changes).map_err(|e| e.to_string())?;
        crate::terminal::out(format_args!("{text}\n"));
    } else {
        let names = match instrument {
            Some(path) => {
                let text = read(path)?;
                let instrument = kip_index::Instrument::from_json(&text).map_err(|r| {
                    crate::terminal::problems(("tidak dapat membandingkan", "cannot compare"), &r)
                })?;
                (instrument.qualifications.into_iter())
                    .map(|q| (q.id, q.name))
                    .collect()
            }
            None => Vec::new(),
        };
        crate::terminal::out(format_args!("{}", render(&changes, &names)));
    }
    Ok(ExitCode::SUCCESS)
}

/// The table; qualifications by name where `names` (id, name) has them.
fn render(changes: &[Change], names: &[(kip_index::QualificationId, String)]) -> String {
    let english = crate::terminal::language() == kip_index::Language::English;
    let words = if english {
        crate::lang::Lang::En.words()
    } else {
        crate::lang::Lang::Id.words()
    };
    let pick = |id: &'static str, en: &'static str| if english { en } else { id };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<8} {:<12} {:<36} {:>8} {:>8} {:>8}  {:<13} {}",
        pick("ubah", "change"),
        pick("kode", "agency"),
        pick("nama", "name"),
        pick("lama", "old"),
        pick("baru", "new"),
        pick("selisih", "delta"),
        pick("peringkat", "rank"),
        pick("kualifikasi", "qualification")
    );
    for c in changes {
        let kind = match c.kind {
            ChangeKind::Entered => pick("masuk", "entered"),
            ChangeKind::Left => pick("keluar", "left"),
            // Changed, and any kind a later version adds.
            _ => pick("berubah", "changed"),
        };
        let final_of = |s: &Option<kip_index::Standing>| {
            s.as_ref()
                .map_or("-".to_owned(), |s| words.number(s.final_score))
        };
        let rank_of = |s: &Option<kip_index::Standing>| {
            s.as_ref()
                .and_then(|s| s.rank)
                .map_or("-".to_owned(), |r| r.to_string())
        };
        let qual_of = |s: &Option<kip_index::Standing>| {
            s.as_ref().map_or("-".to_owned(), |s| {
                let id = s.qualification.as_str();
                let name = names.iter().find(|(q, _)| q == id).map_or(id, |(_, n)| n);
                crate::terminal::printable(name).into_owned()
            })
        };
        let delta = c.delta.map_or(String::new(), |d| {
            if d.is_sign_negative() {
                words.number(d)
            } else {
                format!("+{}", words.number(d))
            }
        });
        let name: String = crate::terminal::printable(&c.name)
            .chars()
            .take(36)
            .collect();
        let rank = format!("{} → {}", rank_of(&c.old), rank_of(&c.new));
        let qualification = format!("{} → {}", qual_of(&c.old), qual_of(&c.new));
        let _ = writeln!(
            out,
            "{kind:<8} {:<12} {name:<36} {:>8} {:>8} {delta:>8}  {rank:<13} {qualification}",
            crate::terminal::printable(&c.agency),
            final_of(&c.old),
            final_of(&c.new),
        );
    }
    if changes.is_empty() {
        let _ = writeln!(
            out,
            "{}",
            pick("tidak ada badan publik yang berubah", "no body changed")
        );
    }
    out
}
