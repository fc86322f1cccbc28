//! The scoring plan: an instrument compiled once into dense tables, so that scoring a
//! body walks arrays instead of looking ids up.

use std::collections::BTreeMap;
use std::ops::Range;

use rust_decimal::Decimal;

use crate::instrument::{Band, Expected, Indicator, Instrument, Otherwise, Parts, QuestionKind};
use crate::problem::{Problem, ProblemKind, Report};
use crate::ratio::Ratio;
use crate::submission::AnswerValue;

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
/// assert!(card.diagnostics.missing.contains(&"JI01".to_owned()));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Plan {
    pub(crate) instrument: Instrument,
    pub(crate) strict: bool,
    /// Every question, depth first in the order written.
    pub(crate) questions: Vec<PlannedQuestion>,
    pub(crate) question_index: BTreeMap<String, usize>,
    /// The questions as written, in the same order, for checking submissions.
    pub(crate) question_defs: Vec<crate::instrument::Question>,
    /// Every indicator, depth first, parents before children.
    pub(crate) indicators: Vec<PlannedIndicator>,
    /// The top-level indicators, as indices into `indicators`.
    pub(crate) top: Vec<usize>,
    pub(crate) stages: Vec<PlannedStage>,
    /// Stage indices in an order where every gate's stage comes before the gated one.
    pub(crate) stage_order: Vec<usize>,
}

#[derive(Debug, Clone)]
pub(crate) struct PlannedQuestion {
    pub id: String,
    pub weight: Ratio,
    /// The weight as an integer, scaled by the least common denominator of the weights
    /// of its indicator's questions (`None` if that overflows): the integer fast path.
    pub int_weight: Option<i128>,
    pub rule: Rule,
    pub evidence_required: bool,
    pub categories: Option<Vec<String>>,
    /// The index of the question the `when` waits on, and the answer it waits for.
    pub when: Option<(usize, Expected)>,
    pub otherwise: Otherwise,
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
    /// The index of the gate's stage and the least rounded score that opens it.
    pub gate: Option<(usize, Decimal)>,
}

impl Plan {
    /// Validates `instrument` (every problem of [`Instrument::validate`]) and compiles it.
    pub fn new(instrument: &Instrument) -> Result<Plan, Report> {
        let report = instrument.validate();
        if !report.is_empty() {
            return Err(report);
        }
        let mut plan = Plan {
            instrument: instrument.clone(),
            strict: false,
            questions: Vec::new(),
            question_index: BTreeMap::new(),
            question_defs: instrument.iter_questions().cloned().collect(),
            indicators: Vec::new(),
            top: Vec::new(),
            stages: Vec::new(),
            stage_order: Vec::new(),
        };
        for indicator in &instrument.indicators {
            let k = plan.add_indicator(indicator, true)?;
            plan.top.push(k);
        }
        plan.resolve_conditions()?;
        plan.add_stages()?;
        Ok(plan)
    }

    /// Strict mode: a missing answer is an error ([`ProblemKind::MissingAnswer`]) instead
    /// of a 0 reported in the diagnostics.
    pub fn strict(mut self, strict: bool) -> Plan {
        self.strict = strict;
        self
    }

    /// Whether missing answers are errors.
    pub fn is_strict(&self) -> bool {
        self.strict
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
                        evidence_required: q.evidence == crate::instrument::Evidence::Required,
                        categories: q.categories.clone(),
                        when: None,
                        otherwise: q.otherwise,
                    });
                }
                self.integer_weights(start..self.questions.len());
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

    /// Scales the weights of one indicator's questions to integers.
    fn integer_weights(&mut self, range: Range<usize>) {
        let Some(questions) = self.questions.get_mut(range) else {
            return;
        };
        let common = questions.iter().try_fold(1i128, |l, q| {
            let d = q.weight.denom();
            let g = i128::try_from(crate::ratio::gcd(l.unsigned_abs(), d.unsigned_abs())).ok()?;
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
                Some(g) => match index.get(g.stage.as_str()) {
                    Some(&k) => Some((k, g.min)),
                    None => return Err(internal("a gate names an unknown stage")),
                },
                None => None,
            };
            self.stages.push(PlannedStage {
                id: stage.id.as_str().into(),
                weight: Ratio::from_decimal(stage.weight),
                questionnaire: stage.questionnaire,
                gate,
            });
        }
        // Gates form no cycle (validated), so repeatedly taking every stage whose gate's
        // stage is placed orders them all.
        let mut placed = vec![false; self.stages.len()];
        while self.stage_order.len() < self.stages.len() {
            let before = self.stage_order.len();
            for (k, stage) in self.stages.iter().enumerate() {
                let ready = stage
                    .gate
                    .is_none_or(|(g, _)| placed.get(g).copied().unwrap_or(false));
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
                crate::instrument::band_for(bands, n)
                    .map(|b| Ratio::from_decimal(b.score))
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

fn too_large() -> String {
    "expected an answer whose score can be computed exactly, found one too large".to_owned()
}
