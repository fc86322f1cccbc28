//! Scoring one body: question scores, raters, verification and the
//! evidence rule, indicators, stages and gates, the final score and its qualification.
//!
//! Everything is computed with exact fractions ([`Ratio`]) and rounded once, at the end,
//! half away from zero.

use crate::model::id::CategoryId;
use crate::score::card::{Body, Diagnostics, IndicatorResult, Score, Scorecard, StageResult};
use crate::score::sheet::{Answered, QuestionScores, Sheet, Take, push_take, take_before_value};

use rust_decimal::Decimal;

use crate::model::id::QuestionId;
use crate::model::submission::{Agency, Answer, Submission};
use crate::model::verification::{Ruling, StageScore, Verification};
use crate::score::plan::{Plan, Rule};
use crate::score::ratio::{Ratio, exact, overflow};
use crate::score::when::{self, Asked, applies};
use crate::text::problem::{Problem, ProblemKind, Report};

impl Plan {
    /// Scores made-up bodies — one per category, every question answered in full, every
    /// other stage at 100 — on both paths (integer and exact fractions), so that an
    /// instrument whose weights exceed exact arithmetic is refused when it is planned
    /// (and by `kip validate`), not found out body by body when every one is rejected.
    pub(crate) fn check_arithmetic(&self) -> Result<(), Problem> {
        let categories: Vec<Option<CategoryId>> = if self.instrument.categories.is_empty() {
            vec![None]
        } else {
            self.instrument
                .categories
                .iter()
                .map(|c| Some(c.id.clone()))
                .collect()
        };
        for category in categories {
            let agency = Agency {
                id: "check".to_owned(),
                name: "check".to_owned(),
                category,
                region: None,
            };
            let sheet = self.full_sheet(agency)?;
            let stage_scores: Vec<StageScore> = self
                .stages
                .iter()
                .filter(|stage| !stage.questionnaire)
                .map(|stage| StageScore {
                    agency: sheet.agency.id.clone(),
                    stage: stage.id.to_string(),
                    scores: vec![Decimal::ONE_HUNDRED],
                    parts: Vec::new(),
                })
                .collect();
            let stages: Vec<&StageScore> = stage_scores.iter().collect();
            let fast = self.compute(&[&sheet], None, &stages, &sheet.agency).err();
            let exact_path = self
                .general_parts(&[&sheet], None, &mut Diagnostics::default())
                .err();
            // Only arithmetic counts: a made-up body may well fail a gate.
            if let Some(problem) = fast
                .into_iter()
                .chain(exact_path)
                .find(|p| p.kind == ProblemKind::Arithmetic)
            {
                return Err(problem);
            }
        }
        Ok(())
    }

    /// A sheet answering every question that applies to `agency` with its full score.
    fn full_sheet(&self, agency: Agency) -> Result<Sheet, Problem> {
        let mut takes = Vec::with_capacity(self.questions.len());
        let mut exact_scores = Vec::new();
        for question in &self.questions {
            let take = if matches!(question.rule, Rule::Text)
                || !applies(&question.categories, agency.category.as_deref())
            {
                Take::LeftOut
            } else {
                Take::Answered {
                    numer: i32::try_from(question.denom).map_err(|_| overflow())?,
                    evidence_missing: false,
                }
            };
            push_take(&mut takes, &mut exact_scores, take, question.denom).ok_or_else(overflow)?;
        }
        Ok(Sheet::new(
            agency,
            None,
            None,
            takes,
            exact_scores,
            Vec::new(),
        ))
    }
    /// Scores one body: checks its inputs against the instrument, combines its
    /// raters, applies the verifier's decisions and the evidence rule, aggregates the
    /// indicators, scores the stages through their gates, and rounds once.
    ///
    /// Any problem in the inputs — an invalid answer, raters that disagree on the body,
    /// a stage score for a stage the body was gated out of, a missing answer in strict
    /// mode — is returned, every one of them, and no score is produced.
    pub fn score(&self, body: &Body<'_>) -> Result<Scorecard, Report> {
        if body.submissions.is_empty() {
            return Err(Report::from(Problem::new(
                ProblemKind::MissingField,
                "",
                "expected at least one submission for the body, found none",
            )));
        }
        let several = body.submissions.len() > 1;
        let mut report = Report::new();
        let mut sheets = Vec::with_capacity(body.submissions.len());
        for submission in &body.submissions {
            match self.sheet(submission) {
                Ok(sheet) => sheets.push(sheet),
                Err(problems) => {
                    let who = rater_label(submission.rater.as_deref(), several);
                    for mut p in problems {
                        p.message = format!("{who}{}", p.message);
                        report.push(p);
                    }
                }
            }
        }
        if !report.is_empty() {
            return Err(report);
        }
        let sheets: Vec<&Sheet> = sheets.iter().collect();
        self.score_sheets(&sheets, body.verification, &body.stage_scores)
    }

    /// Checks one submission against the instrument and reduces it to a [`Sheet`].
    pub(crate) fn sheet(&self, submission: &Submission) -> Result<Sheet, Report> {
        let (answers, matched) = self.answers_in_order(submission);
        let mut matched = matched.into_iter();
        let report = self
            .instrument
            .check_submission_with(submission, &self.limits, |_| {
                matched
                    .next()
                    .flatten()
                    .and_then(|k| self.question_defs.get(k))
            });
        if !report.is_empty() {
            return Err(report);
        }
        let category = submission.agency.category.as_deref();
        let n = self.questions.len();
        // The answer each question was asked with, for the `when`s that look at it.
        let mut asked: Vec<Asked> = Vec::with_capacity(n);
        let mut takes = Vec::with_capacity(n);
        let mut exact_scores = Vec::new();
        let mut evidence_ignored = Vec::new();
        for (k, (question, answer)) in self.questions.iter().zip(answers).enumerate() {
            if question.evidence_none && answer.is_some_and(|a| !a.evidence.is_empty()) {
                evidence_ignored.push(u32::try_from(k).unwrap_or(u32::MAX));
            }
            let applies = applies(&question.categories, category);
            let open = applies && when::holds(question.when.as_ref(), &asked);
            let value = answer
                .filter(|a| open && !a.na)
                .and_then(|a| a.value.as_ref());
            asked.push(Asked::of(value));
            let answered = match answer {
                Some(a) if a.na => Answered::NotApplicable,
                Some(a) if a.value.is_some() => Answered::Value,
                _ => Answered::No,
            };
            let before = take_before_value(question, applies, open, answered);
            let take = match (before, answer.zip(value)) {
                (Some(take), _) => take,
                (None, Some((a, value))) => {
                    let evidence_missing = question.evidence_required && a.evidence.is_empty();
                    let numer = question.rule.numer(&question.table, value);
                    match numer.and_then(|n| i32::try_from(n).ok()) {
                        Some(numer) => Take::Answered {
                            numer,
                            evidence_missing,
                        },
                        None => {
                            let score = question.rule.score(value).map_err(|message| {
                                Report::from(Problem::new(
                                    ProblemKind::InvalidValue,
                                    format!("/answers/{}/value", question.id),
                                    message,
                                ))
                            })?;
                            let index = u32::try_from(exact_scores.len()).unwrap_or(u32::MAX);
                            exact_scores.push(score);
                            Take::Exact {
                                index,
                                evidence_missing,
                            }
                        }
                    }
                }
                (None, None) => Take::Missing,
            };
            push_take(&mut takes, &mut exact_scores, take, question.denom).ok_or_else(|| {
                Report::from(Problem::new(
                    ProblemKind::InvalidValue,
                    format!("/answers/{}", question.id),
                    "expected at most 268 million exact scores in one submission, found more",
                ))
            })?;
        }
        let mut agency = submission.agency.clone();
        self.share_category(&mut agency);
        Ok(Sheet::new(
            agency,
            submission.rater.clone(),
            submission.rater_group.clone(),
            takes,
            exact_scores,
            evidence_ignored,
        )
        .sent_at(submission.submitted_at.clone()))
    }

    /// Each question's answer, in the plan's order, and each answer's question (in the
    /// answers' order): one merge of the answers (sorted by id) with the questions
    /// sorted by id, instead of a lookup per question.
    #[allow(clippy::type_complexity)]
    fn answers_in_order<'s>(
        &self,
        submission: &'s Submission,
    ) -> (Vec<Option<&'s Answer>>, Vec<Option<usize>>) {
        let mut slots: Vec<Option<&Answer>> = vec![None; self.questions.len()];
        let mut matched = Vec::with_capacity(submission.answers.len());
        let mut questions = self.question_index.iter().peekable();
        for (id, answer) in &submission.answers {
            while questions
                .next_if(|(q, _)| q.as_str() < id.as_str())
                .is_some()
            {}
            match questions.next_if(|(q, _)| *q == id) {
                Some((_, &k)) => {
                    if let Some(slot) = slots.get_mut(k) {
                        *slot = Some(answer);
                    }
                    matched.push(Some(k));
                }
                None => matched.push(None),
            }
        }
        (slots, matched)
    }

    /// Scores one body from its raters' sheets, its verification and stage scores, its
    /// gates settled alone ([`Plan::settle_alone`]: a rank gate as published).
    pub(crate) fn score_sheets(
        &self,
        sheets: &[&Sheet],
        verification: Option<&Verification>,
        stage_scores: &[&StageScore],
    ) -> Result<Scorecard, Report> {
        let mut card = self.score_sheets_unsettled(sheets, verification, stage_scores)?;
        match self.settle_alone(&mut card) {
            Some(problem) => Err(Report::from(problem)),
            None => Ok(card),
        }
    }

    /// [`Plan::score_sheets`] with every stage score as given and no gate applied: a
    /// batch settles its gates over all its bodies at once ([`Plan::settle_gates`]).
    pub(crate) fn score_sheets_unsettled(
        &self,
        sheets: &[&Sheet],
        verification: Option<&Verification>,
        stage_scores: &[&StageScore],
    ) -> Result<Scorecard, Report> {
        let agency = self.check_body(sheets, verification, stage_scores)?;
        let mut card = self
            .compute(sheets, verification, stage_scores, agency)
            .map_err(Report::from)?;
        card.diagnostics.evidence_ignored = self.evidence_ignored(sheets);
        Ok(card)
    }

    /// The questions that take no evidence but were given some by any rater, in the
    /// plan's order.
    fn evidence_ignored(&self, sheets: &[&Sheet]) -> Vec<QuestionId> {
        let mut ignored: Vec<u32> = sheets
            .iter()
            .flat_map(|s| s.evidence_ignored().iter().copied())
            .collect();
        if ignored.is_empty() {
            return Vec::new();
        }
        ignored.sort_unstable();
        ignored.dedup();
        ignored
            .into_iter()
            .filter_map(|k| self.questions.get(k as usize).map(|q| q.shared_id.clone()))
            .collect()
    }

    fn check_body<'s>(
        &self,
        sheets: &'s [&Sheet],
        verification: Option<&Verification>,
        stage_scores: &[&StageScore],
    ) -> Result<&'s Agency, Report> {
        let Some(first) = sheets.first() else {
            return Err(Report::from(Problem::new(
                ProblemKind::MissingField,
                "",
                "expected at least one submission for the body, found none",
            )));
        };
        let agency = &first.agency;
        let several = sheets.len() > 1;
        let mut report = Report::new();
        let mut raters = std::collections::BTreeSet::new();
        // One sheet (nearly every body) agrees with itself: nothing to compare.
        for sheet in sheets.iter().filter(|_| several) {
            let who = rater_label(sheet.rater(), several);
            if sheet.agency != *agency {
                report.push(Problem::new(
                    ProblemKind::Inconsistent,
                    "/agency",
                    format!(
                        "{who}expected the agency as the other raters give it ({}), found {}",
                        describe_agency(agency),
                        describe_agency(&sheet.agency)
                    ),
                ));
            }
            if !raters.insert(sheet.rater()) {
                report.push(Problem::new(
                    ProblemKind::DuplicateSubmission,
                    "/rater",
                    format!("{who}expected one submission per rater, found another one"),
                ));
            }
        }
        if let Some(v) = verification {
            if v.agency != agency.id {
                report.push(other_agency("verification", &v.agency, &agency.id));
            }
            report.extend(self.instrument.check_verification(v));
            report.extend(self.check_decisions(v, agency));
        }
        for entry in stage_scores {
            if entry.agency != agency.id {
                report.push(other_agency("stage score", &entry.agency, &agency.id));
            }
            report.extend(self.instrument.check_stage_score(entry));
        }
        report.into_result(agency)
    }

    fn compute(
        &self,
        sheets: &[&Sheet],
        verification: Option<&Verification>,
        stage_scores: &[&StageScore],
        agency: &Agency,
    ) -> Result<Scorecard, Problem> {
        let decimals = self.instrument.decimals;
        let mut diagnostics = Diagnostics::default();
        let has_decisions = verification.is_some_and(|v| !v.decisions.is_empty());
        let fast = self.fast_parts(
            sheets,
            has_decisions,
            agency.category.as_deref(),
            &mut diagnostics,
        );
        let (indicator_scores, lost, questionnaire, self_assessed) = match fast {
            Some(parts) => {
                let p = parts?;
                (p.indicators, p.lost, p.questionnaire, p.self_assessed)
            }
            None => self.general_parts(sheets, verification, &mut diagnostics)?,
        };
        self.check_strict(&diagnostics)?;
        diagnostics.rater_groups = self.group_means(sheets, verification)?;
        let stage_scores_given = stage_scores;
        let stage_scores = self.stage_scores(stage_scores, questionnaire)?;
        let final_exact = self.final_score(&stage_scores)?;
        let final_score = Score::new(final_exact, decimals)?;
        let qualification = self.qualification(final_score.rounded())?;
        let round = |x: Option<Ratio>| x.map(|r| Score::new(r, decimals)).transpose();
        let mut indicators = Vec::with_capacity(self.indicators.len());
        for ((planned, score), lost) in self.indicators.iter().zip(indicator_scores).zip(lost) {
            indicators.push(IndicatorResult {
                id: planned.id.clone(),
                top_level: planned.top_level,
                score,
                points_lost: lost,
            });
        }
        let mut stages = Vec::with_capacity(self.stages.len());
        let mut stage_parts = Vec::new();
        for (planned, score) in self.stages.iter().zip(&stage_scores) {
            stages.push(StageResult {
                id: planned.id.clone(),
                score: round(*score)?,
                counted_as_zero: score.is_none()
                    && planned.absent == crate::model::instrument::AbsentStage::Zero,
                passed: None,
            });
            let parts = self.stage_part_means(planned, stage_scores_given)?;
            if !parts.is_empty() {
                stage_parts.push(crate::score::card::StageParts {
                    stage: planned.id.clone(),
                    parts: (parts.into_iter())
                        .map(|(id, mean)| Ok((id, Score::new(mean, decimals)?)))
                        .collect::<Result<_, Problem>>()?,
                });
            }
        }
        Ok(Scorecard {
            agency: agency.clone(),
            raters: sheets.len(),
            final_score,
            qualification,
            rank: None,
            stages,
            stage_parts,
            indicators,
            self_assessed: Score::new(self_assessed, decimals)?,
            diagnostics,
        })
    }

    /// The general path: every question's scores as exact fractions, raters combined,
    /// decisions applied, aggregated with left-out parts rescaled at every level.
    #[allow(clippy::type_complexity)]
    pub(crate) fn general_parts(
        &self,
        sheets: &[&Sheet],
        verification: Option<&Verification>,
        diagnostics: &mut Diagnostics,
    ) -> Result<(Vec<Option<Score>>, Vec<Option<Score>>, Ratio, Ratio), Problem> {
        let decimals = self.instrument.decimals;
        let questions = self.question_scores(sheets, verification, diagnostics)?;
        let self_scores: Vec<Option<Ratio>> = questions.iter().map(|q| q.self_assessed).collect();
        let verified_scores: Vec<Option<Ratio>> = questions.iter().map(|q| q.verified).collect();
        let (_, self_assessed) = self.aggregate(&self_scores)?;
        let (indicator_scores, questionnaire) = self.aggregate(&verified_scores)?;
        let lost = self.points_lost(&indicator_scores)?;
        let round = |x: &Option<Ratio>| x.map(|r| Score::new(r, decimals)).transpose();
        let indicators = indicator_scores
            .iter()
            .map(round)
            .collect::<Result<_, _>>()?;
        let lost = lost.iter().map(round).collect::<Result<_, _>>()?;
        Ok((indicators, lost, questionnaire, self_assessed))
    }

    /// Each rater group's questionnaire score, from its raters alone.
    fn group_means(
        &self,
        sheets: &[&Sheet],
        verification: Option<&Verification>,
    ) -> Result<Vec<(String, Score)>, Problem> {
        let mut groups: std::collections::BTreeMap<&str, Vec<&Sheet>> = Default::default();
        for sheet in sheets {
            if let Some(group) = sheet.rater_group() {
                groups.entry(group).or_default().push(sheet);
            }
        }
        let decimals = self.instrument.decimals;
        let mut means = Vec::with_capacity(groups.len());
        for (group, members) in groups {
            let mut scratch = Diagnostics::default();
            let (_, _, questionnaire, _) =
                self.general_parts(&members, verification, &mut scratch)?;
            means.push((group.to_owned(), Score::new(questionnaire, decimals)?));
        }
        Ok(means)
    }

    /// In strict mode a missing answer is an error.
    fn check_strict(&self, diagnostics: &Diagnostics) -> Result<(), Problem> {
        match diagnostics.missing.first() {
            Some(first) if self.strict => Err(Problem::new(
                ProblemKind::MissingAnswer,
                format!("/answers/{first}"),
                format!(
                    "expected an answer to every question asked (strict mode), found {} unanswered: {}",
                    diagnostics.missing.len(),
                    diagnostics
                        .missing
                        .iter()
                        .map(QuestionId::as_str)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )),
            _ => Ok(()),
        }
    }

    /// Every question's self-assessed and verified score, raters combined, filling the
    /// question lists of the diagnostics.
    pub(crate) fn question_scores(
        &self,
        sheets: &[&Sheet],
        verification: Option<&Verification>,
        diagnostics: &mut Diagnostics,
    ) -> Result<Vec<QuestionScores>, Problem> {
        let decisions: std::collections::BTreeMap<&str, Ruling> = verification
            .map(|v| {
                v.decisions
                    .iter()
                    .map(|d| (d.question.as_str(), d.ruling))
                    .collect()
            })
            .unwrap_or_default();
        // The later rounds' changes, by question (few a body: the masa sanggah's).
        let mut revisions: std::collections::BTreeMap<
            &str,
            Vec<&crate::model::verification::Revision>,
        > = std::collections::BTreeMap::new();
        for revision in verification.into_iter().flat_map(|v| &v.revisions) {
            revisions
                .entry(revision.question.as_str())
                .or_default()
                .push(revision);
        }
        let mut out = vec![QuestionScores::default(); self.questions.len()];
        for ((k, question), slot) in self.questions.iter().enumerate().zip(out.iter_mut()) {
            let mut self_sum = Ratio::ZERO;
            let mut verified_sum = Ratio::ZERO;
            let mut counted = 0i128;
            let (mut missing, mut evidence_missing) = (false, false);
            for sheet in sheets {
                let take = sheet.takes.get(k).map_or(Take::LeftOut, |c| c.take());
                let answered = match take {
                    Take::Answered {
                        numer,
                        evidence_missing,
                    } => Some((
                        exact(Ratio::new(i128::from(numer), i128::from(question.denom)))?,
                        evidence_missing,
                    )),
                    Take::Exact {
                        index,
                        evidence_missing,
                    } => Some((
                        exact(sheet.exact().get(index as usize).copied())?,
                        evidence_missing,
                    )),
                    _ => None,
                };
                match take {
                    Take::LeftOut => continue,
                    Take::Closed => {}
                    Take::Missing => missing = true,
                    Take::Answered { .. } | Take::Exact { .. } => {
                        let (score, no_evidence) = answered.unwrap_or((Ratio::ZERO, false));
                        self_sum = exact(self_sum.checked_add(score))?;
                        if no_evidence {
                            evidence_missing |= !score.is_zero();
                        } else {
                            verified_sum = exact(verified_sum.checked_add(score))?;
                        }
                    }
                }
                counted += 1;
            }
            if counted > 0 {
                let raters = Ratio::from_integer(counted);
                slot.self_assessed = Some(exact(self_sum.checked_div(raters))?);
                slot.verified = Some(exact(verified_sum.checked_div(raters))?);
            }
            // Each round's change to this question, scored: a ruling's score, the
            // self-assessed one for `accept`, the undecided one before any ruling.
            for revision in revisions.get(question.id.as_str()).into_iter().flatten() {
                let (undecided, own) = (slot.verified, slot.self_assessed);
                let score_of = |ruling: Option<Ruling>| match ruling {
                    Some(Ruling::Score(s)) => Some(Ratio::from_decimal(s)),
                    Some(Ruling::Accept) => own,
                    None => undecided,
                };
                let decimals = self.instrument.decimals;
                if let (Some(before), Some(after)) =
                    (score_of(revision.before), score_of(Some(revision.after)))
                    && before != after
                {
                    let trail = diagnostics.rounds.get_or_insert_default();
                    trail.rounds.push(crate::score::card::RoundChange {
                        round: revision.round.clone(),
                        question: question.shared_id.clone(),
                        before: Score::new(before, decimals)?,
                        after: Score::new(after, decimals)?,
                        note: revision.note.clone(),
                    });
                }
            }
            match decisions.get(question.id.as_str()) {
                Some(Ruling::Score(s)) => {
                    let s = Ratio::from_decimal(*s);
                    if slot.self_assessed != Some(s) {
                        diagnostics
                            .changed_by_verifier
                            .push(question.shared_id.clone());
                    }
                    slot.verified = Some(s);
                }
                Some(Ruling::Accept) => slot.verified = slot.self_assessed,
                None if evidence_missing => diagnostics
                    .evidence_missing
                    .push(question.shared_id.clone()),
                None => {}
            }
            if missing {
                diagnostics.missing.push(question.shared_id.clone());
            }
        }
        Ok(out)
    }

    /// A decision on a text question, or on one that does not apply to the body's
    /// category, has nothing to replace: an error, not something to drop silently.
    fn check_decisions(&self, verification: &Verification, agency: &Agency) -> Report {
        let mut report = Report::new();
        for (k, decision) in verification.decisions.iter().enumerate() {
            let question = self
                .question_index
                .get(&decision.question)
                .and_then(|&i| self.questions.get(i));
            if let Some(q) = question
                && matches!(q.rule, Rule::Text)
            {
                report.push(Problem::new(
                    ProblemKind::InvalidValue,
                    format!("/decisions/{k}/question"),
                    format!(
                        "expected the verification's decisions on scored questions, found one on `{}`, a text question, which is never scored",
                        q.id
                    ),
                )
                .with_indonesian(format!(
                    "seharusnya keputusan verifikasi hanya untuk pertanyaan yang dinilai, ternyata ada untuk `{}`, pertanyaan isian teks yang tidak pernah dinilai",
                    q.id
                )));
            } else if let Some(q) = question
                && !applies(&q.categories, agency.category.as_deref())
            {
                report.push(Problem::new(
                    ProblemKind::InvalidValue,
                    format!("/decisions/{k}/question"),
                    format!(
                        "expected the verification's decisions on questions that apply to category `{}`, found one on `{}`, which does not",
                        agency.category.as_deref().unwrap_or("(none)"), q.id
                    ),
                )
                .with_indonesian(format!(
                    "seharusnya keputusan verifikasi hanya untuk pertanyaan yang berlaku bagi kategori `{}`, ternyata ada untuk `{}`, yang tidak berlaku",
                    agency.category.as_deref().unwrap_or("(tanpa kategori)"), q.id
                )));
            }
        }
        report
    }
}

fn rater_label(rater: Option<&str>, several: bool) -> String {
    match (rater, several) {
        (Some(r), true) => format!("rater `{r}`: "),
        (None, true) => "the submission without a rater: ".to_owned(),
        (_, false) => String::new(),
    }
}

fn describe_agency(agency: &Agency) -> String {
    format!(
        "`{}` named \"{}\" in category {} and region {}",
        agency.id,
        agency.name,
        agency
            .category
            .as_deref()
            .map_or("none".to_owned(), |c| format!("`{c}`")),
        agency
            .region
            .as_deref()
            .map_or("none".to_owned(), |r| format!("`{r}`"))
    )
}

fn other_agency(what: &str, found: &str, expected: &str) -> Problem {
    Problem::new(
        ProblemKind::Inconsistent,
        "/agency",
        format!("expected a {what} of agency `{expected}`, found one of `{found}`"),
    )
}
