//! Reading an instrument from JSON text, every shape problem reported.

use rust_decimal::Decimal;

use super::*;
use crate::model::id::CategoryId;
use crate::text::decode::{self, Decoder, Fields};
use crate::text::json::{Node, Value};
use crate::text::problem::{ProblemKind, Report};

impl Instrument {
    /// Reads an instrument from JSON text and checks it.
    ///
    /// Returns every problem found — syntax, shape, and meaning (weights, references,
    /// bands...) — each with its JSON pointer, line and column.
    ///
    /// ```
    /// use kip_index::Instrument;
    ///
    /// let text = std::fs::read_to_string("examples/monev-2025/instrument.json")?;
    /// let instrument = Instrument::from_json(&text)?;
    /// assert_eq!(instrument.indicators.len(), 6);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_json(text: &str) -> Result<Instrument, Report> {
        let root = decode::parse_document(text)?;
        let mut d = Decoder::new();
        let instrument = read_instrument(&mut d, &root, "");
        let checks = instrument
            .as_ref()
            .map(Instrument::validate)
            .unwrap_or_default();
        let report = d.finish(checks, &root, "", &decode::Lines::new(text));
        match instrument {
            Some(instrument) if report.is_empty() => Ok(instrument),
            _ => Err(report),
        }
    }
}

impl std::str::FromStr for Instrument {
    type Err = Report;
    fn from_str(text: &str) -> Result<Self, Report> {
        Instrument::from_json(text)
    }
}

const INSTRUMENT_KEYS: &[&str] = &[
    "id",
    "name",
    "decimals",
    "categories",
    "stages",
    "absent_stage",
    "qualifications",
    "tie_break",
    "indicators",
    "rollup",
    "deadline",
];

fn read_instrument(d: &mut Decoder, node: &Node, path: &str) -> Option<Instrument> {
    let f = d.object(node, path, "an instrument", INSTRUMENT_KEYS)?;
    let at = node.offset;
    let id = f.required(d, "id", at, Decoder::id);
    let name = f.required(d, "name", at, Decoder::string);
    let decimals = f.optional(d, "decimals", read_decimals);
    let categories = f.optional(d, "categories", |d, n, p| d.list(n, p, read_category));
    let stages = f.required(d, "stages", at, |d, n, p| d.list(n, p, read_stage));
    let absent_stage = f.optional(d, "absent_stage", read_absent_stage);
    let qualifications = f.required(d, "qualifications", at, |d, n, p| {
        d.list(n, p, read_qualification)
    });
    let tie_break = f.optional(d, "tie_break", |d, n, p| d.list(n, p, read_tie_break));
    let indicators = f.required(d, "indicators", at, read_indicator_list);
    let rollup = f.optional(d, "rollup", read_rollup);
    let deadline = f.optional(d, "deadline", Decoder::moment);
    Some(Instrument {
        id: id?,
        name: name?,
        decimals: decimals.ok()?.unwrap_or(2),
        categories: categories.ok()?.unwrap_or_default(),
        stages: stages?,
        absent_stage: absent_stage.ok()?.unwrap_or_default(),
        qualifications: qualifications?,
        tie_break: tie_break.ok()?.unwrap_or_default(),
        indicators: indicators?,
        rollup: rollup.ok()?,
        deadline: deadline.ok()?,
    })
}

fn read_decimals(d: &mut Decoder, node: &Node, path: &str) -> Option<u32> {
    let n = d.integer(node, path)?;
    match u32::try_from(n) {
        Ok(v) if v <= 10 => Some(v),
        _ => {
            d.invalid(
                node,
                path,
                format!("expected a number of decimals from 0 to 10, found {n}"),
            );
            None
        }
    }
}

fn read_category(d: &mut Decoder, node: &Node, path: &str) -> Option<Category> {
    let f = d.object(node, path, "a category", &["id", "name"])?;
    let id = f.required(d, "id", node.offset, Decoder::id);
    let name = f.required(d, "name", node.offset, Decoder::string);
    Some(Category {
        id: id?.into(),
        name: name?,
    })
}

fn read_stage(d: &mut Decoder, node: &Node, path: &str) -> Option<Stage> {
    let f = d.object(
        node,
        path,
        "a stage",
        &[
            "id",
            "name",
            "weight",
            "questionnaire",
            "requires",
            "absent",
            "parts",
        ],
    )?;
    let at = node.offset;
    let id = f.required(d, "id", at, Decoder::id);
    let name = f.required(d, "name", at, Decoder::string);
    let weight = f.required(d, "weight", at, Decoder::decimal);
    let questionnaire = f.optional(d, "questionnaire", Decoder::bool);
    let requires = f.optional(d, "requires", read_gate);
    let absent = f.optional(d, "absent", read_absent_stage);
    let parts = f.optional(d, "parts", |d, n, p| d.list(n, p, read_stage_part));
    Some(Stage {
        id: id?,
        name: name?,
        weight: weight?,
        questionnaire: questionnaire.ok()?.unwrap_or(false),
        requires: requires.ok()?,
        absent: absent.ok()?,
        parts: parts.ok()?.unwrap_or_default(),
    })
}

/// One part of a stage's score: `{ "id": ..., "name": ..., "max": ... }`.
fn read_stage_part(d: &mut Decoder, node: &Node, path: &str) -> Option<StagePart> {
    let f = d.object(node, path, "a stage part", &["id", "name", "max"])?;
    let id = f.required(d, "id", node.offset, Decoder::id);
    let name = f.optional(d, "name", Decoder::string);
    let max = f.required(d, "max", node.offset, Decoder::decimal);
    Some(StagePart {
        id: id?,
        name: name.ok()?,
        max: max?,
    })
}

/// A gate (`requires`): a condition on a stage, a list of categories, or `all` / `any`
/// of gates — told by its keys, one kind an object.
fn read_gate(d: &mut Decoder, node: &Node, path: &str) -> Option<Gate> {
    const KEYS: &[&str] = &["stage", "min", "top", "within", "categories", "all", "any"];
    let g = d.object(node, path, "a gate", KEYS)?;
    let kinds: Vec<&str> = ["stage", "categories", "all", "any"]
        .into_iter()
        .filter(|k| g.has(k))
        .collect();
    let stage_only = ["min", "top", "within"];
    let [kind] = kinds.as_slice() else {
        let found = match kinds.as_slice() {
            [] => "none of them".to_owned(),
            some => some
                .iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(" and "),
        };
        d.problem_in(
            ProblemKind::InvalidValue,
            path.to_owned(),
            node.offset,
            (
                format!("expected a gate of one kind — `stage` (with `min`, `top`, `within`), `categories`, `all` or `any` — found {found}"),
                format!("seharusnya gerbang satu jenis — `stage` (dengan `min`, `top`, `within`), `categories`, `all` atau `any` — ternyata {}", found.replace("none of them", "tidak satu pun").replace(" and ", " dan ")),
            ),
        );
        return None;
    };
    if *kind != "stage" {
        for key in stage_only.into_iter().filter(|k| g.has(k)) {
            d.problem_in(
                ProblemKind::InvalidValue,
                decode::child(path, key),
                node.offset,
                (
                    format!("expected `{key}` only beside `stage`, found it in a `{kind}` gate"),
                    format!(
                        "seharusnya `{key}` hanya bersama `stage`, ternyata ada di gerbang `{kind}`"
                    ),
                ),
            );
        }
    }
    let gates = |d: &mut Decoder, key: &str| -> Option<Vec<Gate>> {
        let items = d.array(g.get(key)?, &decode::child(path, key))?;
        let read: Vec<Option<Gate>> = items
            .iter()
            .enumerate()
            .map(|(i, item)| read_gate(d, item, &format!("{}/{i}", decode::child(path, key))))
            .collect();
        read.into_iter().collect()
    };
    match *kind {
        "all" => Some(Gate::All {
            all: gates(d, "all")?,
        }),
        "any" => Some(Gate::Any {
            any: gates(d, "any")?,
        }),
        "categories" => {
            let at = decode::child(path, "categories");
            let items = d.array(g.get("categories")?, &at)?;
            let ids: Vec<Option<CategoryId>> = items
                .iter()
                .enumerate()
                .map(|(i, item)| d.id(item, &format!("{at}/{i}")).map(CategoryId::from))
                .collect();
            Some(Gate::Categories {
                categories: ids.into_iter().collect::<Option<_>>()?,
            })
        }
        _ => {
            let stage = g.required(d, "stage", node.offset, Decoder::id);
            let min = g.optional(d, "min", Decoder::decimal);
            let top = g.optional(d, "top", |d, n, p| {
                let top = d.integer(n, p)?;
                match u32::try_from(top) {
                    Ok(top) => Some(top),
                    Err(_) => {
                        d.invalid(n, p, format!("expected a rank from 1 up, found {top}"));
                        None
                    }
                }
            });
            let within = g.optional(d, "within", |d, n, p| {
                read_word(
                    d,
                    n,
                    p,
                    &[
                        ("category", Within::Category),
                        ("region", Within::Region),
                        ("all", Within::All),
                    ],
                )
            });
            // `within` written without `top` (even `category`, the default): the model
            // cannot tell it from one left out, so it is refused where it is read.
            if g.has("within") && !g.has("top") {
                d.problem_in(
                    ProblemKind::InvalidValue,
                    decode::child(path, "within"),
                    node.offset,
                    (
                        "expected `within` only beside `top` (the group a rank is taken in), found it without one".to_owned(),
                        "seharusnya `within` hanya bersama `top` (kelompok tempat peringkat dihitung), ternyata tanpa `top`".to_owned(),
                    ),
                );
            }
            Some(Gate::Stage(StageCondition {
                stage: stage?,
                min: min.ok()?,
                top: top.ok()?,
                within: within.ok()?.unwrap_or_default(),
            }))
        }
    }
}

/// Reads a string that must be one of `allowed`, mapping it to a value.
fn read_word<T: Copy>(
    d: &mut Decoder,
    node: &Node,
    path: &str,
    allowed: &[(&str, T)],
) -> Option<T> {
    let word = d.string(node, path)?;
    match allowed.iter().find(|(w, _)| *w == word) {
        Some((_, v)) => Some(*v),
        None => {
            let names: Vec<String> = allowed.iter().map(|(w, _)| format!("`{w}`")).collect();
            d.invalid(
                node,
                path,
                format!("expected one of {}, found `{word}`", names.join(", ")),
            );
            None
        }
    }
}

fn read_absent_stage(d: &mut Decoder, node: &Node, path: &str) -> Option<AbsentStage> {
    read_word(
        d,
        node,
        path,
        &[
            ("zero", AbsentStage::Zero),
            ("reweight", AbsentStage::Reweight),
        ],
    )
}

fn read_qualification(d: &mut Decoder, node: &Node, path: &str) -> Option<Qualification> {
    let f = d.object(node, path, "a qualification", &["id", "name", "min"])?;
    let id = f.required(d, "id", node.offset, Decoder::id);
    let name = f.required(d, "name", node.offset, Decoder::string);
    let min = f.required(d, "min", node.offset, Decoder::decimal);
    Some(Qualification {
        id: id?.into(),
        name: name?,
        min: min?,
    })
}

fn read_tie_break(d: &mut Decoder, node: &Node, path: &str) -> Option<TieBreak> {
    let text = d.string(node, path)?;
    let key = TieBreak::parse(&text);
    if key.is_none() {
        d.invalid(
            node,
            path,
            format!("expected a tie-break key `stage:ID` or `indicator:ID`, found `{text}`"),
        );
    }
    key
}

fn read_indicator_list(d: &mut Decoder, node: &Node, path: &str) -> Option<Vec<Indicator>> {
    d.list(node, path, read_indicator)
}

fn read_indicator(d: &mut Decoder, node: &Node, path: &str) -> Option<Indicator> {
    let f = d.object(
        node,
        path,
        "an indicator",
        &["id", "name", "weight", "questions", "indicators"],
    )?;
    let at = node.offset;
    let id = f.required(d, "id", at, Decoder::id);
    let name = f.required(d, "name", at, Decoder::string);
    let weight = f.optional(d, "weight", Decoder::decimal);
    let parts = match (f.get("questions"), f.get("indicators")) {
        (Some(q), None) => d
            .list(q, &f.path("questions"), read_question)
            .map(Parts::Questions),
        (None, Some(i)) => read_indicator_list(d, i, &f.path("indicators")).map(Parts::Indicators),
        (Some(_), Some(_)) => {
            d.invalid(
                node,
                path,
                "expected an indicator to hold either `questions` or `indicators`, found both"
                    .to_owned(),
            );
            None
        }
        (None, None) => {
            d.problem(
                crate::ProblemKind::MissingField,
                f.path("questions"),
                at,
                "expected the key `questions` or `indicators` (sub-indicators), found neither"
                    .to_owned(),
            );
            None
        }
    };
    Some(Indicator {
        id: id?,
        name: name?,
        weight: weight.ok()?.unwrap_or(Decimal::ONE),
        parts: parts?,
    })
}

const QUESTION_KEYS: &[&str] = &[
    "id",
    "text",
    "kind",
    "weight",
    "evidence",
    "categories",
    "when",
    "otherwise",
    "allow_na",
];

const KINDS: &[(&str, &[&str])] = &[
    ("yes_no", &[]),
    ("choice", &["options"]),
    ("checklist", &["items"]),
    ("number", &["min", "max", "bands"]),
    ("scale", &["min", "max"]),
    ("rating", &[]),
    ("text", &[]),
];

fn read_question(d: &mut Decoder, node: &Node, path: &str) -> Option<Question> {
    // The keys allowed depend on the kind, so the kind is read first.
    let kind_name = match &node.value {
        Value::Object(members) => {
            members
                .iter()
                .find(|m| m.key == "kind")
                .and_then(|m| match &m.value.value {
                    Value::String(s) => Some(s.to_string()),
                    _ => None,
                })
        }
        _ => None,
    };
    let extra: &[&str] = kind_name
        .as_deref()
        .and_then(|k| KINDS.iter().find(|(name, _)| *name == k))
        .map_or(&[], |(_, keys)| keys);
    let known: Vec<&str> = QUESTION_KEYS.iter().chain(extra).copied().collect();
    let f = d.object(node, path, "a question", &known)?;
    let at = node.offset;
    let id = f.required(d, "id", at, Decoder::id);
    let text = f.required(d, "text", at, Decoder::string);
    let kind = f.required(d, "kind", at, |d, n, p| read_kind(d, n, p, &f, at));
    let weight = f.optional(d, "weight", Decoder::decimal);
    let evidence = f.optional(d, "evidence", |d, n, p| {
        read_word(
            d,
            n,
            p,
            &[
                ("required", Evidence::Required),
                ("optional", Evidence::Optional),
                ("none", Evidence::None),
            ],
        )
    });
    let categories = f.optional(d, "categories", |d, n, p| d.list(n, p, Decoder::id));
    let when = f.optional(d, "when", read_condition);
    let otherwise = f.optional(d, "otherwise", |d, n, p| {
        read_word(
            d,
            n,
            p,
            &[
                ("zero", Otherwise::Zero),
                ("not_applicable", Otherwise::NotApplicable),
            ],
        )
    });
    let allow_na = f.optional(d, "allow_na", Decoder::bool);
    let kind = kind?;
    let default_weight = if kind == QuestionKind::Text {
        Decimal::ZERO
    } else {
        Decimal::ONE
    };
    Some(Question {
        id: id?,
        text: text?,
        kind,
        weight: weight.ok()?.unwrap_or(default_weight),
        evidence: evidence.ok()?.unwrap_or_default(),
        categories: (categories.ok()?).map(|c| c.into_iter().map(CategoryId::from).collect()),
        when: when.ok()?,
        otherwise: otherwise.ok()?.unwrap_or_default(),
        allow_na: allow_na.ok()?.unwrap_or(false),
    })
}

fn read_kind(
    d: &mut Decoder,
    node: &Node,
    path: &str,
    f: &Fields,
    at: usize,
) -> Option<QuestionKind> {
    let name = d.string(node, path)?;
    let kind = match name.as_str() {
        "yes_no" => QuestionKind::YesNo,
        "rating" => QuestionKind::Rating,
        "text" => QuestionKind::Text,
        "choice" => QuestionKind::Choice {
            options: f.required(d, "options", at, |d, n, p| d.list(n, p, read_option))?,
        },
        "checklist" => QuestionKind::Checklist {
            items: f.required(d, "items", at, |d, n, p| d.list(n, p, read_item))?,
        },
        "number" => {
            let min = f.optional(d, "min", Decoder::decimal);
            let max = f.optional(d, "max", Decoder::decimal);
            let bands = f.required(d, "bands", at, |d, n, p| d.list(n, p, read_band));
            QuestionKind::Number {
                min: min.ok()?,
                max: max.ok()?,
                bands: bands?,
            }
        }
        "scale" => {
            let min = f.required(d, "min", at, Decoder::integer);
            let max = f.required(d, "max", at, Decoder::integer);
            QuestionKind::Scale {
                min: min?,
                max: max?,
            }
        }
        other => {
            let names: Vec<String> = KINDS.iter().map(|(k, _)| format!("`{k}`")).collect();
            d.invalid(
                node,
                path,
                format!(
                    "expected a question kind, one of {}, found `{other}`",
                    names.join(", ")
                ),
            );
            return None;
        }
    };
    Some(kind)
}

fn read_option(d: &mut Decoder, node: &Node, path: &str) -> Option<ChoiceOption> {
    let f = d.object(node, path, "an option", &["id", "label", "score"])?;
    let id = f.required(d, "id", node.offset, Decoder::id);
    let label = f.required(d, "label", node.offset, Decoder::string);
    let score = f.required(d, "score", node.offset, Decoder::decimal);
    Some(ChoiceOption {
        id: id?,
        label: label?,
        score: score?,
    })
}

fn read_item(d: &mut Decoder, node: &Node, path: &str) -> Option<ChecklistItem> {
    let f = d.object(node, path, "a checklist item", &["id", "label", "points"])?;
    let id = f.required(d, "id", node.offset, Decoder::id);
    let label = f.required(d, "label", node.offset, Decoder::string);
    let points = f.required(d, "points", node.offset, Decoder::decimal);
    Some(ChecklistItem {
        id: id?,
        label: label?,
        points: points?,
    })
}

fn read_band(d: &mut Decoder, node: &Node, path: &str) -> Option<Band> {
    let f = d.object(node, path, "a band", &["min", "max", "score"])?;
    let min = f.optional(d, "min", Decoder::decimal);
    let max = f.optional(d, "max", Decoder::decimal);
    let score = f.required(d, "score", node.offset, Decoder::decimal);
    Some(Band {
        min: min.ok()?,
        max: max.ok()?,
        score: score?,
    })
}

fn read_condition(d: &mut Decoder, node: &Node, path: &str) -> Option<Condition> {
    let f = d.object(node, path, "a condition", &["question", "equals"])?;
    let question = f.required(d, "question", node.offset, Decoder::id);
    let equals = f.required(d, "equals", node.offset, |d, n, p| match &n.value {
        Value::Bool(b) => Some(Expected::Bool(*b)),
        Value::String(s) => Some(Expected::Option(s.to_string())),
        other => {
            d.problem(
                crate::ProblemKind::WrongType,
                p.to_owned(),
                n.offset,
                format!(
                    "expected true/false (a yes_no answer) or an option id (a choice answer), found {}",
                    other.type_name()
                ),
            );
            None
        }
    });
    Some(Condition {
        question: question?,
        equals: equals?,
    })
}

fn read_rollup(d: &mut Decoder, node: &Node, path: &str) -> Option<Rollup> {
    let f = d.object(node, path, "a roll-up", &["id", "name", "parts"])?;
    let id = f.required(d, "id", node.offset, Decoder::id);
    let name = f.required(d, "name", node.offset, Decoder::string);
    let parts = f.required(d, "parts", node.offset, |d, n, p| d.list(n, p, read_part));
    Some(Rollup {
        id: id?,
        name: name?,
        parts: parts?,
    })
}

fn read_part(d: &mut Decoder, node: &Node, path: &str) -> Option<RollupPart> {
    let f = d.object(
        node,
        path,
        "a roll-up part",
        &["weight", "mean_of", "category", "region", "body", "value"],
    )?;
    let at = node.offset;
    let weight = f.required(d, "weight", at, Decoder::decimal);
    let sources = ["mean_of", "body", "value"]
        .iter()
        .filter(|k| f.has(k))
        .count();
    if sources != 1 {
        d.invalid(
            node,
            path,
            format!("expected exactly one of `mean_of`, `body` or `value` in a roll-up part, found {sources}"),
        );
        return None;
    }
    let source = if f.has("mean_of") {
        let mean_of = f.required(d, "mean_of", at, |d, n, p| {
            let text = d.string(n, p)?;
            let measure = Measure::parse(&text);
            if measure.is_none() {
                d.invalid(
                    n,
                    p,
                    format!("expected `final` or `stage:ID`, found `{text}`"),
                );
            }
            measure
        });
        let category = f.optional(d, "category", Decoder::id);
        let region = f.optional(d, "region", Decoder::id);
        PartSource::Mean {
            mean_of: mean_of?,
            category: category.ok()?.map(CategoryId::from),
            region: region.ok()?,
        }
    } else {
        for filter in ["category", "region"] {
            if let Some(n) = f.get(filter) {
                d.invalid(
                    n,
                    &f.path(filter),
                    format!("expected `{filter}` only beside `mean_of`, found it beside a `body` or `value`"),
                );
            }
        }
        if f.has("body") {
            PartSource::Body {
                body: f.required(d, "body", at, Decoder::id)?,
            }
        } else {
            PartSource::Value {
                value: f.required(d, "value", at, Decoder::decimal)?,
            }
        }
    };
    Some(RollupPart {
        weight: weight?,
        source,
    })
}
