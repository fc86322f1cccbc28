//! Verification in rounds (*verifikasi*, then the *masa sanggah*, when bodies contest
//! the verifiers' verdicts with new evidence, then any re-check): each file a round, a
//! body's later entry replacing its earlier decisions question by question, the changes
//! kept for the body's diagnostics (`rounds`).

use crate::batch::collect::{Batch, first_problem};
use crate::model::verification::Verification;
use crate::text::problem::{Problem, ProblemKind};

impl Batch<'_> {
    /// Adds a verification entry of the file `file`, as one round of verification
    /// (verification, then the *masa sanggah*, then any re-check: files in the order
    /// given). Its round is the entry's `round`, else `round`. A body's entry in a later
    /// file replaces its earlier decisions question by question, the changes kept
    /// ([`Verification::revisions`]); a second entry for a body in one file is a problem.
    ///
    /// ```
    /// use kip_index::{Batch, Decision, Instrument, Plan, Ruling, Verification};
    ///
    /// let instrument: Instrument =
    ///     std::fs::read_to_string("examples/monev-2025/instrument.json")?.parse()?;
    /// let plan = Plan::new(&instrument)?;
    /// let mut batch = Batch::new(&plan);
    /// let mut first = Verification::new("3601");
    /// first.decisions.push(Decision::new("JI01", Ruling::Score(0.into())));
    /// batch.add_verification_round("verifikasi", "verifikasi.json", first.clone())?;
    /// let mut appeal = Verification::new("3601");
    /// appeal.decisions.push(Decision::new("JI01", Ruling::Accept));
    /// batch.add_verification_round("sanggah", "sanggah.json", appeal)?;
    /// // One file holds one entry per body.
    /// assert!(batch.add_verification_round("verifikasi", "verifikasi.json", first).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn add_verification_round(
        &mut self,
        round: &str,
        file: &str,
        verification: Verification,
    ) -> Result<(), Problem> {
        first_problem(self.limits.check_verification(&verification))?;
        let key = (file.to_owned(), verification.agency.clone());
        if self.verification_files.contains(&key) {
            return Err(Problem::new(
                ProblemKind::DuplicateId,
                "/agency",
                format!(
                    "expected one verification entry per agency in a file, found `{}` again",
                    verification.agency
                ),
            )
            .with_indonesian(format!(
                "seharusnya satu entri verifikasi per badan publik dalam satu berkas, ternyata \
                 `{}` ada lagi",
                verification.agency
            )));
        }
        let round = verification
            .round
            .clone()
            .unwrap_or_else(|| round.to_owned());
        // One name, one round: two files naming the same round could not be told apart
        // in a body's trail.
        if let Some(other) = (self.verification_rounds.get(&round)).filter(|f| *f != file) {
            return Err(Problem::new(
                ProblemKind::DuplicateId,
                "/round",
                format!(
                    "expected each verification round once, found round `{round}` again (first in {other}): name the round in the entries (`round`) or give the file another name"
                ),
            )
            .with_indonesian(format!(
                "seharusnya setiap putaran verifikasi sekali, ternyata putaran `{round}` ada lagi (yang pertama di {other}): beri nama putaran di entrinya (`round`) atau ganti nama berkasnya"
            )));
        }
        self.verification_files.insert(key);
        self.verification_rounds
            .entry(round.clone())
            .or_insert_with(|| file.to_owned());
        // The first file is the verification; a body a later file decides on is revised
        // there, whether or not the first file named it.
        let first_file = self
            .first_verification_file
            .get_or_insert_with(|| file.to_owned());
        let later = first_file != file;
        let agency = verification.agency.clone();
        let earlier = self.verifications.remove(&agency);
        let after = Verification::after_file(earlier, verification, &round, later);
        self.verifications.insert(agency, after);
        Ok(())
    }

    /// Adds one verification entry (a single round); a second entry for the same body is
    /// a problem. For several rounds, [`Batch::add_verification_round`].
    pub fn add_verification(&mut self, verification: Verification) -> Result<(), Problem> {
        first_problem(self.limits.check_verification(&verification))?;
        if self.verifications.contains_key(&verification.agency) {
            return Err(Problem::new(
                ProblemKind::DuplicateId,
                "/agency",
                format!(
                    "expected one verification entry per agency in the batch, found `{}` again",
                    verification.agency
                ),
            ));
        }
        self.verifications
            .insert(verification.agency.clone(), verification);
        Ok(())
    }
}
