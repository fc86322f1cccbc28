//! The words of the publications for people — the report, the workbook, the cards, the
//! template — in Indonesian (the default: the commissions' own language) or English.

use crate::text::language::Language;

/// Every heading and label: each key with its type, then its Indonesian and its English
/// words, side by side so that a translation is checked and changed in one place.
macro_rules! words {
    ($($(#[$doc:meta])* $key:ident: $kind:ty = $id:expr, $en:expr;)*) => {
        /// Every heading and label, in one language.
        pub struct Words {
            $($(#[$doc])* #[allow(missing_docs)] pub $key: $kind,)*
        }

        const ID: Words = Words { $($key: $id,)* };
        const EN: Words = Words { $($key: $en,)* };
    };
}

words! {
    html_lang: &'static str = "id", "en";
    /// The mark between a number's whole part and its fraction: `96,33` in Indonesian.
    decimal_mark: char = ',', '.';
    /// The table's narrow columns: overall, category and region ranks.
    rank_columns: [&'static str; 3] = ["Prk.", "Kat.", "Wil."], ["rank", "cat.", "reg."];
    rank_overall: &'static str = "Peringkat keseluruhan", "Overall rank";
    rank_category: &'static str = "Peringkat kategori", "Category rank";
    rank_region: &'static str = "Peringkat wilayah", "Region rank";
    /// The rank among the bodies of the category with the same qualification.
    rank_qualification: &'static str = "Peringkat dalam kualifikasi", "Rank in qualification";
    body: &'static str = "Badan publik", "Public body";
    agency_id: &'static str = "ID badan publik", "Body id";
    agency_name: &'static str = "Nama badan publik", "Body name";
    category: &'static str = "Kategori", "Category";
    region: &'static str = "Wilayah", "Region";
    final_score: &'static str = "Nilai akhir", "Final score";
    qualification: &'static str = "Kualifikasi", "Qualification";
    summary: &'static str = "Ringkasan", "Summary";
    due: &'static str = "Wajib", "Due";
    /// Bodies scored or rejected that the roster does not list.
    not_on_roster: &'static str = "di luar daftar", "not on the roster";
    scored: &'static str = "Dinilai", "Scored";
    rejected: &'static str = "Ditolak", "Rejected";
    not_assessed: &'static str = "Tidak Dinilai", "Not assessed (Tidak Dinilai)";
    mean: &'static str = "Rata-rata", "Mean";
    median: &'static str = "Median", "Median";
    min: &'static str = "Terendah", "Lowest";
    max: &'static str = "Tertinggi", "Highest";
    rejected_submissions: &'static str = "Pengajuan ditolak", "Rejected submissions";
    /// Why a roster body is not assessed (a body whose submissions were all rejected is
    /// listed as rejected, with its reasons, instead).
    not_submitted: &'static str =
        "tidak mengirim SAQ", "submitted nothing";
    /// A body that sent only after the deadline (*terlambat*), and the words before the
    /// time it sent.
    late: &'static str = "Terlambat", "Late";
    sent_at: &'static str = "dikirim", "sent";
    deadline: &'static str = "Batas waktu", "Deadline";
    after_deadline: &'static str = "setelah batas waktu", "after the deadline";
    source: &'static str = "Sumber", "Source";
    /// An amendment: its annex, the words before the decree amended, its two sides.
    changes_annex: &'static str = "Lampiran Perubahan", "Annex of changes (Lampiran Perubahan)";
    amends: &'static str = "Mengubah", "Amends";
    reason: &'static str = "Alasan", "Reason";
    before: &'static str = "Sebelum", "Before";
    after: &'static str = "Sesudah", "After";
    changes_sheet: &'static str = "Perubahan", "Changes";
    /// A later verification round's section in the report.
    round: &'static str = "Putaran verifikasi", "Verification round";
    decisions_changed: &'static str = "Keputusan yang berubah", "Decisions changed";
    bodies_moved: &'static str =
        "Badan publik yang nilai akhir atau kualifikasinya berubah",
        "Bodies whose final or qualification moved";
    question: &'static str = "Pertanyaan", "Question";
    note: &'static str = "Catatan", "Note";
    reasons: &'static str = "Alasan", "Reasons";
    warnings: &'static str = "Peringatan", "Warnings";
    no_value: &'static str = "tanpa nilai", "no value";
    distribution: &'static str = "Sebaran kualifikasi", "Qualification distribution";
    dash_legend: &'static str =
        "– : tidak dihitung — badan publik tidak mengikuti tahap ini, atau indikatornya \
         tidak berlaku (bukan nilai 0)",
        "– : does not count — the body took no part in this stage, or the indicator does \
         not apply (which is not a score of 0)";
    /// The mark beside a stage that has no score but counts 0 in the final.
    zero_mark: &'static str = "*", "*";
    /// The mark beside a stage whose gate the body did not pass (*tidak lolos*).
    gate_mark: &'static str = "†", "†";
    /// The workbook's column of a gated stage (`Syarat Presentasi`) and its cells.
    gate_column: &'static str = "Syarat", "Gate of";
    passed: &'static str = "lolos", "passed";
    /// Before a part's most (`dari 15`).
    of_most: &'static str = "dari", "of";
    /// A part's column heading, before its most (`maks. 15`).
    part_most: &'static str = "maks.", "max.";
    not_passed: &'static str = "tidak lolos", "not passed";
    /// A gated stage's legend: its name, then its rule.
    gate_legend: [&'static str; 2] =
        ["† : tidak lolos syarat tahap", "lolos bila"],
        ["† : did not pass the gate of the stage", "passed when"];
    zero_legend: &'static str =
        "0* : tidak ada nilai tahap ini (tidak diikuti, atau syaratnya tidak terpenuhi); menurut instrumen dihitung 0 dalam nilai akhir",
        "0* : no score in this stage (not taken, or its gate not passed); the instrument counts it 0 in the final";
    made: &'static str = "Dibuat", "Made";
    inputs: &'static str = "Berkas masukan", "Input files";
    instrument: &'static str = "instrumen", "instrument";
    bodies_scored: &'static str = "badan publik dinilai", "bodies scored";
    /// The report card (*rapor*) and the annex (*Lampiran*).
    card_title: &'static str =
        "Rapor Keterbukaan Informasi Publik", "Public Information Openness Report Card";
    cards_title: &'static str = "Rapor badan publik", "Report cards";
    monev: &'static str = "Monitoring dan Evaluasi Keterbukaan Informasi Publik",
        "Monitoring and Evaluation of Public Information Openness";
    decree: &'static str = "Keputusan", "Decree";
    of: &'static str = "dari", "of";
    in_category: &'static str = "dalam kategori", "in the category";
    overall: &'static str = "keseluruhan", "overall";
    stage: &'static str = "Tahap", "Stage";
    weight: &'static str = "Bobot", "Weight";
    score: &'static str = "Nilai", "Score";
    stages: &'static str = "Nilai per tahap", "Scores by stage";
    indicators: &'static str = "Nilai per indikator", "Scores by indicator";
    indicator: &'static str = "Indikator", "Indicator";
    category_median: &'static str = "Median kategori", "Category median";
    category_best: &'static str = "Tertinggi kategori", "Category best";
    points_lost: &'static str = "Poin hilang", "Points lost";
    bar_legend: &'static str =
        "Batang: nilai badan publik; garis: median kategori",
        "Bar: the body's score; line: the category median";
    not_taken: &'static str =
        "tidak mengikuti tahap ini: syarat belum terpenuhi",
        "took no part in this stage: its gate was not passed";
    requires: &'static str = "syarat", "requires";
    zero_in_final: &'static str = "dihitung 0 dalam nilai akhir", "counted 0 in the final";
    opens_stage: &'static str = "membuka tahap", "opens the stage";
    attach_evidence: &'static str =
        "jawaban sudah benar: lampirkan data dukung",
        "the answer is right: attach its evidence";
    verifier_accept: &'static str =
        "jawaban sudah benar: perlu diterima verifikator",
        "the answer is right: it needs the verifier's acceptance";
    reweighted: &'static str =
        "tidak ada nilai; bobot tahap lain disesuaikan",
        "no score; the other stages are reweighted";
    counted_zero_note: &'static str =
        "tidak ada nilai; menurut instrumen dihitung 0",
        "no score; the instrument counts it 0";
    fixes: &'static str = "Yang paling bernilai untuk diperbaiki", "What to fix first";
    answer_to_give: &'static str = "Jawaban yang perlu", "Answer to give";
    answer_now: &'static str = "Jawaban sekarang", "Answer now";
    unanswered_mark: &'static str = "(belum dijawab)", "(unanswered)";
    with_evidence: &'static str = "dengan data dukung", "with evidence";
    gain: &'static str = "Tambahan", "Gain";
    reaches: &'static str = "Menjadi", "Reaches";
    fixes_more: &'static str = "perbaikan lain", "more fixes";
    all_full: &'static str =
        "Tidak ada yang perlu diperbaiki: setiap jawaban mendapat nilai penuh.",
        "Nothing to fix: every answer scores in full.";
    changed_by_verifier: &'static str = "Diubah verifikator", "Changed by the verifiers";
    /// The answers a later round (the masa sanggah) changed.
    changed_on_appeal: &'static str = "Berubah pada masa sanggah", "Changed on appeal (masa sanggah)";
    evidence_missing: &'static str = "Jawaban tanpa data dukung", "Answers without evidence";
    unanswered: &'static str = "Belum dijawab", "Unanswered";
    and_more: &'static str = "dan", "and";
    more: &'static str = "lainnya", "more";
    annex: &'static str = "Lampiran", "Annex";
    annex_note: &'static str =
        "Peringkat hanya untuk kualifikasi tertinggi; yang lain menurut kualifikasi dan nilai.",
        "Only the top qualification is ranked; the others by qualification and score.";
    rank: &'static str = "Peringkat", "Rank";
    status: &'static str = "Keterangan", "Note";
    made_with: &'static str = "Dibuat dengan kip-index", "Made with kip-index";
    back: &'static str = "Kembali ke daftar", "Back to the list";
    /// Participation (`kip progress`): its title, columns and the letter per superior.
    progress_title: &'static str = "Kemajuan Pengisian SAQ", "SAQ participation";
    progress_sheet: &'static str = "Kemajuan", "Progress";
    superior: &'static str = "Atasan", "Superior";
    contact: &'static str = "Kontak", "Contact";
    state: &'static str = "Keadaan", "State";
    answered: &'static str = "Dijawab", "Answered";
    applicable: &'static str = "Berlaku", "Asked";
    lacks: &'static str = "Yang kurang", "What is missing";
    to_superior: &'static str = "Kepada Yth.", "To";
    without_superior: &'static str = "Tanpa atasan", "No superior named";
    as_of: &'static str = "Keadaan per", "As of";
    of_bodies: &'static str = "badan publik", "public bodies";
    all_complete: &'static str =
        "Semua badan publik di bawah atasan ini telah lengkap mengisi SAQ. Terima kasih.",
        "Every body under this superior has completed its SAQ. Thank you.";
    unplaced: &'static str = "Tidak dikenali", "Not placed";
    not_complete_intro: &'static str =
        "Badan publik berikut belum lengkap; mohon arahan agar segera dilengkapi:",
        "These bodies are not complete; please ask them to complete it soon:";
    not_sent: &'static str = "belum mengirim SAQ", "has sent no SAQ";
    without_evidence: &'static str = "tanpa data dukung", "without evidence";
    by_superior: &'static str = "Per atasan", "By superior";
    by_category: &'static str = "Per kategori", "By category";
    not_on_roster_sheet: &'static str = "Di luar daftar", "Not on the roster";
    total: &'static str = "Jumlah", "Total";
}

impl Words {
    /// The words of `language`.
    ///
    /// ```
    /// use kip_index::{Language, Words};
    /// assert_eq!(Words::of(Language::Indonesian).number("96.33"), "96,33");
    /// assert_eq!(Words::of(Language::English).final_score, "Final score");
    /// ```
    pub fn of(language: Language) -> &'static Words {
        match language {
            Language::English => &EN,
            _ => &ID,
        }
    }

    /// The library's language for these words.
    pub fn language(&self) -> Language {
        Language::from_code(self.html_lang).unwrap_or_default()
    }

    /// A number as people of this language write it: `96,33` in Indonesian.
    pub fn number(&self, value: impl std::fmt::Display) -> String {
        let text = value.to_string();
        match self.decimal_mark {
            '.' => text,
            mark => text.replace('.', &mark.to_string()),
        }
    }

    /// Why a body is not assessed, for its row: `tidak mengirim SAQ`, or
    /// `terlambat: dikirim 2025-10-01T09:00:00+07:00, setelah batas waktu
    /// 2025-09-30T23:59:59+07:00` (the deadline the results were held to).
    pub fn not_assessed_why(
        &self,
        body: &crate::batch::not_assessed::NotAssessed,
        deadline: Option<&crate::text::moment::Moment>,
    ) -> String {
        match &body.submitted_at {
            Some(time) => self.late_sent(time.as_str(), deadline),
            None => self.not_submitted.to_owned(),
        }
    }

    fn late_sent(&self, time: &str, deadline: Option<&crate::text::moment::Moment>) -> String {
        let deadline = deadline.map_or(String::new(), |d| format!(" {d}"));
        format!(
            "{}: {} {time}, {}{deadline}",
            self.late.to_lowercase(),
            self.sent_at,
            self.after_deadline
        )
    }

    /// Why a body of the annex has no score, as its last column says it (empty for a
    /// scored body): the report and the workbook's annex alike.
    pub fn unscored(&self, why: Option<&crate::insight::annex::Unscored>) -> String {
        match why {
            None => String::new(),
            Some(crate::insight::annex::Unscored::NotAssessed) => {
                format!("{}: {}", self.not_assessed, self.not_submitted)
            }
            Some(crate::insight::annex::Unscored::Late(time)) => {
                format!("{}: {}", self.not_assessed, self.late_sent(time, None))
            }
            Some(crate::insight::annex::Unscored::Rejected(reason)) => {
                format!("{}: {reason}", self.rejected)
            }
        }
    }

    /// A stage's cell: its score, `0*` (with the instrument's decimals) when it has none
    /// but counts 0, `–` when it does not count; marked `†` when the body did not pass
    /// the stage's gate.
    pub fn stage_cell(
        &self,
        card: &crate::score::card::Scorecard,
        stage: &str,
        decimals: u32,
    ) -> String {
        let cell = match card.stage(stage) {
            Some(score) => self.number(score.rounded()),
            None if card.stage_counted_as_zero(stage) => format!(
                "{}{}",
                self.number(rust_decimal::Decimal::new(0, decimals)),
                self.zero_mark
            ),
            None => "–".to_owned(),
        };
        let not_passed = (card.stages.iter()).any(|s| &*s.id == stage && s.passed == Some(false));
        match not_passed {
            true => format!("{cell}{}", self.gate_mark),
            false => cell,
        }
    }

    /// The legend of every gated stage (`† : tidak lolos syarat tahap Presentasi —
    /// lolos bila 10 besar SAQ dalam kategori`), for a table that marks its cells.
    pub fn gate_legends(
        &self,
        instrument: &crate::model::instrument::Instrument,
        language: crate::text::language::Language,
    ) -> Vec<String> {
        (instrument.stages.iter())
            .filter_map(|stage| {
                let rule = stage.requires.as_ref()?.rule(instrument, language);
                let [mark, when] = self.gate_legend;
                Some(format!("{mark} {} — {when} {rule}", stage.name))
            })
            .collect()
    }
}
