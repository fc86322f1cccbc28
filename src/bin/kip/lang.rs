//! The words of the outputs for people — the table, the workbook, the HTML report — in
//! Indonesian (the default: the commissions' own language) or English (`--lang en`).

/// The language of the outputs for people.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Lang {
    /// Bahasa Indonesia.
    #[default]
    Id,
    /// English.
    En,
}

/// Every heading and label, in one language.
pub(crate) struct Words {
    pub html_lang: &'static str,
    /// The table's narrow columns: overall, category and region ranks.
    pub rank_columns: [&'static str; 3],
    pub rank_overall: &'static str,
    pub rank_category: &'static str,
    pub rank_region: &'static str,
    pub body: &'static str,
    pub agency_id: &'static str,
    pub agency_name: &'static str,
    pub category: &'static str,
    pub region: &'static str,
    pub final_score: &'static str,
    pub qualification: &'static str,
    pub summary: &'static str,
    pub due: &'static str,
    pub scored: &'static str,
    pub rejected: &'static str,
    pub not_assessed: &'static str,
    pub mean: &'static str,
    pub median: &'static str,
    pub min: &'static str,
    pub max: &'static str,
    pub rejected_submissions: &'static str,
    pub source: &'static str,
    pub reasons: &'static str,
    pub warnings: &'static str,
    pub no_value: &'static str,
    pub distribution: &'static str,
    pub dash_legend: &'static str,
    pub made: &'static str,
    pub inputs: &'static str,
    pub instrument: &'static str,
    pub bodies_scored: &'static str,
}

const ID: Words = Words {
    html_lang: "id",
    rank_columns: ["Prk.", "Kat.", "Wil."],
    rank_overall: "Peringkat keseluruhan",
    rank_category: "Peringkat kategori",
    rank_region: "Peringkat wilayah",
    body: "Badan publik",
    agency_id: "ID badan publik",
    agency_name: "Nama badan publik",
    category: "Kategori",
    region: "Wilayah",
    final_score: "Nilai akhir",
    qualification: "Kualifikasi",
    summary: "Ringkasan",
    due: "Wajib",
    scored: "Dinilai",
    rejected: "Ditolak",
    not_assessed: "Tidak Dinilai",
    mean: "Rata-rata",
    median: "Median",
    min: "Terendah",
    max: "Tertinggi",
    rejected_submissions: "Pengajuan ditolak",
    source: "Sumber",
    reasons: "Alasan",
    warnings: "Peringatan",
    no_value: "tanpa nilai",
    distribution: "Sebaran kualifikasi",
    dash_legend: "– : badan publik tidak mengikuti tahap ini (bukan nilai 0)",
    made: "Dibuat",
    inputs: "Berkas masukan",
    instrument: "instrumen",
    bodies_scored: "badan publik dinilai",
};

const EN: Words = Words {
    html_lang: "en",
    rank_columns: ["rank", "cat.", "reg."],
    rank_overall: "Overall rank",
    rank_category: "Category rank",
    rank_region: "Region rank",
    body: "Public body",
    agency_id: "Body id",
    agency_name: "Body name",
    category: "Category",
    region: "Region",
    final_score: "Final score",
    qualification: "Qualification",
    summary: "Summary",
    due: "Due",
    scored: "Scored",
    rejected: "Rejected",
    not_assessed: "Not assessed (Tidak Dinilai)",
    mean: "Mean",
    median: "Median",
    min: "Lowest",
    max: "Highest",
    rejected_submissions: "Rejected submissions",
    source: "Source",
    reasons: "Reasons",
    warnings: "Warnings",
    no_value: "no value",
    distribution: "Qualification distribution",
    dash_legend: "– : the body took no part in this stage (which is not a score of 0)",
    made: "Made",
    inputs: "Input files",
    instrument: "instrument",
    bodies_scored: "bodies scored",
};

impl Lang {
    /// The words of this language.
    pub(crate) fn words(self) -> &'static Words {
        match self {
            Lang::Id => &ID,
            Lang::En => &EN,
        }
    }
}
