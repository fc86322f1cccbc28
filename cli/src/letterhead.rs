//! The commission's heading (*kop*) on every card and on the report: its name, the
//! year, the decree's number, the place and date and the signatory, and its logo
//! embedded in the page (a `data:` URL: nothing fetched). Given as options, or as one
//! small JSON or TOML file (`--letterhead kop.toml`) whose values the options override.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use kip_index::Letterhead;

/// The heading's options, shared by `kip cards`, `kip report` and `kip score`.
#[derive(clap::Args, Default)]
pub(crate) struct LetterheadArgs {
    /// The commission, at the top of every card and the report ("Komisi Informasi
    /// Provinsi Banten").
    #[arg(long)]
    pub(crate) commission: Option<String>,
    /// The Monev's year (2025).
    #[arg(long)]
    pub(crate) year: Option<String>,
    /// The decree (*Keputusan*) the results are published by ("Nomor 12/KEP/KI-BTN/XII/2025").
    #[arg(long)]
    pub(crate) decree: Option<String>,
    /// The decree's date, as written (`2024-12-20`): with `--decree`, in the results
    /// JSON's `decree`.
    #[arg(long = "decree-date", value_name = "DATE", requires = "decree", value_parser = parse_decree_date)]
    pub(crate) decree_date: Option<String>,
    /// The place and date of signing ("Serang, 10 Desember 2025").
    #[arg(long = "place-date")]
    pub(crate) place_date: Option<String>,
    /// Who signs, as "Name, Title" ("Dr. Nama, S.H., Ketua"): the title is what
    /// follows the last comma.
    #[arg(long)]
    pub(crate) signatory: Option<String>,
    /// The commission's logo (PNG, JPEG, GIF, WebP or SVG, at most 1 MiB), embedded.
    #[arg(long)]
    pub(crate) logo: Option<PathBuf>,
    /// A JSON or TOML file of these: `commission`, `year`, `decree`, `place_date`,
    /// `signatory`, `logo` (a path from the file's folder). Options given as well win.
    #[arg(long)]
    pub(crate) letterhead: Option<PathBuf>,
}

/// `--decree-date`'s value: a calendar date written `YYYY-MM-DD` (`2024-12-20`), or the
/// sentence saying why not, in the language the command line asks for.
pub(crate) fn parse_decree_date(text: &str) -> Result<String, String> {
    let parts: Vec<&str> = text.trim().split('-').collect();
    let number = |k: usize, digits: usize| {
        (parts.get(k))
            .filter(|p| p.len() == digits && p.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|p| p.parse::<u32>().ok())
    };
    let valid = match (parts.len(), number(0, 4), number(1, 2), number(2, 2)) {
        (3, Some(year), Some(month), Some(day)) => {
            let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
            let days = match month {
                1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
                4 | 6 | 9 | 11 => 30,
                2 if leap => 29,
                2 => 28,
                _ => 0,
            };
            (1..=days).contains(&day)
        }
        _ => false,
    };
    match valid {
        true => Ok(text.trim().to_owned()),
        false => Err(crate::args::in_asked_language(
            &format!("seharusnya tanggal TTTT-BB-HH (2024-12-20), ternyata `{text}`"),
            &format!("expected a date YYYY-MM-DD (2024-12-20), found `{text}`"),
        )),
    }
}

/// The file `--letterhead` names.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct LetterheadFile {
    commission: Option<String>,
    year: Option<Text>,
    decree: Option<String>,
    place_date: Option<String>,
    signatory: Option<String>,
    logo: Option<PathBuf>,
}

/// A year written as a number or as text.
#[derive(Deserialize)]
#[serde(untagged)]
enum Text {
    Number(i64),
    Text(String),
}

/// The largest logo embedded.
const MAX_LOGO: u64 = 1 << 20;

impl LetterheadArgs {
    /// The heading from the file (if any) and the options; an error names the file and
    /// what was wrong.
    pub(crate) fn resolve(&self) -> Result<Letterhead, String> {
        let mut file = LetterheadFile::default();
        let mut base = PathBuf::new();
        if let Some(path) = &self.letterhead {
            file = read_file(path)?;
            base = path.parent().map(Path::to_path_buf).unwrap_or_default();
        }
        let logo_path = match (&self.logo, &file.logo) {
            (Some(path), _) => Some(path.clone()),
            (None, Some(path)) => Some(base.join(path)),
            (None, None) => None,
        };
        let year = file.year.map(|y| match y {
            Text::Number(n) => n.to_string(),
            Text::Text(t) => t,
        });
        // A value given empty (`--decree ""`) is no value: no "Keputusan" with nothing.
        let given = |option: &Option<String>, file: Option<String>| {
            option
                .clone()
                .or(file)
                .filter(|text| !text.trim().is_empty())
        };
        let mut letterhead = Letterhead::default();
        letterhead.commission = given(&self.commission, file.commission);
        letterhead.year = given(&self.year, year);
        letterhead.decree = given(&self.decree, file.decree);
        letterhead.place_date = given(&self.place_date, file.place_date);
        letterhead.signatory = given(&self.signatory, file.signatory);
        letterhead.logo = logo_path.as_deref().map(logo).transpose()?;
        Ok(letterhead)
    }
}

fn read_file(path: &Path) -> Result<LetterheadFile, String> {
    let cannot = |why: String| {
        format!(
            "{} {}: {why}",
            crate::terminal::pick(
                "tidak dapat membaca kop surat",
                "cannot read the letterhead"
            ),
            path.display()
        )
    };
    let bytes = read_at_most(path, 64 * 1024).map_err(|e| match e {
        Some(e) => e,
        None => cannot(
            crate::terminal::pick(
                "seharusnya berkas kecil (paling besar 64 KiB), ternyata lebih besar",
                "expected a small file (at most 64 KiB), found a larger one",
            )
            .to_owned(),
        ),
    })?;
    let text = kip_index::text_from_bytes(&bytes)
        .map_err(|p| cannot(p.message_in(crate::terminal::language()).to_owned()))?;
    let toml = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("toml"));
    if toml {
        toml::from_str(text).map_err(|e| cannot(e.to_string().trim_end().to_owned()))
    } else {
        serde_json::from_str(text).map_err(|e| {
            cannot(format!(
                "{e} ({})",
                crate::terminal::pick(
                    "berkas berakhiran .toml dibaca sebagai TOML, yang lain sebagai JSON",
                    "a file ending in .toml is read as TOML, any other as JSON"
                )
            ))
        })
    }
}

/// The file's bytes, read no further than `max` + 1 whatever the file says of its size
/// (a device such as `/dev/zero` says 0): `Err(None)` when it holds more than `max`,
/// `Err(Some(message))` when it cannot be read.
fn read_at_most(path: &Path, max: u64) -> Result<Vec<u8>, Option<String>> {
    use std::io::Read;
    let file =
        std::fs::File::open(path).map_err(|e| Some(crate::terminal::cannot_read(path, &e)))?;
    let mut bytes = Vec::new();
    file.take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Some(crate::terminal::cannot_read(path, &e)))?;
    if bytes.len() as u64 > max {
        return Err(None);
    }
    Ok(bytes)
}

/// The logo as a `data:` URL, its type told from its first bytes (never its name).
fn logo(path: &Path) -> Result<String, String> {
    let cannot = |why: &str| {
        format!(
            "{} {}: {why}",
            crate::terminal::pick("tidak dapat memakai logo", "cannot use the logo"),
            path.display()
        )
    };
    let bytes = read_at_most(path, MAX_LOGO).map_err(|e| {
        e.unwrap_or_else(|| {
            cannot(crate::terminal::pick(
                "seharusnya paling besar 1 MiB",
                "expected at most 1 MiB",
            ))
        })
    })?;
    kip_index::logo_data_url(&bytes).ok_or_else(|| {
        cannot(crate::terminal::pick(
            "seharusnya gambar PNG, JPEG, GIF, WebP atau SVG",
            "expected a PNG, JPEG, GIF, WebP or SVG image",
        ))
    })
}
