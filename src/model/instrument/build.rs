//! Constructors for code that builds an instrument instead of reading one (an instrument
//! editor, a test): each type takes what it cannot do without and starts every other
//! field at the value a file that leaves it out gets. The types are `#[non_exhaustive]`,
//! so a field added later is no breaking change: build with `new`, then set fields.
//!
//! ```
//! use kip_index::{Category, Decimal, Indicator, Instrument, Parts, Qualification, Question,
//!     QuestionKind, Stage};
//!
//! let mut instrument = Instrument::new("monev-mini", "Monev mini");
//! instrument.categories.push(Category::new("pemkot", "Pemerintah Kota"));
//! let mut saq = Stage::new("saq", "SAQ", Decimal::ONE_HUNDRED);
//! saq.questionnaire = true;
//! instrument.stages.push(saq);
//! instrument.qualifications = vec![
//!     Qualification::new("informatif", "Informatif", Decimal::from(90)),
//!     Qualification::new("tidak", "Tidak Informatif", Decimal::ZERO),
//! ];
//! let question = Question::new("JI01", "Profil PPID diumumkan?", QuestionKind::YesNo);
//! instrument.indicators.push(Indicator::new(
//!     "JI", "Jenis Informasi", Decimal::ONE_HUNDRED, Parts::Questions(vec![question]),
//! ));
//! // What the library writes, it reads back the same.
//! let text = serde_json::to_string(&instrument)?;
//! assert_eq!(Instrument::from_json(&text)?, instrument);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use rust_decimal::Decimal;

use super::{
    Band, Category, ChecklistItem, ChoiceOption, Condition, Expected, Gate, Indicator, Instrument,
    Measure, PartSource, Parts, Qualification, Question, QuestionKind, Rollup, RollupPart, Stage,
    StageCondition, Within,
};
use crate::model::id::{CategoryId, QualificationId};

impl Instrument {
    /// An instrument with its id and name and nothing else: two decimals, no category,
    /// stage, qualification or indicator yet, absent stages left out, no tie-break, no
    /// roll-up.
    pub fn new(id: impl Into<String>, name: impl Into<String>) -> Instrument {
        Instrument {
            id: id.into(),
            name: name.into(),
            decimals: super::default_decimals(),
            categories: Vec::new(),
            stages: Vec::new(),
            absent_stage: Default::default(),
            qualifications: Vec::new(),
            tie_break: Vec::new(),
            deadline: None,
            indicators: Vec::new(),
            rollup: None,
        }
    }
}

impl Category {
    /// A category (`pemkot`, "Pemerintah Kota").
    pub fn new(id: impl Into<CategoryId>, name: impl Into<String>) -> Category {
        Category {
            id: id.into(),
            name: name.into(),
        }
    }
}

impl Stage {
    /// A stage with its weight in the final: not the questionnaire, no gate.
    pub fn new(id: impl Into<String>, name: impl Into<String>, weight: Decimal) -> Stage {
        Stage {
            id: id.into(),
            name: name.into(),
            weight,
            questionnaire: false,
            requires: None,
            absent: None,
            parts: Vec::new(),
        }
    }
}

impl Gate {
    /// The gate to a stage: at least `min` in the stage `stage`.
    pub fn new(stage: impl Into<String>, min: Decimal) -> Gate {
        Gate::Stage(StageCondition {
            min: Some(min),
            ..StageCondition::new(stage)
        })
    }

    /// The gate to a stage: a rank of at most `top` on the stage `stage` within `within`.
    pub fn top(stage: impl Into<String>, top: u32, within: Within) -> Gate {
        Gate::Stage(StageCondition {
            top: Some(top),
            within,
            ..StageCondition::new(stage)
        })
    }

    /// The gate to a stage: the body belongs to one of `categories`.
    pub fn categories<C: Into<CategoryId>>(categories: impl IntoIterator<Item = C>) -> Gate {
        Gate::Categories {
            categories: categories.into_iter().map(Into::into).collect(),
        }
    }

    /// Every one of `gates` holds.
    pub fn all(gates: impl IntoIterator<Item = Gate>) -> Gate {
        Gate::All {
            all: gates.into_iter().collect(),
        }
    }

    /// At least one of `gates` holds.
    pub fn any(gates: impl IntoIterator<Item = Gate>) -> Gate {
        Gate::Any {
            any: gates.into_iter().collect(),
        }
    }
}

impl StageCondition {
    /// The body took part in the stage `stage` (no `min`, no `top`).
    pub fn new(stage: impl Into<String>) -> StageCondition {
        StageCondition {
            stage: stage.into(),
            min: None,
            top: None,
            within: Within::Category,
        }
    }
}

impl Qualification {
    /// A qualification band, from its lowest final `min` up to the next band's.
    pub fn new(id: impl Into<QualificationId>, name: impl Into<String>, min: Decimal) -> Self {
        Qualification {
            id: id.into(),
            name: name.into(),
            min,
        }
    }
}

impl Indicator {
    /// An indicator with its weight among its siblings, and its questions or
    /// sub-indicators.
    pub fn new(
        id: impl Into<String>,
        name: impl Into<String>,
        weight: Decimal,
        parts: Parts,
    ) -> Indicator {
        Indicator {
            id: id.into(),
            name: name.into(),
            weight,
            parts,
        }
    }
}

impl Question {
    /// A question of every category, without a condition, evidence optional, not
    /// answerable "not applicable", weighing 1 (a `text` question 0, as when a file
    /// leaves the weight out).
    pub fn new(id: impl Into<String>, text: impl Into<String>, kind: QuestionKind) -> Question {
        let weight = match kind {
            QuestionKind::Text => Decimal::ZERO,
            _ => Decimal::ONE,
        };
        Question {
            id: id.into(),
            text: text.into(),
            kind,
            weight,
            evidence: Default::default(),
            categories: None,
            when: None,
            otherwise: Default::default(),
            allow_na: false,
        }
    }
}

impl ChoiceOption {
    /// An option of a `choice` question and the score it gives.
    pub fn new(id: impl Into<String>, label: impl Into<String>, score: Decimal) -> Self {
        ChoiceOption {
            id: id.into(),
            label: label.into(),
            score,
        }
    }
}

impl ChecklistItem {
    /// An item of a `checklist` question and the points it gives.
    pub fn new(id: impl Into<String>, label: impl Into<String>, points: Decimal) -> Self {
        ChecklistItem {
            id: id.into(),
            label: label.into(),
            points,
        }
    }
}

impl Band {
    /// A band of a `number` question: answers from `min` to `max` (either open) score
    /// `score`.
    pub fn new(min: Option<Decimal>, max: Option<Decimal>, score: Decimal) -> Band {
        Band { min, max, score }
    }
}

impl Condition {
    /// Asked only when the question `question` was answered `equals`.
    pub fn new(question: impl Into<String>, equals: Expected) -> Condition {
        Condition {
            question: question.into(),
            equals,
        }
    }
}

impl Rollup {
    /// An index of indexes (IKIP's national figure) from its weighted parts.
    pub fn new(id: impl Into<String>, name: impl Into<String>, parts: Vec<RollupPart>) -> Self {
        Rollup {
            id: id.into(),
            name: name.into(),
            parts,
        }
    }
}

impl RollupPart {
    /// A part of a roll-up and its weight.
    pub fn new(weight: Decimal, source: PartSource) -> RollupPart {
        RollupPart { weight, source }
    }
}

/// The kinds with data, built (their variants are `#[non_exhaustive]`: a field added to
/// one later is no breaking change).
impl QuestionKind {
    /// One option of several, each with its score.
    pub fn choice(options: Vec<ChoiceOption>) -> QuestionKind {
        QuestionKind::Choice { options }
    }

    /// Any of several items, each with its points.
    pub fn checklist(items: Vec<ChecklistItem>) -> QuestionKind {
        QuestionKind::Checklist { items }
    }

    /// A number between `min` and `max` (either open), scored by the first band that
    /// holds it.
    pub fn number(min: Option<Decimal>, max: Option<Decimal>, bands: Vec<Band>) -> Self {
        QuestionKind::Number { min, max, bands }
    }

    /// A whole number from `min` to `max`, scored on the scale between them.
    pub fn scale(min: i64, max: i64) -> QuestionKind {
        QuestionKind::Scale { min, max }
    }
}

impl PartSource {
    /// The mean of `mean_of` over the scored bodies, of one category and one region
    /// when given.
    pub fn mean(mean_of: Measure, category: Option<CategoryId>, region: Option<String>) -> Self {
        PartSource::Mean {
            mean_of,
            category,
            region,
        }
    }

    /// The exact final of one body scored in the same run (IKIP's national council).
    pub fn body(body: impl Into<String>) -> PartSource {
        PartSource::Body { body: body.into() }
    }

    /// A figure given as it is.
    pub fn value(value: Decimal) -> PartSource {
        PartSource::Value { value }
    }
}
