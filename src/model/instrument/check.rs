//! The meaning checks of an instrument: ids, weights, bands, references.

use crate::model::instrument::ids::{unwritable_answer_id, unwritable_question_id};
use std::collections::BTreeMap;

mod gates;

use rust_decimal::Decimal;

use super::*;
use crate::text::problem::{Problem, ProblemKind, Report};

const HUNDRED: Decimal = Decimal::ONE_HUNDRED;

impl Instrument {
    /// Checks the instrument's meaning: unique ids, weights, score ranges, bands, `when`
    /// references, categories, stages, gates, tie-break keys and the roll-up. Returns
    /// every problem found (empty when the instrument is sound).
    ///
    /// [`Instrument::from_json`] runs this already; call it on an instrument built or
    /// changed in code.
    pub fn validate(&self) -> Report {
        let mut c = Checker::default();
        c.ids(
            "/categories",
            self.categories.iter().map(|x| x.id.as_str()),
            "category",
        );
        c.ids(
            "/stages",
            self.stages.iter().map(|x| x.id.as_str()),
            "stage",
        );
        c.ids(
            "/qualifications",
            self.qualifications.iter().map(|x| x.id.as_str()),
            "qualification",
        );
        self.check_stages(&mut c);
        self.check_qualifications(&mut c);
        self.check_indicators(&mut c);
        self.check_questions(&mut c);
        self.check_tie_break(&mut c);
        if let Some(rollup) = &self.rollup {
            self.check_rollup(rollup, &mut c);
        }
        c.report
    }

    fn check_stages(&self, c: &mut Checker) {
        if self.stages.is_empty() {
            c.invalid("/stages", "expected at least one stage, found none".into());
        }
        for (i, stage) in self.stages.iter().enumerate() {
            c.weight(&format!("/stages/{i}/weight"), stage.weight);
            if let Some(gate) = &stage.requires {
                let path = format!("/stages/{i}/requires");
                if stage.questionnaire {
                    // Every body answers the questionnaire: its score is the batch's to
                    // read, never a stage score a gate could refuse.
                    c.invalid_in(
                        &path,
                        "expected no gate on the questionnaire stage (every body answers it), found one".into(),
                        "seharusnya tahap kuesioner tanpa syarat (semua badan publik mengisinya), ternyata ada syarat".into(),
                    );
                }
                self.check_gate(gate, &stage.id, &path, c);
            }
            if !stage.parts.is_empty() {
                let path = format!("/stages/{i}/parts");
                if stage.questionnaire {
                    c.invalid(
                        &path,
                        "expected parts only on a stage scored by judges, found them on the questionnaire stage".into(),
                    );
                }
                let mut seen = BTreeMap::new();
                for (k, part) in stage.parts.iter().enumerate() {
                    c.score(&format!("{path}/{k}/max"), part.max, "a part's `max`");
                    if let Some(first) = seen.insert(part.id.as_str(), k) {
                        c.push(
                            ProblemKind::DuplicateId,
                            &format!("{path}/{k}/id"),
                            format!("expected each part once, found `{}` again (first at {path}/{first})", part.id),
                        );
                    }
                }
                c.sum_to_100(
                    &path,
                    stage.parts.iter().map(|p| p.max),
                    "the parts' `max` values",
                );
            }
        }
        c.sum_to_100(
            "/stages",
            self.stages.iter().map(|s| s.weight),
            "stage weights",
        );
        let marked: Vec<usize> = (0..self.stages.len())
            .filter(|&i| self.stages.get(i).is_some_and(|s| s.questionnaire))
            .collect();
        match marked.as_slice() {
            [_] => {}
            [] => c.invalid(
                "/stages",
                "expected exactly one stage with `\"questionnaire\": true` (the SAQ), found none"
                    .into(),
            ),
            [_, rest @ ..] => {
                for &i in rest {
                    c.invalid(
                        &format!("/stages/{i}/questionnaire"),
                        "expected exactly one questionnaire stage, found another one".into(),
                    );
                }
            }
        }
        self.check_gate_cycles(c);
    }

    fn check_qualifications(&self, c: &mut Checker) {
        let mut mins = BTreeMap::new();
        for (i, q) in self.qualifications.iter().enumerate() {
            let path = format!("/qualifications/{i}/min");
            c.score(&path, q.min, "a qualification's `min`");
            if let Some(other) = mins.insert(q.min, &q.id) {
                c.push(ProblemKind::InvalidValue, &path, format!("expected each qualification to start at its own score, found {} shared with `{other}`", q.min));
            }
        }
        if !self.qualifications.iter().any(|q| q.min.is_zero()) {
            c.invalid("/qualifications", "expected a qualification band with `min` 0, so that every score has a qualification, found none".into());
        }
    }

    fn check_indicators(&self, c: &mut Checker) {
        let all = self.all_indicators();
        c.ids_at(
            all.iter()
                .map(|(ind, path)| (ind.id.as_str(), format!("{path}/id"))),
            "indicator",
        );
        if self.indicators.is_empty() {
            c.invalid(
                "/indicators",
                "expected at least one indicator, found none".into(),
            );
        }
        c.sum_to_100(
            "/indicators",
            self.indicators.iter().map(|i| i.weight),
            "top-level indicator weights",
        );
        for (indicator, path) in &all {
            c.weight(&format!("{path}/weight"), indicator.weight);
            match &indicator.parts {
                Parts::Questions(qs) if qs.is_empty() => c.invalid(
                    &format!("{path}/questions"),
                    "expected at least one question, found none".into(),
                ),
                Parts::Indicators(subs) if subs.is_empty() => c.invalid(
                    &format!("{path}/indicators"),
                    "expected at least one sub-indicator, found none".into(),
                ),
                Parts::Questions(qs) => c.relative_weights(
                    &format!("{path}/questions"),
                    qs.iter().map(|q| q.weight),
                    "question",
                ),
                Parts::Indicators(subs) => c.relative_weights(
                    &format!("{path}/indicators"),
                    subs.iter().map(|s| s.weight),
                    "sub-indicator",
                ),
            }
        }
    }

    fn check_questions(&self, c: &mut Checker) {
        let questions = self.questions();
        c.ids_at(
            questions
                .iter()
                .map(|(q, path)| (q.id.as_str(), format!("{path}/id"))),
            "question",
        );
        let mut earlier: BTreeMap<&str, &Question> = BTreeMap::new();
        // Ids a sheet's header can carry: its columns match them in any case.
        let mut folded: BTreeMap<String, &str> = BTreeMap::new();
        for (q, path) in &questions {
            if let Some(why) = unwritable_question_id(&q.id) {
                c.invalid(
                    &format!("{path}/id"),
                    format!(
                        "expected a question id of letters, digits, `_`, `-` and `.` that a \
                         sheet's header can carry (`JI01`), found `{}`: {why}",
                        q.id
                    ),
                );
            } else if let Some(other) = folded.insert(q.id.to_ascii_lowercase(), &q.id)
                && other != q.id
            {
                c.push(
                    ProblemKind::DuplicateId,
                    &format!("{path}/id"),
                    format!(
                        "expected question ids that differ in more than case (a sheet's \
                         header matches them in any case), found `{}` and `{other}`",
                        q.id
                    ),
                );
            }
            c.weight(&format!("{path}/weight"), q.weight);
            self.check_kind(q, path, c);
            if let Some(cats) = &q.categories {
                if cats.is_empty() {
                    c.invalid(&format!("{path}/categories"), "expected at least one category (leave `categories` out for all), found none".into());
                }
                for (k, cat) in cats.iter().enumerate() {
                    if self.category(cat).is_none() {
                        c.unknown(
                            &format!("{path}/categories/{k}"),
                            "category",
                            cat,
                            self.categories.iter().map(|x| x.id.as_str()),
                        );
                    }
                }
            }
            match &q.when {
                Some(cond) => check_condition(cond, &format!("{path}/when"), &earlier, &questions, c),
                None if q.otherwise != Otherwise::Zero => c.invalid(
                    &format!("{path}/otherwise"),
                    "expected `otherwise` only on a question with a `when` condition, found it without one".into(),
                ),
                None => {}
            }
            earlier.entry(q.id.as_str()).or_insert(q);
        }
    }

    fn check_kind(&self, q: &Question, path: &str, c: &mut Checker) {
        match &q.kind {
            QuestionKind::Text if !q.weight.is_zero() => c.push(
                ProblemKind::Weights,
                &format!("{path}/weight"),
                format!(
                    "expected weight 0 on a `text` question (text is never scored), found {}",
                    q.weight
                ),
            ),
            QuestionKind::Choice { options } => {
                if options.is_empty() {
                    c.invalid(
                        &format!("{path}/options"),
                        "expected at least one option, found none".into(),
                    );
                }
                c.ids_at(
                    options
                        .iter()
                        .enumerate()
                        .map(|(k, o)| (o.id.as_str(), format!("{path}/options/{k}/id"))),
                    "option",
                );
                for (k, o) in options.iter().enumerate() {
                    if let Some(why) = unwritable_answer_id(&o.id) {
                        c.invalid(
                            &format!("{path}/options/{k}/id"),
                            format!(
                                "expected an option id a sheet's cell can carry, found `{}`: {why}",
                                o.id
                            ),
                        );
                    }
                    c.score(
                        &format!("{path}/options/{k}/score"),
                        o.score,
                        "an option's score",
                    );
                }
            }
            QuestionKind::Checklist { items } => {
                c.ids_at(
                    items
                        .iter()
                        .enumerate()
                        .map(|(k, o)| (o.id.as_str(), format!("{path}/items/{k}/id"))),
                    "item",
                );
                for (k, item) in items.iter().enumerate() {
                    if let Some(why) = unwritable_answer_id(&item.id) {
                        c.invalid(
                            &format!("{path}/items/{k}/id"),
                            format!(
                                "expected an item id a sheet's cell can carry, found `{}`: {why}",
                                item.id
                            ),
                        );
                    }
                    if item.points.is_sign_negative() && !item.points.is_zero() {
                        c.invalid(
                            &format!("{path}/items/{k}/points"),
                            format!("expected points of 0 or more, found {}", item.points),
                        );
                    }
                }
                let total = items
                    .iter()
                    .try_fold(Decimal::ZERO, |acc, i| acc.checked_add(i.points));
                if total.is_none_or(|t| t <= Decimal::ZERO) {
                    c.invalid(
                        &format!("{path}/items"),
                        "expected items whose points add up to more than 0, found none that do"
                            .into(),
                    );
                }
            }
            QuestionKind::Number { min, max, bands } => check_bands(*min, *max, bands, path, c),
            QuestionKind::Scale { min, max } if min >= max => c.invalid(
                &format!("{path}/max"),
                format!("expected a scale's `max` above its `min` ({min}), found {max}"),
            ),
            _ => {}
        }
    }

    fn check_tie_break(&self, c: &mut Checker) {
        let indicators = self.all_indicators();
        for (k, key) in self.tie_break.iter().enumerate() {
            let path = format!("/tie_break/{k}");
            match key {
                TieBreak::Stage(id) if self.stage(id).is_none() => c.unknown(
                    &path,
                    "stage",
                    id,
                    self.stages.iter().map(|s| s.id.as_str()),
                ),
                TieBreak::Indicator(id) if !indicators.iter().any(|(i, _)| &i.id == id) => c
                    .unknown(
                        &path,
                        "indicator",
                        id,
                        indicators.iter().map(|(i, _)| i.id.as_str()),
                    ),
                _ => {}
            }
        }
    }

    fn check_rollup(&self, rollup: &Rollup, c: &mut Checker) {
        if rollup.parts.is_empty() {
            c.invalid(
                "/rollup/parts",
                "expected at least one roll-up part, found none".into(),
            );
        }
        c.sum_to_100(
            "/rollup/parts",
            rollup.parts.iter().map(|p| p.weight),
            "roll-up part weights",
        );
        for (k, part) in rollup.parts.iter().enumerate() {
            let path = format!("/rollup/parts/{k}");
            c.weight(&format!("{path}/weight"), part.weight);
            match &part.source {
                PartSource::Mean {
                    mean_of, category, ..
                } => {
                    if let Measure::Stage(id) = mean_of
                        && self.stage(id).is_none()
                    {
                        c.unknown(
                            &format!("{path}/mean_of"),
                            "stage",
                            id,
                            self.stages.iter().map(|s| s.id.as_str()),
                        );
                    }
                    if let Some(cat) = category
                        && self.category(cat).is_none()
                    {
                        c.unknown(
                            &format!("{path}/category"),
                            "category",
                            cat,
                            self.categories.iter().map(|x| x.id.as_str()),
                        );
                    }
                }
                PartSource::Value { value } => {
                    c.score(&format!("{path}/value"), *value, "a roll-up value")
                }
                PartSource::Body { .. } => {}
            }
        }
    }
}

fn check_condition(
    cond: &Condition,
    path: &str,
    earlier: &BTreeMap<&str, &Question>,
    all: &[(&Question, String)],
    c: &mut Checker,
) {
    let qpath = format!("{path}/question");
    let Some(parent) = earlier.get(cond.question.as_str()) else {
        let found = match all.iter().find(|(q, _)| q.id == cond.question) {
            Some((_, at)) => format!("`{}`, which comes later (at {at})", cond.question),
            None => format!(
                "`{}`, which is not a question of the instrument",
                cond.question
            ),
        };
        c.push(
            ProblemKind::UnknownReference,
            &qpath,
            format!("expected `when` to name an earlier question, found {found}"),
        );
        return;
    };
    let epath = format!("{path}/equals");
    match (&parent.kind, &cond.equals) {
        (QuestionKind::YesNo, Expected::Bool(_)) => {}
        (QuestionKind::YesNo, Expected::Option(s)) => c.push(
            ProblemKind::WrongType,
            &epath,
            format!(
                "expected true or false (`{}` is a yes_no question), found \"{s}\"",
                parent.id
            ),
        ),
        (QuestionKind::Choice { options }, Expected::Option(s)) => {
            if !options.iter().any(|o| &o.id == s) {
                c.unknown(&epath, "option", s, options.iter().map(|o| o.id.as_str()));
            }
        }
        (QuestionKind::Choice { .. }, Expected::Bool(b)) => c.push(
            ProblemKind::WrongType,
            &epath,
            format!(
                "expected an option id (`{}` is a choice question), found {b}",
                parent.id
            ),
        ),
        (kind, _) => c.invalid(
            &qpath,
            format!(
                "expected `when` to name a yes_no or choice question, found `{}`, a {} question",
                parent.id,
                kind.name()
            ),
        ),
    }
}

fn check_bands(
    min: Option<Decimal>,
    max: Option<Decimal>,
    bands: &[Band],
    path: &str,
    c: &mut Checker,
) {
    if let (Some(lo), Some(hi)) = (min, max)
        && lo > hi
    {
        c.invalid(
            &format!("{path}/max"),
            format!("expected `max` at or above `min` ({lo}), found {hi}"),
        );
    }
    if bands.is_empty() {
        c.invalid(
            &format!("{path}/bands"),
            "expected at least one band, found none".into(),
        );
        return;
    }
    for (k, band) in bands.iter().enumerate() {
        c.score(
            &format!("{path}/bands/{k}/score"),
            band.score,
            "a band's score",
        );
        if band.min.is_some() && band.max.is_some() {
            c.invalid(
                &format!("{path}/bands/{k}"),
                "expected a band bounded by `max` or by `min`, found both".into(),
            );
        }
    }
    let by_max = bands.iter().any(|b| b.max.is_some());
    let by_min = bands.iter().any(|b| b.min.is_some());
    if by_max && by_min {
        c.invalid(
            &format!("{path}/bands"),
            "expected all bands bounded the same way (all by `max` or all by `min`), found both"
                .into(),
        );
        return;
    }
    let last = bands.len() - 1;
    let mut previous: Option<Decimal> = None;
    for (k, band) in bands.iter().enumerate() {
        let bound = if by_min { band.min } else { band.max };
        let word = if by_min { "min" } else { "max" };
        match bound {
            None if k != last => c.invalid(
                &format!("{path}/bands/{k}"),
                format!("expected only the last band to have no `{word}` (it catches the rest), found band {k} of {}", bands.len()),
            ),
            None => {}
            Some(b) => {
                let ordered = previous.is_none_or(|p| if by_min { b < p } else { b > p });
                if !ordered {
                    let order = if by_min { "descending `min`: higher is better, best band first" } else { "ascending `max`: lower is better, best band first" };
                    c.invalid(
                        &format!("{path}/bands/{k}/{word}"),
                        format!("expected bands that do not overlap, in {order}; found {b} after {}", previous.unwrap_or_default()),
                    );
                }
                previous = Some(b);
            }
        }
    }
    // Without a catch-all band, the allowed range must end inside the last band.
    if let Some(Some(edge)) = bands.last().map(|b| if by_min { b.min } else { b.max }) {
        let limit = if by_min { min } else { max };
        let covered = limit.is_some_and(|l| if by_min { l >= edge } else { l <= edge });
        if !covered {
            let (word, side) = if by_min {
                ("min", "below")
            } else {
                ("max", "above")
            };
            c.invalid(
                &format!("{path}/bands/{last}"),
                format!("expected a last band with no `{word}` (a catch-all) or a question `{word}` within the bands, found answers {side} {edge} in no band"),
            );
        }
    }
}

#[derive(Default)]
struct Checker {
    report: Report,
}

impl Checker {
    fn push(&mut self, kind: ProblemKind, path: &str, message: String) {
        self.report.push(Problem::new(kind, path, message));
    }

    fn invalid(&mut self, path: &str, message: String) {
        self.push(ProblemKind::InvalidValue, path, message);
    }

    /// [`Checker::invalid`] with its sentence in Indonesian too.
    fn invalid_in(&mut self, path: &str, en: String, id: String) {
        self.report
            .push(Problem::new(ProblemKind::InvalidValue, path, en).with_indonesian(id));
    }

    fn unknown<'a>(
        &mut self,
        path: &str,
        what: &str,
        found: &str,
        known: impl Iterator<Item = &'a str>,
    ) {
        let known: Vec<String> = known.map(|k| format!("`{k}`")).collect();
        let (known, dikenal) = if known.is_empty() {
            ("none are defined".to_owned(), "tidak ada".to_owned())
        } else {
            (known.join(", "), known.join(", "))
        };
        let apa = match what {
            "stage" => "tahap",
            "category" => "kategori",
            "question" => "pertanyaan",
            "indicator" => "indikator",
            "option" => "opsi",
            "item" => "butir",
            "qualification" => "kualifikasi",
            other => other,
        };
        self.report.push(
            Problem::new(
                ProblemKind::UnknownReference,
                path,
                format!(
                    "expected {} {what} defined in the instrument ({known}), found `{found}`",
                    if what.starts_with(['a', 'e', 'i', 'o', 'u']) {
                        "an"
                    } else {
                        "a"
                    }
                ),
            )
            .with_indonesian(format!(
                "seharusnya {apa} yang ada di instrumen ({dikenal}), ternyata `{found}`"
            )),
        );
    }

    fn ids<'a>(&mut self, base: &str, ids: impl Iterator<Item = &'a str>, what: &str) {
        self.ids_at(
            ids.enumerate()
                .map(|(i, id)| (id, format!("{base}/{i}/id"))),
            what,
        );
    }

    fn ids_at<'a>(&mut self, ids: impl Iterator<Item = (&'a str, String)>, what: &str) {
        let mut first: BTreeMap<&str, String> = BTreeMap::new();
        for (id, path) in ids {
            if let Some(at) = first.get(id) {
                self.push(
                    ProblemKind::DuplicateId,
                    &path,
                    format!("expected each {what} id once, found `{id}` again (first at {at})"),
                );
            } else {
                first.insert(id, path);
            }
        }
    }

    fn weight(&mut self, path: &str, weight: Decimal) {
        if weight.is_sign_negative() && !weight.is_zero() {
            self.push(
                ProblemKind::Weights,
                path,
                format!("expected a weight of 0 or more, found {weight}"),
            );
        }
    }

    fn score(&mut self, path: &str, value: Decimal, what: &str) {
        if value < Decimal::ZERO || value > HUNDRED {
            self.invalid(
                path,
                format!("expected {what} from 0 to 100, found {value}"),
            );
        }
    }

    fn sum_to_100(&mut self, path: &str, weights: impl Iterator<Item = Decimal>, what: &str) {
        match weights.collect::<Vec<_>>() {
            w if w.is_empty() => {}
            w => match w
                .iter()
                .try_fold(Decimal::ZERO, |acc, x| acc.checked_add(*x))
            {
                Some(sum) if sum == HUNDRED => {}
                Some(sum) => self.push(
                    ProblemKind::Weights,
                    path,
                    format!("expected {what} to sum to exactly 100, found {sum}"),
                ),
                None => self.push(
                    ProblemKind::Weights,
                    path,
                    format!("expected {what} to sum to exactly 100, found a sum too large to hold"),
                ),
            },
        }
    }

    fn relative_weights(&mut self, path: &str, weights: impl Iterator<Item = Decimal>, what: &str) {
        let sum = weights
            .filter(|w| !w.is_sign_negative())
            .try_fold(Decimal::ZERO, |acc, x| acc.checked_add(x));
        match sum {
            Some(s) if s > Decimal::ZERO => {}
            Some(_) => self.push(
                ProblemKind::Weights,
                path,
                format!("expected at least one {what} with a weight above 0, found none"),
            ),
            None => self.push(
                ProblemKind::Weights,
                path,
                format!(
                    "expected {what} weights whose sum can be held exactly, found a sum too large"
                ),
            ),
        }
    }
}
