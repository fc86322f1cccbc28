//! Sheets: one rater's answers reduced to what scoring needs — each question's take —
//! and the integer fast path's first step, a reader's [`View`] reduced straight to a
//! sheet with no `Submission` in between.

use std::borrow::Cow;

use crate::model::submission::{Agency, AnswerValue};
use crate::model::view::{AnswerView, View};
use crate::score::plan::{IntTable, Plan, PlannedQuestion, Rule};
use crate::score::ratio::Ratio;
use crate::score::when::{self, Asked};
use crate::text::decimal::parse_decimal;

/// One question's scores for one body, raters combined. `None` is left out.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct QuestionScores {
    pub self_assessed: Option<Ratio>,
    pub verified: Option<Ratio>,
}

/// One rater's submission reduced to what scoring needs: how each question counts. A
/// batch keeps sheets, not submissions, so that memory grows with bodies and questions,
/// not with the text of the answers.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Sheet {
    pub agency: Agency,
    /// One entry per question of the plan, in its order (4 bytes each).
    pub takes: Vec<Cell>,
    /// What few sheets have — a rater, exact scores, ignored evidence — kept apart, so
    /// that a national batch's 100,000 sheets are 88 bytes smaller each.
    rare: Option<Box<Rare>>,
}

/// The parts of a sheet most have none of.
#[derive(Debug, Clone, PartialEq, Default)]
struct Rare {
    rater: Option<String>,
    rater_group: Option<String>,
    /// The scores of [`Take::Exact`] answers.
    exact: Vec<Ratio>,
    /// The questions (plan indices) that take no evidence but were given some: ignored
    /// in scoring, reported.
    evidence_ignored: Vec<u32>,
    /// When the questionnaire was sent, if it says (against a deadline).
    submitted_at: Option<crate::text::moment::Moment>,
}

impl Plan {
    /// Makes a body's category the instrument's own handle on that text, when it names
    /// one: 100,000 sheets and cards then share a few categories' text, not a copy each.
    pub(crate) fn share_category(&self, agency: &mut Agency) {
        if let Some(category) = &agency.category
            && let Some(shared) = (self.instrument.categories.iter()).find(|c| c.id == *category)
        {
            agency.category = Some(shared.id.clone());
        }
    }
}

impl Sheet {
    pub(crate) fn new(
        agency: Agency,
        rater: Option<String>,
        rater_group: Option<String>,
        takes: Vec<Cell>,
        exact: Vec<Ratio>,
        evidence_ignored: Vec<u32>,
    ) -> Sheet {
        let rare = Rare {
            rater,
            rater_group,
            exact,
            evidence_ignored,
            submitted_at: None,
        };
        Sheet {
            agency,
            takes,
            rare: (rare != Rare::default()).then(|| Box::new(rare)),
        }
    }

    /// The sheet with the time its questionnaire was sent.
    pub(crate) fn sent_at(mut self, submitted_at: Option<crate::text::moment::Moment>) -> Sheet {
        if let Some(moment) = submitted_at {
            self.rare.get_or_insert_default().submitted_at = Some(moment);
        }
        self
    }

    /// When the questionnaire was sent, if it says, taken out of the sheet: a batch
    /// needs it once, against the deadline, and a national batch's kept sheets then
    /// carry no time (nor a box for it).
    pub(crate) fn take_submitted_at(&mut self) -> Option<crate::text::moment::Moment> {
        let rare = self.rare.as_mut()?;
        let taken = rare.submitted_at.take();
        if **rare == Rare::default() {
            self.rare = None;
        }
        taken
    }

    /// The rater, for several raters of one body.
    pub(crate) fn rater(&self) -> Option<&str> {
        self.rare.as_ref().and_then(|r| r.rater.as_deref())
    }

    /// The rater's group (IKIP's informant groups).
    pub(crate) fn rater_group(&self) -> Option<&str> {
        self.rare.as_ref().and_then(|r| r.rater_group.as_deref())
    }

    /// The scores of [`Take::Exact`] answers, by their index.
    pub(crate) fn exact(&self) -> &[Ratio] {
        self.rare.as_ref().map_or(&[], |r| &r.exact)
    }

    /// The questions (plan indices) that take no evidence but were given some.
    pub(crate) fn evidence_ignored(&self) -> &[u32] {
        self.rare.as_ref().map_or(&[], |r| &r.evidence_ignored)
    }
}

/// How one question counts for one rater.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Take {
    /// Not part of this rater's questionnaire: a text question, another category's, a
    /// failed `when` with `otherwise: not_applicable`, or answered N/A.
    LeftOut,
    /// A failed `when` with `otherwise: zero`: counts 0, and is not missing.
    Closed,
    /// Asked and unanswered: counts 0, and is reported missing.
    Missing,
    /// Answered: its score as an integer over the question's `denom`, and whether
    /// required evidence is missing.
    Answered { numer: i32, evidence_missing: bool },
    /// Answered, with a score that has no integer form over the question's `denom` (a
    /// rating with more than four decimals): kept exactly in the sheet's `exact`.
    Exact { index: u32, evidence_missing: bool },
}

/// A rater's answer to a question, as far as its [`Take`] depends on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Answered {
    /// No answer.
    No,
    /// "Not applicable" (`"na": true`).
    NotApplicable,
    /// A value, to be scored.
    Value,
}

/// The take of a question when it does not depend on the answer's value, or `None`
/// when the value is to be scored — the one rule of both paths to a sheet (the careful
/// `Plan::sheet` and the fast `sheet_from_view`): left out where the question does not
/// apply to the body's category or is a text question, closed by a failed `when` as its
/// `otherwise` says, left out when answered "not applicable", missing when unanswered.
pub(crate) fn take_before_value(
    question: &PlannedQuestion,
    applies: bool,
    open: bool,
    answered: Answered,
) -> Option<Take> {
    use crate::model::instrument::Otherwise;
    if !applies || matches!(question.rule, Rule::Text) {
        return Some(Take::LeftOut);
    }
    if !open {
        return Some(match question.otherwise {
            Otherwise::Zero => Take::Closed,
            Otherwise::NotApplicable => Take::LeftOut,
        });
    }
    match answered {
        Answered::No => Some(Take::Missing),
        Answered::NotApplicable => Some(Take::LeftOut),
        Answered::Value => None,
    }
}

/// A [`Take`] in four bytes, as sheets store it: a national batch holds one per body
/// and question. The low three bits say which take it is, the other 29 hold the
/// numerator or the index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Cell(u32);

impl Cell {
    const PAYLOAD: i32 = 1 << 28;

    /// The cell of `take`; `None` when its numerator or index needs more than 29 bits.
    fn pack(take: Take) -> Option<Cell> {
        let (tag, payload): (u32, u32) = match take {
            Take::LeftOut => (0, 0),
            Take::Closed => (1, 0),
            Take::Missing => (2, 0),
            Take::Answered {
                numer,
                evidence_missing,
            } => {
                if !(-Cell::PAYLOAD..Cell::PAYLOAD).contains(&numer) {
                    return None;
                }
                (3 + u32::from(evidence_missing), numer as u32)
            }
            Take::Exact {
                index,
                evidence_missing,
            } => {
                if index >= Cell::PAYLOAD as u32 {
                    return None;
                }
                (5 + u32::from(evidence_missing), index)
            }
        };
        Some(Cell((payload << 3) | tag))
    }

    /// The take this cell holds.
    pub(crate) fn take(self) -> Take {
        // An arithmetic shift brings a negative numerator back with its sign.
        let payload = (self.0 as i32) >> 3;
        match self.0 & 7 {
            1 => Take::Closed,
            2 => Take::Missing,
            tag @ (3 | 4) => Take::Answered {
                numer: payload,
                evidence_missing: tag == 4,
            },
            tag @ (5 | 6) => Take::Exact {
                index: payload as u32,
                evidence_missing: tag == 6,
            },
            _ => Take::LeftOut,
        }
    }
}

/// Adds `take` to a sheet's cells: an answer whose numerator needs more than 29 bits is
/// kept exactly in `exact` instead (`denom` is its question's denominator).
pub(crate) fn push_take(
    takes: &mut Vec<Cell>,
    exact: &mut Vec<Ratio>,
    take: Take,
    denom: i64,
) -> Option<()> {
    let cell = match Cell::pack(take) {
        Some(cell) => cell,
        None => {
            let evidence_missing = match take {
                Take::Answered {
                    evidence_missing, ..
                }
                | Take::Exact {
                    evidence_missing, ..
                } => evidence_missing,
                _ => false,
            };
            let score = match take {
                Take::Answered { numer, .. } => Ratio::new(i128::from(numer), i128::from(denom))?,
                _ => return None,
            };
            let index = u32::try_from(exact.len()).ok()?;
            exact.push(score);
            Cell::pack(Take::Exact {
                index,
                evidence_missing,
            })?
        }
    };
    takes.push(cell);
    Some(())
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
    pub(crate) fn sheet_from_view(&self, line: View<'_>, limits: &crate::Limits) -> Option<Sheet> {
        let instrument = &self.instrument;
        if !line.within(limits) {
            return None;
        }
        let (origin, mut entries) = line.into_parts()?;
        if origin.instrument != instrument.id {
            return None;
        }
        let mut agency = origin.agency;
        self.share_category(&mut agency);
        // A category the instrument does not declare (or one where it declares none,
        // or none where it declares some) is for the careful reader to report.
        match &agency.category {
            Some(c) => {
                instrument.category(c)?;
            }
            None if !instrument.categories.is_empty() => return None,
            None => {}
        }
        let (rater, rater_group, submitted_at) =
            (origin.rater, origin.rater_group, origin.submitted_at);
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
            let applies = when::applies(&question.categories, agency.category.as_deref());
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
            let open = applies && when::holds(question.when.as_ref(), &asked);
            let evidence_missing =
                question.evidence_required && answer.is_none_or(|a| a.evidence == 0);
            let answered = match scored {
                None => Answered::No,
                Some(None) => Answered::NotApplicable,
                Some(Some(_)) => Answered::Value,
            };
            let before = take_before_value(question, applies, open, answered);
            let (take, seen) = match (before, scored) {
                (Some(take), _) => (take, Asked::None),
                (None, Some(Some(Scored::Numer(numer, seen)))) => (
                    Take::Answered {
                        numer,
                        evidence_missing,
                    },
                    seen,
                ),
                (None, Some(Some(Scored::Exact(score)))) => {
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
                // A value to score is all that is left; a text answer counts nothing.
                (None, _) => (Take::LeftOut, Asked::None),
            };
            asked.push(seen);
            push_take(&mut takes, &mut exact, take, question.denom)?;
        }
        Some(
            Sheet::new(agency, rater, rater_group, takes, exact, evidence_ignored)
                .sent_at(submitted_at),
        )
    }
}

impl Plan {
    /// Each question's answer (plan order), from answers sorted by id; `None` when they
    /// are not (out of order, repeated) or name a question the plan lacks.
    fn merge_answers<'v, 'a>(
        &self,
        entries: &'v [(Cow<'a, str>, AnswerView<'a>)],
    ) -> Option<Vec<Option<&'v AnswerView<'a>>>> {
        use std::cmp::Ordering;
        let mut slots: Vec<Option<&AnswerView>> = vec![None; self.questions.len()];
        let mut questions = self.question_keys.iter();
        for (key, answer) in entries {
            let key = key.as_ref();
            let wanted = crate::score::id_key::IdKey::of(key);
            let k = loop {
                let &(q, k) = questions.next()?;
                let id = self.questions.get(k).map_or("", |q| q.id.as_str());
                match q.cmp_ids(id, wanted, key) {
                    Ordering::Equal => break k,
                    Ordering::Less => continue,
                    // Passing a question that sorts after the key: out of order, or unknown.
                    Ordering::Greater => return None,
                }
            };
            *slots.get_mut(k)? = Some(answer);
        }
        Some(slots)
    }
}

/// A JSON string's content when it holds nothing to unescape (no `\\`, no control
/// character): the text between its quotes, exactly what a JSON reader gives.
fn plain_string(text: &str) -> Option<&str> {
    let inner = text.strip_prefix('"')?.strip_suffix('"')?;
    inner
        .bytes()
        .all(|b| b >= 0x20 && b != b'"' && b != b'\\')
        .then_some(inner)
}

/// The sum of `value` over the plain strings of a JSON array of them (whitespace
/// allowed between its tokens, as a JSON reader allows it): `Some(None)` when a string
/// is no item, is ticked twice or the sum overflows, which a JSON reader would refuse
/// or the answer's check reject as well; `None` when the text is not such an array or
/// an item's index is past 63 — for the general reading.
fn plain_strings(text: &str, value: impl Fn(&str) -> Option<(usize, i64)>) -> Option<Option<i64>> {
    let ws = |t: &str| t.trim_start_matches([' ', '\t', '\n', '\r']).len();
    let body = text.trim_matches([' ', '\t', '\n', '\r']);
    let mut rest = body.strip_prefix('[')?.strip_suffix(']')?;
    rest = rest.get(rest.len() - ws(rest)..)?;
    let (mut sum, mut seen) = (0i64, 0u64);
    let mut invalid = false;
    while !rest.is_empty() {
        let after = rest.strip_prefix('"')?;
        let end = after.find('"')?;
        let item = plain_string(rest.get(..end + 2)?)?;
        match value(item) {
            Some((i, points)) if i < 64 => {
                let bit = 1u64 << i;
                invalid |= seen & bit != 0;
                seen |= bit;
                match sum.checked_add(points) {
                    Some(s) => sum = s,
                    None => invalid = true,
                }
            }
            Some(_) => return None,
            None => invalid = true,
        }
        rest = after.get(end + 1..)?;
        rest = rest.get(rest.len() - ws(rest)..)?;
        match rest.strip_prefix(',') {
            Some(more) => {
                rest = more.get(more.len() - ws(more)..)?;
                if rest.is_empty() {
                    return None; // `["a",]`
                }
            }
            None if rest.is_empty() => {}
            None => return None,
        }
    }
    Some((!invalid).then_some(sum))
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
        match plain_string(text) {
            Some(inner) => parse_decimal(inner).ok(),
            None if text.starts_with('"') => {
                parse_decimal(&serde_json::from_str::<Cow<str>>(text).ok()?).ok()
            }
            None => parse_decimal(text).ok(),
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
            let k = find_choice(
                &question.choice_keys,
                |k| options.get(k).map(|o| &*o.id),
                chosen,
            )?;
            Some(Scored::Numer(
                numer(*numers.get(k)?)?,
                Asked::Option(chosen),
            ))
        }
        (QuestionKind::Checklist { items }, _, IntTable::Points(points)) => {
            let item =
                |c: &str| find_choice(&question.choice_keys, |k| items.get(k).map(|i| &*i.id), c);
            // Plain item ids, each ticked once, summed without a list; anything else
            // (escapes, more than 64 items) the general way below.
            if let Some(sum) = plain_strings(text, |c| {
                let i = item(c)?;
                Some((i, *points.get(i)?))
            }) {
                return Some(Scored::Numer(numer(sum?.checked_mul(100)?)?, Asked::None));
            }
            let chosen: Vec<Cow<str>> = serde_json::from_str(text).ok()?;
            let mut sum = 0i64;
            for (k, c) in chosen.iter().enumerate() {
                if chosen.get(..k).is_some_and(|before| before.contains(c)) {
                    return None;
                }
                let i = item(c)?;
                sum = sum.checked_add(*points.get(i)?)?;
            }
            Some(Scored::Numer(numer(sum.checked_mul(100)?)?, Asked::None))
        }
        (QuestionKind::Number { min, max, bands }, _, IntTable::PerOption(numers)) => {
            let n = decimal()?;
            if min.is_some_and(|m| n < m) || max.is_some_and(|m| n > m) {
                return None;
            }
            let (k, _) = crate::model::instrument::Band::find(bands, n)?;
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

/// Where `chosen` stands among a question's options or items (`keys`, with `id` giving
/// each one's text): compared as integers, the text only for ids past 16 bytes.
fn find_choice<'d>(
    keys: &[crate::score::id_key::IdKey],
    id: impl Fn(usize) -> Option<&'d str>,
    chosen: &str,
) -> Option<usize> {
    let wanted = crate::score::id_key::IdKey::of(chosen);
    keys.iter().enumerate().position(|(k, key)| {
        key.cmp_ids(id(k).unwrap_or(""), wanted, chosen) == std::cmp::Ordering::Equal
    })
}

#[cfg(test)]
mod tests {
    use super::{Cell, Take, push_take};
    use crate::Ratio;
    use crate::score::card::Score;

    #[test]
    fn a_sheet_cell_takes_four_bytes() {
        // 100,000 bodies × 150 questions must fit the national memory budget.
        assert_eq!(std::mem::size_of::<Cell>(), 4);
    }

    #[test]
    fn a_score_takes_32_bytes_with_or_without_option() {
        // A national batch holds 2.4 million of them.
        assert_eq!(std::mem::size_of::<Score>(), 32);
        assert_eq!(std::mem::size_of::<Option<Score>>(), 32);
    }

    #[test]
    fn a_score_keeps_any_denominator_below_2_pow_120() {
        let denom = (1i128 << 119) + 1;
        let score = Score::from_fraction(denom - 2, denom, 2).expect("fits");
        assert_eq!(score.exact(), Ratio::new(denom - 2, denom).expect("ratio"));
        assert_eq!(score.rounded().to_string(), "1.00");
        // Above the bound: reduced when it can be (2^121 / 2^121 is 1), refused, not
        // wrapped, when it cannot.
        assert!(Score::from_fraction(1 << 121, 1 << 121, 2).is_ok());
        assert!(Score::from_fraction(1, (1i128 << 121) + 1, 2).is_err());
    }

    #[test]
    fn cells_give_back_every_take() {
        let takes = [
            Take::LeftOut,
            Take::Closed,
            Take::Missing,
            Take::Answered {
                numer: 0,
                evidence_missing: false,
            },
            Take::Answered {
                numer: 1_000_000,
                evidence_missing: true,
            },
            Take::Answered {
                numer: -7,
                evidence_missing: false,
            },
            Take::Answered {
                numer: (1 << 28) - 1,
                evidence_missing: true,
            },
            Take::Exact {
                index: 3,
                evidence_missing: true,
            },
        ];
        for take in takes {
            assert_eq!(Cell::pack(take).map(Cell::take), Some(take));
        }
        // Too large for 29 bits: kept exactly beside the cells.
        let (mut cells, mut exact) = (Vec::new(), Vec::new());
        let big = Take::Answered {
            numer: 1 << 29,
            evidence_missing: true,
        };
        assert_eq!(push_take(&mut cells, &mut exact, big, 3), Some(()));
        assert_eq!(
            cells[0].take(),
            Take::Exact {
                index: 0,
                evidence_missing: true
            }
        );
        assert_eq!(exact, [Ratio::new(1 << 29, 3).unwrap_or(Ratio::ZERO)]);
    }

    /// The array summed as a JSON reader reads it: the fast reading agrees with
    /// serde_json's list (each item's points, a repeat or an unknown item refused), or
    /// leaves the text to it.
    #[test]
    fn plain_string_arrays_are_read_as_json_reads_them() {
        use proptest::prelude::*;
        let items = ["dip", "sop", "lap", "sk", "web"];
        let value = |c: &str| items.iter().position(|i| *i == c).map(|i| (i, 1i64 << i));
        let token = prop_oneof![
            Just("\"dip\"".to_string()),
            Just("\"sop\"".to_string()),
            Just("\"web\"".to_string()),
            Just("\"nope\"".to_string()),
            Just("\"d\\u0069p\"".to_string()),
            Just("\"a\tb\"".to_string()),
            Just(",".to_string()),
            Just(" ".to_string()),
            Just("\n".to_string()),
            Just("[".to_string()),
            Just("]".to_string()),
            Just("1".to_string()),
        ];
        let text = proptest::collection::vec(token, 0..8).prop_map(|t| t.concat());
        let texts = (text.clone(), text).prop_map(|(a, b)| format!("[{a}]{b}"));
        proptest!(|(text in texts)| {
            let serde = serde_json::from_str::<Vec<String>>(&text).ok().map(|chosen| {
                let mut sum = 0i64;
                for (k, c) in chosen.iter().enumerate() {
                    if chosen.get(..k).is_some_and(|before| before.contains(c)) {
                        return None;
                    }
                    sum += value(c)?.1;
                }
                Some(sum)
            });
            if let Some(fast) = super::plain_strings(&text, value) {
                prop_assert_eq!(Some(fast), serde, "{}", text);
            }
        });
        assert_eq!(
            super::plain_strings(r#" [ "dip" ,"web"] "#, value),
            Some(Some(17))
        );
        assert_eq!(super::plain_strings(r#"["dip","dip"]"#, value), Some(None));
        assert_eq!(super::plain_strings(r#"["dip",]"#, value), None);
        assert_eq!(super::plain_strings(r#"["d\u0069p"]"#, value), None);
        assert_eq!(super::plain_string(r#""78.1""#), Some("78.1"));
        assert_eq!(super::plain_string("\"7\t8\""), None);
    }
}
