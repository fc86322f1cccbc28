//! The results of a scoring run, as JSON and as CSV.

use serde::Serialize;
use serde::ser::{SerializeMap, SerializeStruct};

pub use crate::batch::source::Source;
use crate::batch::summary::Summary;
use crate::model::id::{CategoryId, QualificationId};
use crate::score::card::Scorecard;
use crate::score::plan::Plan;
use crate::text::problem::Problem;

/// The results of scoring a set of bodies against one instrument: each scored body's
/// [`Scorecard`], and every submission that could not be scored with its reasons.
///
/// Serialises to the results JSON (`instrument`, `deadline` when one was set, `results`, `not_assessed`,
/// `rejected`, `summary`, `warnings`). A [`Batch`](crate::Batch) fills all of it; built
/// by hand, it holds what you put in.
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
/// assert!(csv.starts_with("\u{feff}agency_id,agency_name,category,category_name,region,final"));
/// assert!(results.to_json().contains(r#""instrument": "monev-kip-2025""#));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Results {
    /// The instrument's id.
    pub instrument: String,
    /// The deadline the submissions were held to (the instrument's, or the plan's
    /// extension), if any.
    pub deadline: Option<crate::text::moment::Moment>,
    /// The decree the results are published under (`kip --decree`), if given.
    pub decree: Option<crate::batch::decree::Decree>,
    /// The amendment these results make of results published earlier (`kip --amends`),
    /// if they make one ([`amendment`](crate::amendment)).
    pub amendment: Option<crate::batch::decree::Amendment>,
    /// The scored bodies.
    pub results: Vec<Scorecard>,
    /// The bodies not assessed (*Tidak Dinilai*), by agency id, each with its reason:
    /// a roster body that sent nothing, or a body that sent only after the deadline
    /// (`late`, with its time). Never ranked.
    pub not_assessed: Vec<crate::batch::not_assessed::NotAssessed>,
    /// The submissions that could not be scored, each with every reason.
    pub rejected: Vec<Rejected>,
    /// Per category and per region, once a batch is finished.
    pub summary: Option<Summary>,
    /// The instrument's roll-up over the scored bodies, if it has one.
    pub rollup: Option<crate::batch::rollup::RollupResult>,
    /// Things worth a look that did not stop scoring (a stage counted 0 for want of
    /// scores, a scored body missing from the roster, a verification entry of a body
    /// that did not submit).
    pub warnings: Vec<crate::batch::warning::Warning>,
    /// The language of the messages the JSON gives beside the machine fields
    /// (Indonesian unless set).
    pub language: crate::text::language::Language,
    stage_columns: Vec<String>,
    indicator_columns: Vec<String>,
    category_names: Vec<(CategoryId, String)>,
    qualification_names: Vec<(QualificationId, String)>,
    /// The instrument's decimals: the scale of every published score (the Arrow
    /// table's decimal columns).
    #[cfg_attr(not(feature = "arrow"), allow(dead_code))]
    decimals: u32,
}

/// A submission that could not be scored, with every reason found.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Rejected {
    /// Where it came from: its file, and its line or element ([`Source`]).
    pub source: Source,
    /// The agency id, when it could be read.
    pub agency: Option<String>,
    /// Every problem found (paths inside the submission).
    pub errors: Vec<Problem>,
    /// The agency's category and region when known, for the summaries.
    pub(crate) category: Option<CategoryId>,
    pub(crate) region: Option<String>,
    /// The agency's name from the roster, for the annex.
    pub(crate) name: Option<String>,
}

impl Rejected {
    /// A rejection of the submission at `source`, naming its agency when known, with
    /// every problem found (for results built by hand; a batch makes its own).
    pub fn of(source: impl Into<Source>, agency: Option<String>, problems: Vec<Problem>) -> Self {
        Rejected::new(source.into(), agency, problems, None, None)
    }

    pub(crate) fn new(
        source: Source,
        agency: Option<String>,
        errors: Vec<Problem>,
        category: Option<CategoryId>,
        region: Option<String>,
    ) -> Rejected {
        Rejected {
            source,
            agency,
            errors,
            category,
            region,
            name: None,
        }
    }

    /// Takes the category and region from the roster when the agency is on it.
    pub(crate) fn locate(&mut self, roster: Option<&crate::batch::roster::Roster>) {
        let listed = self
            .agency
            .as_ref()
            .and_then(|id| roster.and_then(|r| r.get(id.as_str())).map(|l| &l.0));
        if let Some(agency) = listed {
            self.category = agency.category.clone();
            self.region = agency.region.clone();
            self.name = Some(agency.name.clone());
        }
    }
}

impl Results {
    /// Empty results for an instrument.
    pub fn new(plan: &Plan) -> Results {
        let instrument = plan.instrument();
        Results {
            instrument: instrument.id.clone(),
            deadline: instrument.deadline.clone(),
            decree: None,
            amendment: None,
            results: Vec::new(),
            not_assessed: Vec::new(),
            rejected: Vec::new(),
            summary: None,
            rollup: None,
            warnings: Vec::new(),
            language: crate::text::language::Language::default(),
            stage_columns: instrument.stages.iter().map(|s| s.id.clone()).collect(),
            indicator_columns: instrument.indicators.iter().map(|i| i.id.clone()).collect(),
            category_names: (instrument.categories.iter())
                .map(|c| (c.id.clone(), c.name.clone()))
                .collect(),
            qualification_names: (instrument.qualifications.iter())
                .map(|q| (q.id.clone(), q.name.clone()))
                .collect(),
            decimals: instrument.decimals,
        }
    }

    /// The results JSON, pretty-printed, ending with a newline. Scores are
    /// JSON numbers with exactly the instrument's `decimals` digits.
    pub fn to_json(&self) -> String {
        // Serialising owned, well-formed data (string keys, no failing Serialize) into
        // a String cannot fail: an empty text in its place would be a silent loss.
        let mut text = serde_json::to_string_pretty(self).expect("results serialize as JSON");
        text.push('\n');
        text
    }

    /// The name of a category id, if the instrument declares it.
    pub(crate) fn category_name(&self, id: &str) -> Option<&str> {
        self.category_names
            .iter()
            .find(|(c, _)| c == id)
            .map(|(_, name)| name.as_str())
    }

    /// The name of a qualification id.
    pub(crate) fn qualification_name(&self, id: &str) -> Option<&str> {
        self.qualification_names
            .iter()
            .find(|(q, _)| q == id)
            .map(|(_, name)| name.as_str())
    }

    pub(crate) fn stage_columns(&self) -> &[String] {
        &self.stage_columns
    }

    pub(crate) fn indicator_columns(&self) -> &[String] {
        &self.indicator_columns
    }

    /// Each category's id and name, as the instrument declares them.
    #[cfg(feature = "arrow")]
    pub(crate) fn category_names(&self) -> &[(CategoryId, String)] {
        &self.category_names
    }

    /// Each qualification's id and name.
    #[cfg(feature = "arrow")]
    pub(crate) fn qualification_names(&self) -> &[(QualificationId, String)] {
        &self.qualification_names
    }

    /// The instrument's decimals, the scale of every published score.
    #[cfg(feature = "arrow")]
    pub(crate) fn decimals(&self) -> u32 {
        self.decimals
    }
}

impl Serialize for Results {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut out = s.serialize_struct("Results", 7)?;
        out.serialize_field("instrument", &self.instrument)?;
        if let Some(deadline) = &self.deadline {
            out.serialize_field("deadline", deadline)?;
        }
        if let Some(decree) = &self.decree {
            out.serialize_field("decree", decree)?;
        }
        if let Some(amendment) = &self.amendment {
            out.serialize_field("amendment", amendment)?;
        }
        out.serialize_field("results", &self.results)?;
        out.serialize_field("not_assessed", &self.not_assessed)?;
        out.serialize_field("rejected", &RejectedIn(&self.rejected, self.language))?;
        out.serialize_field("summary", &self.summary)?;
        if let Some(rollup) = &self.rollup {
            out.serialize_field("rollup", rollup)?;
        }
        out.serialize_field(
            "warnings",
            &crate::batch::warning::WarningsOut(&self.warnings, self.language),
        )?;
        out.end()
    }
}

impl Serialize for Rejected {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        RejectedOut(self, crate::text::language::Language::default()).serialize(s)
    }
}

/// The rejected submissions as the results JSON holds them, messages in a language.
pub(crate) struct RejectedIn<'a>(pub &'a [Rejected], pub crate::text::language::Language);

impl Serialize for RejectedIn<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = s.serialize_seq(Some(self.0.len()))?;
        for rejected in self.0 {
            seq.serialize_element(&RejectedOut(rejected, self.1))?;
        }
        seq.end()
    }
}

struct RejectedOut<'a>(&'a Rejected, crate::text::language::Language);

impl Serialize for RejectedOut<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut out = s.serialize_struct("Rejected", 3)?;
        out.serialize_field("source", &self.0.source)?;
        out.serialize_field("agency", &self.0.agency)?;
        out.serialize_field("errors", &Errors(&self.0.errors, self.1))?;
        out.end()
    }
}

struct Errors<'a>(&'a [Problem], crate::text::language::Language);

impl Serialize for Errors<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = s.serialize_seq(Some(self.0.len()))?;
        for problem in self.0 {
            seq.serialize_element(&ErrorOut(problem, self.1))?;
        }
        seq.end()
    }
}

/// One problem: its machine fields (`path`, `kind`) and its sentence in the language.
struct ErrorOut<'a>(&'a Problem, crate::text::language::Language);

impl Serialize for ErrorOut<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(3))?;
        map.serialize_entry("path", &self.0.path)?;
        map.serialize_entry("kind", &self.0.kind)?;
        map.serialize_entry("message", self.0.message_in(self.1))?;
        map.end()
    }
}

/// The summary of `results`, with the roster by id.
pub(crate) fn summarise(
    plan: &Plan,
    results: &Results,
    roster: Option<&crate::batch::roster::Roster>,
) -> Summary {
    // Bodies, not submissions: a body with several rejected submissions counts once, and
    // a body scored from another of its submissions is scored, not rejected. A rejection
    // with no agency id is one body of its own.
    let scored: std::collections::HashSet<&str> = (results.results.iter())
        .map(|c| c.agency.id.as_str())
        .collect();
    let mut counted = std::collections::HashSet::new();
    let rejected = (results.rejected.iter())
        .filter(|r| match r.agency.as_deref() {
            Some(id) => !scored.contains(id) && counted.insert(id),
            None => true,
        })
        .map(|r| {
            (
                r.agency.as_deref(),
                r.category.as_deref(),
                r.region.as_deref(),
            )
        });
    crate::batch::summary::summarise(
        plan.instrument(),
        &results.results,
        &results.not_assessed,
        rejected,
        roster,
    )
}
