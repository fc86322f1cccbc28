//! The integer fast path's first step: one body's answers, as the readers' fast paths
//! see them ([`View`]), checked and reduced to a sheet — each question's take — with no
//! `Submission` in between.

use std::borrow::Cow;

use crate::model::submission::{Agency, AnswerValue};
use crate::model::view::{AnswerView, View, id};
use crate::score::exact::Sheet;
use crate::score::plan::{IntTable, Plan, PlannedQuestion, Rule};
use crate::text::decimal::parse_decimal;

/// What a `when` may look at: the answer a question was asked with.
#[derive(Clone, Copy)]
enum Asked<'a> {
    None,
    Bool(bool),
    Option(&'a str),
}

/// One answer's value, checked against its question and scored.
enum Scored<'a> {
    Numer(i32, Asked<'a>),
    Exact(crate::score::ratio::Ratio),
    Text,
}

impl Plan {
    /// One body's answers, as the readers' fast paths see them, reduced straight to a
    /// sheet; `None` for anything not plainly valid, which the careful reader then takes
    /// (and reports). It must agree with it exactly: the readers' unit tests hold it to that.
    pub(crate) fn sheet_from_view(&self, line: View<'_>) -> Option<Sheet> {
        use crate::model::instrument::Otherwise;
        use crate::score::exact::Take;
        let instrument = &self.instrument;
        if id(line.instrument)? != instrument.id {
            return None;
        }
        let agency = Agency {
            id: id(line.id)?,
            name: line.name.into_owned(),
            category: match line.category {
                Some(c) => Some(id(c)?),
                None => None,
            },
            region: match line.region {
                Some(r) => Some(id(r)?),
                None => None,
            },
        };
        // A category the instrument does not declare (or one where it declares none,
        // or none where it declares some) is for the careful reader to report.
        match &agency.category {
            Some(c) => {
                instrument.category(c)?;
            }
            None if !instrument.categories.is_empty() => return None,
            None => {}
        }
        let rater = match line.rater {
            Some(r) => Some(id(r)?),
            None => None,
        };
        let rater_group = match line.rater_group {
            Some(g) => Some(id(g)?),
            None => None,
        };
        let mut entries = line.answers;
        let n = self.questions.len();
        // Usually written in the questions' order: merged as they come, one comparison
        // an answer; sorted first only when that fails.
        let slots = match self.merge_answers(&entries) {
            Some(slots) => slots,
            None => {
                entries.sort_by(|a, b| a.0.cmp(&b.0));
                self.merge_answers(&entries)?
            }
        };
        let mut asked: Vec<Asked> = Vec::with_capacity(n);
        let mut takes = Vec::with_capacity(n);
        let mut exact = Vec::new();
        let mut evidence_ignored = Vec::new();
        for (k, ((question, definition), answer)) in self
            .questions
            .iter()
            .zip(&self.question_defs)
            .zip(slots)
            .enumerate()
        {
            if question.evidence_none && answer.is_some_and(|a| a.evidence > 0) {
                evidence_ignored.push(u32::try_from(k).ok()?);
            }
            let applies = question
                .categories
                .as_ref()
                .is_none_or(|cats| agency.category.as_ref().is_some_and(|c| cats.contains(c)));
            let scored = match answer {
                None => None,
                Some(_) if !applies => return None,
                Some(a) => {
                    let na = a.na.unwrap_or(false);
                    if a.value.is_some() == na || (na && !definition.allow_na) {
                        return None;
                    }
                    match a.value {
                        Some(raw) => Some(Some(score_raw(question, definition, raw)?)),
                        None => Some(None), // N/A
                    }
                }
            };
            let open = applies
                && question.when.as_ref().is_none_or(|(parent, expected)| {
                    match (asked.get(*parent), expected) {
                        (Some(Asked::Bool(b)), crate::model::instrument::Expected::Bool(e)) => {
                            b == e
                        }
                        (Some(Asked::Option(s)), crate::model::instrument::Expected::Option(e)) => {
                            *s == e
                        }
                        _ => false,
                    }
                });
            let evidence_missing =
                question.evidence_required && answer.is_none_or(|a| a.evidence == 0);
            let (take, seen) = match scored {
                _ if !applies || matches!(question.rule, Rule::Text) => {
                    (Take::LeftOut, Asked::None)
                }
                _ if !open => match question.otherwise {
                    Otherwise::Zero => (Take::Closed, Asked::None),
                    Otherwise::NotApplicable => (Take::LeftOut, Asked::None),
                },
                None => (Take::Missing, Asked::None),
                Some(None) => (Take::LeftOut, Asked::None),
                Some(Some(Scored::Numer(numer, seen))) => (
                    Take::Answered {
                        numer,
                        evidence_missing,
                    },
                    seen,
                ),
                Some(Some(Scored::Exact(score))) => {
                    let index = u32::try_from(exact.len()).ok()?;
                    exact.push(score);
                    (
                        Take::Exact {
                            index,
                            evidence_missing,
                        },
                        Asked::None,
                    )
                }
                Some(Some(Scored::Text)) => (Take::LeftOut, Asked::None),
            };
            asked.push(seen);
            crate::score::exact::push_take(&mut takes, &mut exact, take, question.denom)?;
        }
        Some(Sheet {
            agency,
            rater,
            rater_group,
            takes,
            exact,
            evidence_ignored,
        })
    }
}

impl Plan {
    /// Each question's answer (plan order), from answers sorted by id; `None` when they
    /// are not (out of order, repeated) or name a question the plan lacks.
    fn merge_answers<'v, 'a>(
        &self,
        entries: &'v [(Cow<'a, str>, AnswerView<'a>)],
    ) -> Option<Vec<Option<&'v AnswerView<'a>>>> {
        let mut slots: Vec<Option<&AnswerView>> = vec![None; self.questions.len()];
        let mut questions = self.question_index.iter();
        for (key, answer) in entries {
            let key = key.as_ref();
            let k = loop {
                let (q, &k) = questions.next()?;
                if q.as_str() == key {
                    break k;
                }
                // Passing a question that sorts after the key: out of order, or unknown.
                if q.as_str() > key {
                    return None;
                }
            };
            *slots.get_mut(k)? = Some(answer);
        }
        Some(slots)
    }
}

/// Checks one raw answer value against its question (as `check_value` does) and scores
/// it; `None` for anything not plainly valid.
fn score_raw<'a>(
    question: &PlannedQuestion,
    definition: &crate::model::instrument::Question,
    text: &'a str,
) -> Option<Scored<'a>> {
    use crate::model::instrument::QuestionKind;
    let decimal = || -> Option<rust_decimal::Decimal> {
        if text.starts_with('"') {
            parse_decimal(&serde_json::from_str::<Cow<str>>(text).ok()?).ok()
        } else {
            parse_decimal(text).ok()
        }
    };
    let numer = |n: i64| i32::try_from(n).ok();
    match (&definition.kind, &question.rule, &question.table) {
        (QuestionKind::YesNo, _, _) => {
            let yes = match text {
                "true" => true,
                "false" => false,
                _ => return None,
            };
            Some(Scored::Numer(if yes { 100 } else { 0 }, Asked::Bool(yes)))
        }
        (QuestionKind::Choice { options }, _, IntTable::PerOption(numers)) => {
            // Option ids are plain: an escaped string is left to the ordinary readers.
            let chosen = text.strip_prefix('"')?.strip_suffix('"')?;
            if chosen.contains('\\') {
                return None;
            }
            let k = options.iter().position(|o| o.id == chosen)?;
            Some(Scored::Numer(
                numer(*numers.get(k)?)?,
                Asked::Option(chosen),
            ))
        }
        (QuestionKind::Checklist { items }, _, IntTable::Points(points)) => {
            let chosen: Vec<Cow<str>> = serde_json::from_str(text).ok()?;
            let mut sum = 0i64;
            for (k, c) in chosen.iter().enumerate() {
                if chosen.get(..k).is_some_and(|before| before.contains(c)) {
                    return None;
                }
                let i = items.iter().position(|item| item.id == c.as_ref())?;
                sum = sum.checked_add(*points.get(i)?)?;
            }
            Some(Scored::Numer(numer(sum.checked_mul(100)?)?, Asked::None))
        }
        (QuestionKind::Number { min, max, bands }, _, IntTable::PerOption(numers)) => {
            let n = decimal()?;
            if min.is_some_and(|m| n < m) || max.is_some_and(|m| n > m) {
                return None;
            }
            let k = bands.iter().position(|b| match (b.min, b.max) {
                (_, Some(max)) => n <= max,
                (Some(min), None) => n >= min,
                (None, None) => true,
            })?;
            Some(Scored::Numer(numer(*numers.get(k)?)?, Asked::None))
        }
        (QuestionKind::Scale { min, max }, _, IntTable::Scale) => {
            let n = decimal()?;
            if !n.fract().is_zero() {
                return None;
            }
            let steps = i64::try_from(n.trunc()).ok()?;
            if steps < *min || steps > *max {
                return None;
            }
            Some(Scored::Numer(
                numer(steps.checked_sub(*min)?.checked_mul(100)?)?,
                Asked::None,
            ))
        }
        (QuestionKind::Rating, rule, table) => {
            let n = decimal()?;
            if n < rust_decimal::Decimal::ZERO || n > rust_decimal::Decimal::ONE_HUNDRED {
                return None;
            }
            let value = AnswerValue::Number(n);
            match rule.numer(table, &value).and_then(numer) {
                Some(m) => Some(Scored::Numer(m, Asked::None)),
                None => rule.score(&value).ok().map(Scored::Exact),
            }
        }
        (QuestionKind::Text, _, _) => text.starts_with('"').then_some(Scored::Text),
        _ => None,
    }
}
