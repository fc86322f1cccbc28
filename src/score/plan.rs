//! The scoring plan: an instrument compiled once into dense tables, so that scoring a
//! body walks arrays instead of looking ids up.

use std::collections::BTreeMap;
use std::ops::Range;

use rust_decimal::Decimal;

use crate::model::id::CategoryId;
use crate::model::instrument::{
    Band, Expected, Indicator, Instrument, Otherwise, Parts, QuestionKind,
};
use crate::model::submission::AnswerValue;
use crate::score::ratio::Ratio;
use crate::text::problem::{Problem, ProblemKind, Report};

/// An instrument compiled for scoring: validated once, then used for every body.
///
/// ```
/// use kip_index::{Body, Instrument, Plan, Submission};
///
/// let instrument: Instrument =
///     std::fs::read_to_string("examples/monev-2025/instrument.json")?.parse()?;
/// let plan = Plan::new(&instrument)?;
/// let submission = Submission::from_json(r#"{
///   "instrument": "monev-kip-2025",
///   "agency": { "id": "3673", "name": "Pemerintah Kota Serang", "category": "pemkot" },
///   "answers": {}
/// }"#)?;
/// let card = plan.score(&Body::new(&submission))?;
/// // Nothing answered: every question scores 0 and is reported missing.
/// assert_eq!(card.final_score.rounded().to_string(), "0.00");
/// assert_eq!(card.qualification, "tidak_informatif");
/// assert!(card.diagnostics.missing.iter().any(|q| q == "JI01"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Plan {
    pub(crate) instrument: Instrument,
    /// The limits every check of this plan (and of a batch made from it) holds to.
    pub(crate) limits: crate::Limits,
    pub(crate) strict: bool,
    /// Every question, depth first in the order written.
    pub(crate) questions: Vec<PlannedQuestion>,
    pub(crate) question_index: BTreeMap<String, usize>,
    /// The questions in id order, each as its order key and its index: what a body's
    /// sorted answers are matched against ([`crate::score::id_key`]).
    pub(crate) question_keys: Vec<(crate::score::id_key::IdKey, usize)>,
    /// The questions as written, in the same order, for checking submissions.
    pub(crate) question_defs: Vec<crate::model::instrument::Question>,
    /// Every indicator, depth first, parents before children.
    pub(crate) indicators: Vec<PlannedIndicator>,
    /// The indicators that hold questions, in question order.
    pub(crate) leaves: Vec<Leaf>,
    /// The top-level indicators, as indices into `indicators`.
    pub(crate) top: Vec<usize>,
    pub(crate) stages: Vec<PlannedStage>,
    /// Stage indices in an order where every gate's stage comes before the gated one.
    pub(crate) stage_order: Vec<usize>,
    /// The integer fast path's formulas, per category (`None`: no fast path).
    pub(crate) formulas: Option<Vec<CategoryFormulas>>,
}

#[derive(Debug, Clone)]
pub(crate) struct PlannedQuestion {
    pub id: String,
    pub weight: Ratio,
    /// The weight as an integer, scaled by the least common denominator of the weights
    /// of its indicator's questions (`None` if that overflows): the integer fast path.
    pub int_weight: Option<i128>,
    pub rule: Rule,
    /// Every score this question can give is an integer over `denom` (ratings: over
    /// 10^4, for ratings of up to four decimals); `table` holds those integers.
    pub denom: i64,
    pub table: IntTable,
    /// The leaf (index into `Plan::leaves`) the question belongs to.
    pub leaf: usize,
    /// `int_weight × leaf.common / denom`: what one unit of the numerator adds to the
    /// leaf's integer sum (0 when the leaf has no integer path).
    pub coef: i128,
    pub evidence_required: bool,
    /// The id, shared with every scorecard's diagnostics.
    pub shared_id: crate::QuestionId,
    /// `evidence: "none"`: evidence given anyway is ignored, and said so.
    pub evidence_none: bool,
    pub categories: Option<Vec<CategoryId>>,
    /// The index of the question the `when` waits on, and the answer it waits for.
    pub when: Option<(usize, Expected)>,
    pub otherwise: Otherwise,
    /// A choice's options or a checklist's items, each id's order key, in the order
    /// written: an answer is matched against them as integers.
    pub choice_keys: Vec<crate::score::id_key::IdKey>,
}

/// A rating's scores are integers over this (four decimals).
pub(crate) const RATING_DENOM: i64 = 10_000;

/// The integer numerators of a question's scores over its `denom`.
#[derive(Debug, Clone)]
pub(crate) enum IntTable {
    /// No integer form: every answer goes through exact fractions.
    None,
    /// yes_no (over 1): 0 or 100.
    YesNo,
    /// choice: one numerator per option; number: one per band.
    PerOption(Vec<i64>),
    /// checklist: each item's integer points; the score is 100 × chosen over `denom`.
    Points(Vec<i64>),
    /// scale: 100 × (answer − min) over the span.
    Scale,
    /// rating: the answer × 10^4.
    Rating,
}

/// A leaf indicator (one that holds questions) on the integer path: its questions'
/// numerators add up over `common`, the least common multiple of their `denom`s.
#[derive(Debug, Clone)]
pub(crate) struct Leaf {
    pub indicator: usize,
    pub questions: Range<usize>,
    /// `None`: no integer path for this leaf (a weight or denominator too unusual).
    pub common: Option<i128>,
}

/// How an answer turns into a score (0–100).
#[derive(Debug, Clone)]
pub(crate) enum Rule {
    YesNo,
    Choice(Vec<(String, Ratio)>),
    Checklist {
        items: Vec<(String, Ratio)>,
        total: Ratio,
    },
    Number(Vec<Band>),
    Scale {
        min: i64,
        span: i64,
    },
    Rating,
    Text,
}

#[derive(Debug, Clone)]
pub(crate) struct PlannedIndicator {
    pub id: std::sync::Arc<str>,
    pub weight: Ratio,
    pub top_level: bool,
    pub parts: PlannedParts,
}

#[derive(Debug, Clone)]
pub(crate) enum PlannedParts {
    Questions(Range<usize>),
    Indicators(Vec<usize>),
}

#[derive(Debug, Clone)]
pub(crate) struct PlannedStage {
    pub id: std::sync::Arc<str>,
    pub weight: Ratio,
    pub questionnaire: bool,
    /// The stage's gate, its stages found.
    pub gate: Option<crate::score::gates::PlannedGate>,
    /// What a body that took no part in the stage gets (the stage's own `absent`, else
    /// the instrument's).
    pub absent: crate::model::instrument::AbsentStage,
    /// The ids of the parts it is scored in (shared by every scorecard); empty for a
    /// stage scored as one number.
    pub parts: Vec<std::sync::Arc<str>>,
}

impl Plan {
    /// Validates `instrument` (every problem of [`Instrument::validate`]) and compiles it,
    /// within the default [`Limits`](crate::Limits).
    pub fn new(instrument: &Instrument) -> Result<Plan, Report> {
        Plan::with_limits(instrument, &crate::Limits::default())
    }

    /// [`Plan::new`] within the given limits (questions, options, text lengths), which
    /// the plan keeps: its checks, and a [`Batch`](crate::Batch) made from it, use them
    /// in every framing, looser or tighter than the defaults.
    pub fn with_limits(instrument: &Instrument, limits: &crate::Limits) -> Result<Plan, Report> {
        let mut report = instrument.validate();
        report.extend(limits.check_instrument(instrument));
        if !report.is_empty() {
            return Err(report);
        }
        let mut plan = Plan {
            instrument: instrument.clone(),
            limits: *limits,
            strict: false,
            questions: Vec::new(),
            question_index: BTreeMap::new(),
            question_keys: Vec::new(),
            question_defs: instrument.iter_questions().cloned().collect(),
            indicators: Vec::new(),
            leaves: Vec::new(),
            top: Vec::new(),
            stages: Vec::new(),
            stage_order: Vec::new(),
            formulas: None,
        };
        for indicator in &instrument.indicators {
            let k = plan.add_indicator(indicator, true)?;
            plan.top.push(k);
        }
        plan.question_keys = (plan.question_index.iter())
            .map(|(id, &k)| (crate::score::id_key::IdKey::of(id), k))
            .collect();
        plan.resolve_conditions()?;
        plan.add_stages()?;
        plan.formulas = plan.compile_formulas();
        plan.check_arithmetic().map_err(|_| {
            Report::from(Problem::new(
                ProblemKind::Arithmetic,
                "/indicators",
                "expected weights whose scores can be computed exactly (within 128-bit \
                 integers), found weights so fine or so large that a body answering every \
                 question in full cannot be scored",
            ))
        })?;
        Ok(plan)
    }

    /// Strict mode: a missing answer is an error ([`ProblemKind::MissingAnswer`]) instead
    /// of a 0 reported in the diagnostics.
    pub fn strict(mut self, strict: bool) -> Plan {
        self.strict = strict;
        self
    }

    /// Holds submissions to `deadline` instead of the instrument's own (an extension the
    /// commission announced; `kip --deadline`): a batch made from the plan sets apart
    /// every submission whose `submitted_at` is after it, unscored, as not assessed
    /// (`late`), and the results say which deadline was held.
    ///
    /// ```
    /// use kip_index::{Batch, Framing, Instrument, Moment, NotAssessedReason, Plan, read_submissions};
    ///
    /// let instrument: Instrument =
    ///     std::fs::read_to_string("examples/monev-2025/instrument.json")?.parse()?;
    /// let plan = Plan::new(&instrument)?.with_deadline("2025-09-30T23:59:59+07:00".parse()?);
    /// let line = r#"{"instrument":"monev-kip-2025","submitted_at":"2025-10-01T08:00:00+07:00",
    ///   "agency":{"id":"3673","name":"Pemerintah Kota Serang","category":"pemkot"},"answers":{}}"#
    ///     .replace('\n', "");
    /// let mut batch = Batch::new(&plan).without_stage_scores();
    /// for record in read_submissions(&line, Framing::JsonLines, &instrument) {
    ///     batch.add_record("terlambat.jsonl", Framing::JsonLines, record);
    /// }
    /// let results = batch.finish();
    /// assert!(results.results.is_empty());
    /// assert_eq!(results.not_assessed[0].reason, NotAssessedReason::Late);
    /// assert_eq!(results.not_assessed[0].submitted_at.as_ref().map(Moment::as_str),
    ///            Some("2025-10-01T08:00:00+07:00"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_deadline(mut self, deadline: crate::text::moment::Moment) -> Plan {
        self.instrument.deadline = Some(deadline);
        self
    }

    /// The deadline submissions are held to: the instrument's, or the one given to
    /// [`Plan::with_deadline`].
    pub fn deadline(&self) -> Option<&crate::text::moment::Moment> {
        self.instrument.deadline.as_ref()
    }

    /// Whether missing answers are errors.
    pub fn is_strict(&self) -> bool {
        self.strict
    }

    /// The limits the plan was made with ([`Plan::with_limits`]; the defaults for
    /// [`Plan::new`]).
    pub fn limits(&self) -> &crate::Limits {
        &self.limits
    }

    /// The instrument the plan was compiled from.
    pub fn instrument(&self) -> &Instrument {
        &self.instrument
    }

    /// Adds an indicator and everything under it; returns its index.
    fn add_indicator(&mut self, indicator: &Indicator, top_level: bool) -> Result<usize, Report> {
        let k = self.indicators.len();
        self.indicators.push(PlannedIndicator {
            id: indicator.id.as_str().into(),
            weight: Ratio::from_decimal(indicator.weight),
            top_level,
            parts: PlannedParts::Indicators(Vec::new()),
        });
        let parts = match &indicator.parts {
            Parts::Questions(questions) => {
                let start = self.questions.len();
                for q in questions {
                    self.question_index
                        .insert(q.id.clone(), self.questions.len());
                    self.questions.push(PlannedQuestion {
                        id: q.id.clone(),
                        weight: Ratio::from_decimal(q.weight),
                        int_weight: None,
                        rule: Rule::from_kind(&q.kind)?,
                        denom: 1,
                        table: IntTable::None,
                        leaf: self.leaves.len(),
                        coef: 0,
                        evidence_required: q.evidence
                            == crate::model::instrument::Evidence::Required,
                        evidence_none: q.evidence == crate::model::instrument::Evidence::None,
                        shared_id: crate::QuestionId::from(q.id.as_str()),
                        categories: q.categories.clone(),
                        when: None,
                        otherwise: q.otherwise,
                        choice_keys: choice_ids(&q.kind)
                            .map(crate::score::id_key::IdKey::of)
                            .collect(),
                    });
                }
                self.integer_weights(start..self.questions.len());
                self.integer_tables(k, start..self.questions.len());
                PlannedParts::Questions(start..self.questions.len())
            }
            Parts::Indicators(children) => {
                let mut indices = Vec::with_capacity(children.len());
                for child in children {
                    indices.push(self.add_indicator(child, false)?);
                }
                PlannedParts::Indicators(indices)
            }
        };
        if let Some(slot) = self.indicators.get_mut(k) {
            slot.parts = parts;
        }
        Ok(k)
    }

    /// The integer path of one leaf indicator: each question's score table over its own
    /// denominator, and the leaf's common denominator.
    fn integer_tables(&mut self, indicator: usize, range: Range<usize>) {
        let mut common: Option<i128> = Some(1);
        if let Some(questions) = self.questions.get_mut(range.clone()) {
            for q in questions.iter_mut() {
                let (denom, table) = int_table(&q.rule).unwrap_or((1, IntTable::None));
                q.denom = denom;
                q.table = table;
                if matches!(q.table, IntTable::None) && !matches!(q.rule, Rule::Text) {
                    common = None;
                }
                common = common.and_then(|c| lcm(c, i128::from(denom)));
            }
            // Sums stay far inside i128: 100 × common × Σ weights below 2^100.
            let total: Option<i128> = questions
                .iter()
                .try_fold(0i128, |s, q| s.checked_add(q.int_weight?));
            let bounded = common
                .zip(total)
                .and_then(|(c, t)| c.checked_mul(t)?.checked_mul(100))
                .is_some_and(|x| x < (1i128 << 100));
            if !bounded {
                common = None;
            }
            for q in questions.iter_mut() {
                q.coef = common
                    .and_then(|c| q.int_weight?.checked_mul(c / i128::from(q.denom)))
                    .unwrap_or(0);
            }
        }
        self.leaves.push(Leaf {
            indicator,
            questions: range,
            common,
        });
    }

    /// Scales the weights of one indicator's questions to integers.
    fn integer_weights(&mut self, range: Range<usize>) {
        let Some(questions) = self.questions.get_mut(range) else {
            return;
        };
        let common = questions.iter().try_fold(1i128, |l, q| {
            let d = q.weight.denom();
            let g = i128::try_from(crate::score::ratio::gcd(l.unsigned_abs(), d.unsigned_abs()))
                .ok()?;
            (l / g).checked_mul(d)
        });
        for q in questions {
            q.int_weight = common.and_then(|c| {
                let scaled = q.weight.checked_mul(Ratio::from_integer(c))?;
                (scaled.denom() == 1).then_some(scaled.numer())
            });
        }
    }

    fn resolve_conditions(&mut self) -> Result<(), Report> {
        let conditions: Vec<(usize, usize, Expected)> = self
            .instrument
            .iter_questions()
            .enumerate()
            .filter_map(|(k, q)| {
                let cond = q.when.as_ref()?;
                Some((
                    k,
                    *self.question_index.get(&cond.question)?,
                    cond.equals.clone(),
                ))
            })
            .collect();
        for (k, parent, expected) in conditions {
            match self.questions.get_mut(k) {
                Some(q) => q.when = Some((parent, expected)),
                None => return Err(internal("a condition's question is not in the plan")),
            }
        }
        Ok(())
    }

    fn add_stages(&mut self) -> Result<(), Report> {
        let index: BTreeMap<&str, usize> = self
            .instrument
            .stages
            .iter()
            .enumerate()
            .map(|(k, s)| (s.id.as_str(), k))
            .collect();
        for stage in &self.instrument.stages {
            let gate = match &stage.requires {
                Some(g) => {
                    let find = |id: &str| index.get(id).copied();
                    match crate::score::gates::PlannedGate::new(g, &find) {
                        Some(gate) => Some(gate),
                        None => return Err(internal("a gate names an unknown stage")),
                    }
                }
                None => None,
            };
            self.stages.push(PlannedStage {
                id: stage.id.as_str().into(),
                weight: Ratio::from_decimal(stage.weight),
                questionnaire: stage.questionnaire,
                gate,
                absent: self.instrument.absent_policy(stage),
                parts: stage.parts.iter().map(|p| p.id.as_str().into()).collect(),
            });
        }
        // Gates form no cycle (validated), so repeatedly taking every stage whose gate's
        // stage is placed orders them all.
        let mut placed = vec![false; self.stages.len()];
        while self.stage_order.len() < self.stages.len() {
            let before = self.stage_order.len();
            for (k, stage) in self.stages.iter().enumerate() {
                let ready = stage.gate.as_ref().is_none_or(|gate| {
                    (gate.stages().into_iter()).all(|g| placed.get(g).copied().unwrap_or(false))
                });
                if ready && !placed.get(k).copied().unwrap_or(true) {
                    if let Some(p) = placed.get_mut(k) {
                        *p = true;
                    }
                    self.stage_order.push(k);
                }
            }
            if self.stage_order.len() == before {
                return Err(internal("the stages' gates form a cycle"));
            }
        }
        Ok(())
    }
}

/// A problem that validation should have made impossible; reported, never panicked on.
fn internal(what: &str) -> Report {
    Report::from(Problem::new(
        ProblemKind::InvalidValue,
        "",
        format!("expected a valid instrument, found that {what}"),
    ))
}

impl Rule {
    fn from_kind(kind: &QuestionKind) -> Result<Rule, Report> {
        Ok(match kind {
            QuestionKind::YesNo => Rule::YesNo,
            QuestionKind::Choice { options } => Rule::Choice(
                options
                    .iter()
                    .map(|o| (o.id.clone(), Ratio::from_decimal(o.score)))
                    .collect(),
            ),
            QuestionKind::Checklist { items } => {
                let items: Vec<(String, Ratio)> = items
                    .iter()
                    .map(|i| (i.id.clone(), Ratio::from_decimal(i.points)))
                    .collect();
                let total = items
                    .iter()
                    .try_fold(Ratio::ZERO, |sum, (_, p)| sum.checked_add(*p))
                    .filter(|t| !t.is_zero())
                    .ok_or_else(|| internal("a checklist's points are 0 or too large"))?;
                Rule::Checklist { items, total }
            }
            QuestionKind::Number { bands, .. } => Rule::Number(bands.clone()),
            QuestionKind::Scale { min, max } => Rule::Scale {
                min: *min,
                span: max
                    .checked_sub(*min)
                    .filter(|s| *s > 0)
                    .ok_or_else(|| internal("a scale's span is not positive"))?,
            },
            QuestionKind::Rating => Rule::Rating,
            QuestionKind::Text => Rule::Text,
        })
    }

    /// The integer numerator of the score an answer earns, over the question's `denom`;
    /// `None` when it has no integer form (then [`Rule::score`] gives it exactly).
    pub(crate) fn numer(&self, table: &IntTable, value: &AnswerValue) -> Option<i64> {
        match (self, table, value) {
            (Rule::YesNo, IntTable::YesNo, AnswerValue::Bool(yes)) => {
                Some(if *yes { 100 } else { 0 })
            }
            (Rule::Choice(options), IntTable::PerOption(numers), AnswerValue::Text(chosen)) => {
                let k = options.iter().position(|(id, _)| id == chosen)?;
                numers.get(k).copied()
            }
            (
                Rule::Checklist { items, .. },
                IntTable::Points(points),
                AnswerValue::List(chosen),
            ) => {
                let mut sum = 0i64;
                for c in chosen {
                    let k = items.iter().position(|(id, _)| id == c)?;
                    sum = sum.checked_add(*points.get(k)?)?;
                }
                sum.checked_mul(100)
            }
            (Rule::Number(bands), IntTable::PerOption(numers), v) => {
                let n = v.as_decimal()?;
                let (k, _) = Band::find(bands, n)?;
                numers.get(k).copied()
            }
            (Rule::Scale { min, .. }, IntTable::Scale, v) => {
                let n = v.as_decimal()?;
                if !n.fract().is_zero() {
                    return None;
                }
                let steps = i64::try_from(n.mantissa() / 10i128.checked_pow(n.scale())?).ok()?;
                steps.checked_sub(*min)?.checked_mul(100)
            }
            (Rule::Rating, IntTable::Rating, v) => {
                let n = v.as_decimal()?;
                let scale = n.scale();
                if scale > 4 {
                    return None;
                }
                let m = i64::try_from(n.mantissa()).ok()?;
                m.checked_mul(10i64.checked_pow(4 - scale)?)
            }
            _ => None,
        }
    }

    /// The score (0–100) an answer earns; `Err` with what was expected when the answer
    /// does not fit (which checking the submission reports first).
    pub(crate) fn score(&self, value: &AnswerValue) -> Result<Ratio, String> {
        match (self, value) {
            (Rule::YesNo, AnswerValue::Bool(yes)) => {
                Ok(if *yes { Ratio::HUNDRED } else { Ratio::ZERO })
            }
            (Rule::Choice(options), AnswerValue::Text(chosen)) => options
                .iter()
                .find(|(id, _)| id == chosen)
                .map(|(_, score)| *score)
                .ok_or_else(|| format!("expected one of the options, found `{chosen}`")),
            (Rule::Checklist { items, total }, AnswerValue::List(chosen)) => {
                let mut points = Ratio::ZERO;
                for c in chosen {
                    let (_, p) = items.iter().find(|(id, _)| id == c).ok_or_else(|| {
                        format!("expected item ids of the checklist, found `{c}`")
                    })?;
                    points = points.checked_add(*p).ok_or_else(too_large)?;
                }
                Ratio::HUNDRED
                    .checked_mul(points)
                    .and_then(|x| x.checked_div(*total))
                    .ok_or_else(too_large)
            }
            (Rule::Number(bands), v) => {
                let n = v.as_decimal().ok_or("expected a number")?;
                Band::find(bands, n)
                    .map(|(_, b)| Ratio::from_decimal(b.score))
                    .ok_or_else(|| format!("expected a number in one of the bands, found {n}"))
            }
            (Rule::Scale { min, span }, v) => {
                let n = v.as_decimal().ok_or("expected a whole number")?;
                let steps = n.checked_sub(Decimal::from(*min)).ok_or_else(too_large)?;
                Ratio::from_decimal(steps)
                    .checked_mul(Ratio::HUNDRED)
                    .and_then(|x| x.checked_div(Ratio::from_integer(i128::from(*span))))
                    .ok_or_else(too_large)
            }
            (Rule::Rating, v) => v
                .as_decimal()
                .map(Ratio::from_decimal)
                .ok_or_else(|| "expected a number from 0 to 100".to_owned()),
            (Rule::Text, _) => Err("a text question is not scored".to_owned()),
            _ => Err("expected an answer of the question's kind".to_owned()),
        }
    }
}

/// A question's denominator and integer table, when its scores have one that keeps
/// `100 × denom` comfortably inside 2^40.
fn int_table(rule: &Rule) -> Option<(i64, IntTable)> {
    let over = |values: &[Ratio]| -> Option<(i64, Vec<i64>)> {
        let denom = values.iter().try_fold(1i128, |l, v| lcm(l, v.denom()))?;
        let numers = values
            .iter()
            .map(|v| i64::try_from(v.numer().checked_mul(denom / v.denom())?).ok())
            .collect::<Option<Vec<i64>>>()?;
        Some((i64::try_from(denom).ok()?, numers))
    };
    let (denom, table) = match rule {
        Rule::YesNo => (1, IntTable::YesNo),
        Rule::Choice(options) => {
            let scores: Vec<Ratio> = options.iter().map(|(_, s)| *s).collect();
            let (denom, numers) = over(&scores)?;
            (denom, IntTable::PerOption(numers))
        }
        Rule::Number(bands) => {
            let scores: Vec<Ratio> = bands.iter().map(|b| Ratio::from_decimal(b.score)).collect();
            let (denom, numers) = over(&scores)?;
            (denom, IntTable::PerOption(numers))
        }
        Rule::Checklist { items, .. } => {
            let points: Vec<Ratio> = items.iter().map(|(_, p)| *p).collect();
            let scale = points.iter().try_fold(1i128, |l, p| lcm(l, p.denom()))?;
            let ints = points
                .iter()
                .map(|p| i64::try_from(p.numer().checked_mul(scale / p.denom())?).ok())
                .collect::<Option<Vec<i64>>>()?;
            let total = ints.iter().try_fold(0i64, |s, p| s.checked_add(*p))?;
            (total, IntTable::Points(ints))
        }
        Rule::Scale { span, .. } => (*span, IntTable::Scale),
        Rule::Rating => (RATING_DENOM, IntTable::Rating),
        Rule::Text => (1, IntTable::None),
    };
    (denom > 0 && denom < (1 << 32)).then_some((denom, table))
}

/// The least common multiple, or `None` on overflow.
fn lcm(a: i128, b: i128) -> Option<i128> {
    let g = i128::try_from(crate::score::ratio::gcd(a.unsigned_abs(), b.unsigned_abs())).ok()?;
    (a / g).checked_mul(b)
}

fn too_large() -> String {
    "expected an answer whose score can be computed exactly, found one too large".to_owned()
}

/// The fixed formulas of one category.
#[derive(Debug, Clone)]
pub(crate) struct CategoryFormulas {
    /// The sum of the integer weights of each leaf's questions for this category. A leaf
    /// whose questions are all left out changes the tree's weights: the general path.
    pub(crate) full_weight: Vec<i128>,
    /// Per indicator (plan order): its score formula and its share of the questionnaire
    /// (for the points lost); `None` for an indicator this category leaves out.
    pub(crate) indicators: Vec<Option<(Formula, Ratio)>>,
    pub(crate) questionnaire: Formula,
}

/// `Σ K × (N_leaf / S_leaf) / denom`: a combination of the leaves' means, where
/// `N_leaf / S_leaf` is the leaf's score times its common denominator.
#[derive(Debug, Clone, Default)]
pub(crate) struct Formula {
    pub(crate) terms: Vec<(usize, i128)>,
    pub(crate) denom: i128,
}

/// A choice's option ids or a checklist's item ids, in the order written (none for
/// other kinds).
fn choice_ids(kind: &crate::model::instrument::QuestionKind) -> impl Iterator<Item = &str> {
    use crate::model::instrument::QuestionKind;
    let (options, items) = match kind {
        QuestionKind::Choice { options } => (options.as_slice(), &[][..]),
        QuestionKind::Checklist { items } => (&[][..], items.as_slice()),
        _ => (&[][..], &[][..]),
    };
    (options.iter().map(|o| o.id.as_str())).chain(items.iter().map(|i| i.id.as_str()))
}
