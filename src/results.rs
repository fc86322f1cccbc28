//! The results of a scoring run (SPEC 3), as JSON and as CSV.

use serde::Serialize;
use serde::ser::{SerializeMap, SerializeStruct};

use crate::plan::Plan;
use crate::problem::Problem;
use crate::score::Scorecard;

/// The results of scoring a set of bodies against one instrument: each scored body's
/// [`Scorecard`], and every submission that could not be scored with its reasons.
///
/// Serialises to the results JSON of SPEC 3 (`instrument`, `results`, `rejected`).
/// Rankings, the roster's *Tidak Dinilai* bodies and the summaries are not part of it
/// yet.
///
/// ```
/// use kip_index::{Body, Instrument, Plan, Results, Submission};
///
/// let instrument: Instrument =
///     std::fs::read_to_string("examples/monev-2025/instrument.json")?.parse()?;
/// let plan = Plan::new(&instrument)?;
/// let submission = Submission::from_json(r#"{ "instrument": "monev-kip-2025",
///   "agency": { "id": "3673", "name": "Pemerintah Kota Serang", "category": "pemkot" },
///   "answers": { "JI01": { "value": true, "evidence": ["https://ppid.serangkota.go.id"] } } }"#)?;
/// let mut results = Results::new(&plan);
/// results.results.push(plan.score(&Body::new(&submission))?);
/// let csv = results.to_csv();
/// assert!(csv.starts_with("agency_id,agency_name,category,region,final,qualification,stage:saq"));
/// assert!(results.to_json().contains(r#""instrument": "monev-kip-2025""#));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Results {
    /// The instrument's id.
    pub instrument: String,
    /// The scored bodies.
    pub results: Vec<Scorecard>,
    /// The submissions that could not be scored, each with every reason.
    pub rejected: Vec<Rejected>,
    stage_columns: Vec<String>,
    indicator_columns: Vec<String>,
}

/// A submission that could not be scored, with every reason found.
#[derive(Debug, Clone, PartialEq)]
pub struct Rejected {
    /// Where it came from: `file:line` for JSON Lines, `file` or `file#/3` otherwise.
    pub source: String,
    /// The agency id, when it could be read.
    pub agency: Option<String>,
    /// Every problem found (paths inside the submission).
    pub errors: Vec<Problem>,
}

impl Results {
    /// Empty results for an instrument.
    pub fn new(plan: &Plan) -> Results {
        let instrument = plan.instrument();
        Results {
            instrument: instrument.id.clone(),
            results: Vec::new(),
            rejected: Vec::new(),
            stage_columns: instrument.stages.iter().map(|s| s.id.clone()).collect(),
            indicator_columns: instrument.indicators.iter().map(|i| i.id.clone()).collect(),
        }
    }

    /// The results JSON of SPEC 3, pretty-printed, ending with a newline. Scores are
    /// JSON numbers with exactly the instrument's `decimals` digits.
    pub fn to_json(&self) -> String {
        // Serialising owned, well-formed data into a String cannot fail; keep it total.
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }

    /// The CSV form of SPEC 3: one row per body, `agency_id, agency_name, category,
    /// region, final, qualification`, then one column per stage (`stage:ID`) and per
    /// top-level indicator (`indicator:ID`); an empty cell where a stage or indicator
    /// has no score. UTF-8, comma-separated, quoted where needed, `\n` line ends.
    pub fn to_csv(&self) -> String {
        let mut writer = csv::Writer::from_writer(Vec::new());
        let mut header: Vec<String> = [
            "agency_id",
            "agency_name",
            "category",
            "region",
            "final",
            "qualification",
        ]
        .map(str::to_owned)
        .to_vec();
        header.extend(self.stage_columns.iter().map(|id| format!("stage:{id}")));
        header.extend(
            self.indicator_columns
                .iter()
                .map(|id| format!("indicator:{id}")),
        );
        // Writing to a Vec cannot fail; errors are ignored rather than unwrapped.
        let _ = writer.write_record(&header);
        for card in &self.results {
            let mut row = vec![
                card.agency.id.clone(),
                card.agency.name.clone(),
                card.agency.category.clone(),
                card.agency.region.clone().unwrap_or_default(),
                card.final_score.rounded().to_string(),
                card.qualification.clone(),
            ];
            let cell = |score: Option<crate::score::Score>| {
                score.map(|s| s.rounded().to_string()).unwrap_or_default()
            };
            row.extend(self.stage_columns.iter().map(|id| cell(card.stage(id))));
            row.extend(
                self.indicator_columns
                    .iter()
                    .map(|id| cell(card.indicator(id))),
            );
            let _ = writer.write_record(&row);
        }
        let bytes = writer.into_inner().unwrap_or_default();
        String::from_utf8(bytes).unwrap_or_default()
    }
}

impl Serialize for Results {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut out = s.serialize_struct("Results", 3)?;
        out.serialize_field("instrument", &self.instrument)?;
        out.serialize_field("results", &self.results)?;
        out.serialize_field("rejected", &self.rejected)?;
        out.end()
    }
}

impl Serialize for Rejected {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut out = s.serialize_struct("Rejected", 3)?;
        out.serialize_field("source", &self.source)?;
        out.serialize_field("agency", &self.agency)?;
        out.serialize_field("errors", &Errors(&self.errors))?;
        out.end()
    }
}

struct Errors<'a>(&'a [Problem]);

impl Serialize for Errors<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = s.serialize_seq(Some(self.0.len()))?;
        for problem in self.0 {
            seq.serialize_element(&ErrorOut(problem))?;
        }
        seq.end()
    }
}

struct ErrorOut<'a>(&'a Problem);

impl Serialize for ErrorOut<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(3))?;
        map.serialize_entry("path", &self.0.path)?;
        map.serialize_entry("kind", &self.0.kind)?;
        map.serialize_entry("message", &self.0.message)?;
        map.end()
    }
}
