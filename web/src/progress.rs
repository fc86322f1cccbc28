//! The workbench's *Kemajuan* tab: where the Monev stands from its files — the
//! instrument, the submissions received so far and the roster — as `kip progress`
//! reads them, and every output it writes (JSON, CSV, the workbook, the pages per
//! superior), by the library's own code.

use kip_index::{BatchFiles, CsvStyle, InputRole, Language, NamedBytes, Progress};

use crate::problems_json;
use crate::workbench::{Files, PublishOptions, instrument_of, roles};

/// Participation read once from the files, kept for its outputs.
pub struct ProgressBench {
    progress: Progress,
    instrument_name: String,
    language: Language,
}

impl ProgressBench {
    /// Participation from the files' bytes (`manifest` as for
    /// [`Workbench::open`](crate::Workbench::open); verification and stage scores play
    /// no part), as `kip progress` reads the same files. The error is the problems (a
    /// JSON array) that stop it: an instrument that cannot be planned, a roster's.
    pub fn open(manifest: &str, bytes: &[u8]) -> Result<ProgressBench, String> {
        let files = serde_json::from_str::<Files>(manifest)
            .map_err(|e| problems_json(&crate::bad_inputs(&e), Language::default()))?;
        let language = crate::language(files.lang.as_deref());
        let fail = |r: kip_index::Report| problems_json(&r, language);
        let all = roles(&files, bytes).map_err(fail)?;
        let plan = instrument_of(&all, bytes).map_err(fail)?;
        let instrument = all.iter().find(|k| k.role == InputRole::Instrument);
        let instrument = instrument.map_or(NamedBytes::new("", &[]), |k| {
            NamedBytes::new(&k.name, k.of(bytes))
        });
        let mut batch = BatchFiles::new(instrument);
        let of = |role: InputRole| -> Vec<NamedBytes<'_>> {
            (all.iter().filter(|k| k.role == role))
                .map(|k| NamedBytes::new(&k.name, k.of(bytes)))
                .collect()
        };
        batch.submissions = of(InputRole::Submissions);
        batch.roster = of(InputRole::Roster);
        batch.without_stage_scores = true;
        let progress = batch.progress_with(&plan, language).map_err(fail)?;
        Ok(ProgressBench {
            progress,
            instrument_name: plan.instrument().name.clone(),
            language,
        })
    }

    /// The JSON `kip progress --format json` writes.
    pub fn json(&self) -> String {
        self.progress.to_json()
    }

    /// Participation, as read.
    pub fn progress(&self) -> &Progress {
        &self.progress
    }

    /// One row per body due: `id` for Excel set to Indonesian (`;`), any other style
    /// the standard one, as `kip progress --csv-locale`.
    pub fn csv(&self, style: &str) -> String {
        self.progress.to_csv(CsvStyle::for_locale(style))
    }

    /// The workbook of `kip progress -o kemajuan.xlsx`, in the language read with.
    pub fn workbook(&self) -> Result<Vec<u8>, String> {
        kip_index::progress_workbook(&self.progress, self.language)
            .map_err(|e| e.message_in(self.language).to_owned())
    }

    /// One printable page per superior, under the heading `options` give (`made` the
    /// day shown).
    pub fn pages(&self, options: &PublishOptions, logo: &[u8]) -> Result<String, String> {
        let (language, letterhead) = options.resolve(logo)?;
        let made = options.made.clone().unwrap_or_default();
        let pages = kip_index::ProgressPages {
            language,
            letterhead: &letterhead,
            instrument: &self.instrument_name,
            made: &made,
        };
        Ok(pages.html(&self.progress))
    }
}
