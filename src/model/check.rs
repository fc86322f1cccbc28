//! Submissions, agencies, verification entries and stage scores checked against an
//! instrument and within the [`Limits`](crate::Limits): what makes a read value one
//! that can be scored. Every problem is returned, each with its path.

use std::collections::{BTreeMap, BTreeSet};

use rust_decimal::Decimal;

use crate::model::instrument::{Instrument, Question, QuestionKind};
use crate::model::limits::Limits;
use crate::model::submission::{Agency, AnswerValue, Submission};
use crate::model::verification::{Ruling, StageScore, Verification};
use crate::text::decode::child;
use crate::text::problem::{Problem, ProblemKind, Report};

impl Instrument {
    /// Checks a submission against this instrument: the instrument id, the
    /// agency's category, and every answer's question, type, option, range and N/A.
    /// Returns every problem found.
    pub fn check_submission(&self, submission: &Submission) -> Report {
        let questions: BTreeMap<&str, &Question> =
            self.iter_questions().map(|q| (q.id.as_str(), q)).collect();
        self.check_submission_with(submission, &Limits::default(), |id| {
            questions.get(id).copied()
        })
    }

    /// [`Instrument::check_submission`] with the questions looked up by `question`
    /// (called once per answer, in the answers' order), so that a compiled plan need not
    /// index them again for every submission.
    pub(crate) fn check_submission_with<'q>(
        &self,
        submission: &Submission,
        limits: &Limits,
        mut question: impl FnMut(&str) -> Option<&'q Question>,
    ) -> Report {
        let mut report = limits.check_submission(submission);
        // Every sentence in English and Indonesian.
        let push = |report: &mut Report, kind, path: String, (en, id): (String, String)| {
            report.push(Problem::new(kind, path, en).with_indonesian(id));
        };
        if submission.instrument != self.id {
            push(
                &mut report,
                ProblemKind::WrongInstrument,
                "/instrument".into(),
                (
                    format!(
                        "expected the instrument `{}`, found `{}`",
                        self.id, submission.instrument
                    ),
                    format!(
                        "seharusnya instrumen `{}`, ternyata `{}`",
                        self.id, submission.instrument
                    ),
                ),
            );
        }
        let agency_problems = self.check_agency_within(&submission.agency, "/agency", limits);
        let known_category = agency_problems.is_empty();
        let category = submission.agency.category.as_deref();
        for p in agency_problems {
            report.push(p);
        }
        for (id, answer) in &submission.answers {
            // Built only for a problem: most answers have none.
            let path = || child("/answers", id);
            let Some(question) = question(id.as_str()) else {
                push(
                    &mut report,
                    ProblemKind::UnknownReference,
                    path(),
                    (
                        format!(
                            "expected an answer to a question of `{}`, found one to `{id}`, which it does not have",
                            self.id
                        ),
                        format!(
                            "seharusnya jawaban atas pertanyaan instrumen `{}`, ternyata ada jawaban untuk `{id}`, yang tidak ada di instrumen",
                            self.id
                        ),
                    ),
                );
                continue;
            };
            if known_category && !question.applies_to(category) {
                push(
                    &mut report,
                    ProblemKind::InvalidValue,
                    path(),
                    (
                        format!(
                            "expected no answer to `{id}`, which does not apply to {}, found one",
                            category.map_or("bodies of no category".to_owned(), |c| format!(
                                "category `{c}`"
                            ))
                        ),
                        format!(
                            "seharusnya `{id}` tidak dijawab karena tidak berlaku untuk {}, ternyata dijawab",
                            category.map_or("badan publik tanpa kategori".to_owned(), |c| format!(
                                "kategori `{c}`"
                            ))
                        ),
                    ),
                );
                continue;
            }
            if answer.na && !question.allow_na {
                push(
                    &mut report,
                    ProblemKind::InvalidValue,
                    child(&path(), "na"),
                    (
                        format!(
                            "expected an answer to `{id}`, which does not allow \"not applicable\", found `\"na\": true`"
                        ),
                        format!(
                            "seharusnya `{id}` dijawab karena tidak boleh \"tidak berlaku\" (NA), ternyata NA"
                        ),
                    ),
                );
            }
            if let Some(value) = &answer.value
                && let Err((kind, message)) = check_value(question, value)
            {
                push(&mut report, kind, child(&path(), "value"), message);
            }
            // Evidence on a question that takes none is not an error: the
            // scorer ignores it and says so in the results' warnings.
        }
        report
    }
}

impl Instrument {
    /// Checks an agency against this instrument: its category must be one of the
    /// instrument's. `path` is the agency's JSON pointer.
    pub fn check_agency(&self, agency: &Agency, path: &str) -> Report {
        self.check_agency_within(agency, path, &Limits::default())
    }

    /// [`Instrument::check_agency`] within `limits` (a plan's or a batch's).
    pub(crate) fn check_agency_within(
        &self,
        agency: &Agency,
        path: &str,
        limits: &Limits,
    ) -> Report {
        let mut report = limits.check_agency(agency, path);
        let known = || -> String {
            let known: Vec<String> = self
                .categories
                .iter()
                .map(|c| format!("`{}`", c.id))
                .collect();
            known.join(", ")
        };
        let path = child(path, "category");
        match &agency.category {
            Some(category) if self.categories.is_empty() => report.push(
                Problem::new(
                    ProblemKind::UnknownReference,
                    path,
                    format!(
                        "expected no category (the instrument `{}` declares none), found `{category}`",
                        self.id
                    ),
                )
                .with_indonesian(format!(
                    "seharusnya tanpa kategori (instrumen `{}` tidak memilikinya), ternyata `{category}`",
                    self.id
                )),
            ),
            Some(category) if self.category(category).is_none() => {
                report.push(
                    Problem::new(
                        ProblemKind::UnknownReference,
                        path,
                        format!(
                            "expected a category of the instrument ({}), found `{category}`",
                            known()
                        ),
                    )
                    .with_indonesian(format!(
                        "seharusnya salah satu kategori instrumen ({}), ternyata `{category}`",
                        known()
                    )),
                );
            }
            None if !self.categories.is_empty() => report.push(
                Problem::new(
                    ProblemKind::MissingField,
                    path,
                    format!(
                        "expected the key `category` (one of {}), found none",
                        known()
                    ),
                )
                .with_indonesian(format!(
                    "seharusnya ada kategori (salah satu dari {}), ternyata kosong",
                    known()
                )),
            ),
            _ => {}
        }
        report
    }
}

/// Checks one answer value against its question; the message (English, Indonesian)
/// says what was expected.
fn check_value(
    question: &Question,
    value: &AnswerValue,
) -> Result<(), (ProblemKind, (String, String))> {
    let wrong = |expected: &str, diharapkan: &str| {
        Err((
            ProblemKind::WrongType,
            (
                format!(
                    "expected {expected} for a {} question, found {}",
                    question.kind.name(),
                    value.describe()
                ),
                format!(
                    "seharusnya {diharapkan} untuk pertanyaan jenis {}, ternyata {}",
                    question.kind.name(),
                    value.describe_id()
                ),
            ),
        ))
    };
    let invalid = |message: (String, String)| Err((ProblemKind::InvalidValue, message));
    match &question.kind {
        QuestionKind::YesNo => match value {
            AnswerValue::Bool(_) => Ok(()),
            _ => wrong("true or false", "ya atau tidak"),
        },
        QuestionKind::Choice { options } => match value {
            AnswerValue::Text(s) if options.iter().any(|o| &o.id == s) => Ok(()),
            AnswerValue::Text(s) => {
                let known = ids(options.iter().map(|o| o.id.as_str()));
                invalid((
                    format!("expected one of the options {known}, found `{s}`"),
                    format!(
                        "seharusnya salah satu pilihan {known} (atau labelnya), ternyata `{s}`"
                    ),
                ))
            }
            _ => wrong("an option id", "kode pilihan"),
        },
        QuestionKind::Checklist { items } => match value {
            AnswerValue::List(chosen) => {
                for (k, c) in chosen.iter().enumerate() {
                    if !items.iter().any(|i| &i.id == c) {
                        let known = ids(items.iter().map(|i| i.id.as_str()));
                        return invalid((
                            format!("expected item ids among {known}, found `{c}`"),
                            format!(
                                "seharusnya butir di antara {known} (atau labelnya), ternyata `{c}`"
                            ),
                        ));
                    }
                    // A checklist is short: a scan beats a set.
                    if chosen.get(..k).is_some_and(|before| before.contains(c)) {
                        return invalid((
                            format!("expected each item once, found `{c}` again"),
                            format!("seharusnya setiap butir sekali, ternyata `{c}` dua kali"),
                        ));
                    }
                }
                Ok(())
            }
            _ => wrong("a list of item ids", "daftar kode butir"),
        },
        QuestionKind::Number { min, max, bands } => {
            let Some(n) = value.as_decimal() else {
                return wrong("a number", "angka");
            };
            in_range(n, *min, *max).or_else(invalid)?;
            if crate::model::instrument::Band::find(bands, n).is_none() {
                return invalid((
                    format!(
                        "expected a number that falls in one of the question's bands, found {n}"
                    ),
                    format!(
                        "seharusnya angka yang masuk salah satu rentang pertanyaan, ternyata {n}"
                    ),
                ));
            }
            Ok(())
        }
        QuestionKind::Scale { min, max } => {
            let Some(n) = value.as_decimal() else {
                return wrong("a whole number", "bilangan bulat");
            };
            if !n.fract().is_zero() {
                return invalid((
                    format!("expected a whole number from {min} to {max}, found {n}"),
                    format!("seharusnya bilangan bulat {min} sampai {max}, ternyata {n}"),
                ));
            }
            in_range(n, Some(Decimal::from(*min)), Some(Decimal::from(*max))).or_else(invalid)
        }
        QuestionKind::Rating => {
            let Some(n) = value.as_decimal() else {
                return wrong("a number from 0 to 100", "angka 0 sampai 100");
            };
            in_range(n, Some(Decimal::ZERO), Some(Decimal::ONE_HUNDRED)).or_else(invalid)
        }
        QuestionKind::Text => match value {
            AnswerValue::Text(_) => Ok(()),
            _ => wrong("a string", "teks"),
        },
    }
}

fn in_range(
    n: Decimal,
    min: Option<Decimal>,
    max: Option<Decimal>,
) -> Result<(), (String, String)> {
    let low = min.is_some_and(|m| n < m);
    let high = max.is_some_and(|m| n > m);
    if low || high {
        let (range, rentang) = match (min, max) {
            (Some(a), Some(b)) => (format!("from {a} to {b}"), format!("{a} sampai {b}")),
            (Some(a), None) => (format!("of at least {a}"), format!("paling kecil {a}")),
            (None, Some(b)) => (format!("of at most {b}"), format!("paling besar {b}")),
            (None, None) => (String::new(), String::new()),
        };
        return Err((
            format!("expected a number {range}, found {n}"),
            format!("seharusnya angka {rentang}, ternyata {n}"),
        ));
    }
    Ok(())
}

fn ids<'a>(ids: impl Iterator<Item = &'a str>) -> String {
    ids.map(|i| format!("`{i}`")).collect::<Vec<_>>().join(", ")
}

impl Instrument {
    /// Checks one verification entry against this instrument: known questions, one
    /// decision per question, scores within 0–100. Paths are inside the entry.
    pub fn check_verification(&self, entry: &Verification) -> Report {
        self.check_verification_within(entry, &Limits::default())
    }

    /// [`Instrument::check_verification`] within `limits` (a plan's or a batch's).
    pub(crate) fn check_verification_within(
        &self,
        entry: &Verification,
        limits: &Limits,
    ) -> Report {
        let mut report = limits.check_verification(entry);
        let mut questions = BTreeSet::new();
        // A few decisions (the usual entry) are each looked for among the questions; more
        // are checked against the instrument's ids gathered once: an entry costs at most
        // 8 × questions, or questions + decisions, never their product.
        let few = entry.decisions.len() <= 8;
        let known: std::collections::HashSet<&str> = if few {
            std::collections::HashSet::new()
        } else {
            self.iter_questions().map(|q| q.id.as_str()).collect()
        };
        let is_known = |id: &str| match few {
            true => self.iter_questions().any(|q| q.id == id),
            false => known.contains(id),
        };
        for (k, decision) in entry.decisions.iter().enumerate() {
            let dpath = format!("/decisions/{k}");
            if !is_known(decision.question.as_str()) {
                report.push(
                    Problem::new(
                        ProblemKind::UnknownReference,
                        child(&dpath, "question"),
                        format!(
                            "expected a question of `{}`, found `{}`",
                            self.id, decision.question
                        ),
                    )
                    .with_indonesian(format!(
                        "seharusnya pertanyaan dari `{}`, ternyata `{}`",
                        self.id, decision.question
                    )),
                );
            }
            if !questions.insert(decision.question.as_str()) {
                report.push(
                    Problem::new(
                        ProblemKind::DuplicateId,
                        child(&dpath, "question"),
                        format!(
                            "expected one decision per question, found `{}` again",
                            decision.question
                        ),
                    )
                    .with_indonesian(format!(
                        "seharusnya satu keputusan per pertanyaan, ternyata `{}` ada lagi",
                        decision.question
                    )),
                );
            }
            if let Ruling::Score(s) = decision.ruling
                && (s < Decimal::ZERO || s > Decimal::ONE_HUNDRED)
            {
                report.push(
                    Problem::new(
                        ProblemKind::InvalidValue,
                        child(&dpath, "score"),
                        format!("expected a score from 0 to 100, found {s}"),
                    )
                    .with_indonesian(format!(
                        "seharusnya nilai 0 sampai 100, ternyata {}",
                        s.to_string().replace('.', ",")
                    )),
                );
            }
        }
        report
    }

    /// Checks one stage score against this instrument: a known stage other than the
    /// questionnaire stage, and scores within 0–100. Paths are inside the entry.
    pub fn check_stage_score(&self, entry: &StageScore) -> Report {
        self.check_stage_score_within(entry, &Limits::default())
    }

    /// [`Instrument::check_stage_score`] within `limits` (a plan's or a batch's).
    pub(crate) fn check_stage_score_within(&self, entry: &StageScore, limits: &Limits) -> Report {
        let mut report = limits.check_stage_score(entry);
        match self.stage(&entry.stage) {
            None => {
                let known: Vec<String> = self
                    .stages
                    .iter()
                    .filter(|s| !s.questionnaire)
                    .map(|s| format!("`{}`", s.id))
                    .collect();
                report.push(
                    Problem::new(
                        ProblemKind::UnknownReference,
                        "/stage",
                        format!(
                            "expected a stage of the instrument ({}), found `{}`",
                            known.join(", "),
                            entry.stage
                        ),
                    )
                    .with_indonesian(format!(
                        "seharusnya salah satu tahap instrumen ({}), ternyata `{}`",
                        known.join(", "),
                        entry.stage
                    )),
                );
            }
            Some(stage) if stage.questionnaire => report.push(
                Problem::new(
                    ProblemKind::InvalidValue,
                    "/stage",
                    format!(
                        "expected a stage scored by judges, found `{}`, which is scored from the questionnaire",
                        entry.stage
                    ),
                )
                .with_indonesian(format!(
                    "seharusnya tahap yang dinilai juri, ternyata `{}`, yang dinilai dari kuesioner",
                    entry.stage
                )),
            ),
            Some(stage) => report.extend(check_parts(stage, entry)),
        }
        // An entry in parts is checked part by part (above); its sum is within 0–100.
        if !entry.parts.is_empty() {
            return report;
        }
        let single = entry.scores.len() == 1;
        for (k, s) in entry.scores.iter().enumerate() {
            if *s < Decimal::ZERO || *s > Decimal::ONE_HUNDRED {
                let at = if single {
                    "/score".to_owned()
                } else {
                    format!("/scores/{k}")
                };
                report.push(
                    Problem::new(
                        ProblemKind::InvalidValue,
                        at,
                        format!("expected a score from 0 to 100, found {s}"),
                    )
                    .with_indonesian(format!("seharusnya nilai 0 sampai 100, ternyata {s}")),
                );
            }
        }
        report
    }
}

/// An entry for a stage scored in parts gives every part, each known and from 0 to its
/// `max`; an entry for a stage scored as one number gives no parts.
fn check_parts(stage: &crate::model::instrument::Stage, entry: &StageScore) -> Report {
    let mut report = Report::new();
    let names = || {
        (stage.parts.iter())
            .map(|p| format!("`{}`", p.id))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match (stage.parts.is_empty(), entry.parts.is_empty()) {
        (true, true) => {}
        (true, false) => report.push(
            Problem::new(
                ProblemKind::InvalidValue,
                "/parts",
                format!(
                    "expected a `score` for `{}`, which is not scored in parts, found parts",
                    stage.id
                ),
            )
            .with_indonesian(format!(
                "seharusnya `score` untuk `{}`, yang tidak dinilai per bagian, ternyata ada bagian",
                stage.id
            )),
        ),
        (false, true) => report.push(
            Problem::new(
                ProblemKind::MissingField,
                "/parts",
                format!(
                    "expected the parts of `{}` ({}), found a single score",
                    stage.id,
                    names()
                ),
            )
            .with_indonesian(format!(
                "seharusnya bagian-bagian nilai `{}` ({}), ternyata satu nilai",
                stage.id,
                names()
            )),
        ),
        (false, false) => {
            for (id, value) in &entry.parts {
                let at = format!("/parts/{id}");
                match stage.parts.iter().find(|p| p.id == *id) {
                    None => report.push(
                        Problem::new(
                            ProblemKind::UnknownReference,
                            at,
                            format!(
                                "expected a part of `{}` ({}), found `{id}`",
                                stage.id,
                                names()
                            ),
                        )
                        .with_indonesian(format!(
                            "seharusnya bagian dari `{}` ({}), ternyata `{id}`",
                            stage.id,
                            names()
                        )),
                    ),
                    Some(part) if *value < Decimal::ZERO || *value > part.max => report.push(
                        Problem::new(
                            ProblemKind::InvalidValue,
                            at,
                            format!("expected `{id}` from 0 to {}, found {value}", part.max),
                        )
                        .with_indonesian(format!(
                            "seharusnya `{id}` 0 sampai {}, ternyata {value}",
                            part.max.to_string().replace('.', ","),
                        )),
                    ),
                    Some(_) => {}
                }
            }
            for part in &stage.parts {
                if !entry.parts.iter().any(|(id, _)| *id == part.id) {
                    report.push(
                        Problem::new(
                            ProblemKind::MissingField,
                            "/parts",
                            format!(
                                "expected every part of `{}`, found none for `{}`",
                                stage.id, part.id
                            ),
                        )
                        .with_indonesian(format!(
                            "seharusnya semua bagian `{}`, ternyata `{}` tidak ada",
                            stage.id, part.id
                        )),
                    );
                }
            }
        }
    }
    report
}
