//! Finding things in an instrument: its questions and indicators in order, a question,
//! stage or category by id, the questionnaire stage.

use super::{Category, Indicator, Instrument, Parts, Question, Stage};

impl Instrument {
    /// Every question of the instrument, depth first, in the order written, with its
    /// JSON pointer.
    pub fn questions(&self) -> Vec<(&Question, String)> {
        let mut out = Vec::new();
        for (i, indicator) in self.indicators.iter().enumerate() {
            collect_questions(indicator, &format!("/indicators/{i}"), &mut out);
        }
        out
    }

    /// Every indicator at every level, depth first (parents before children), with its
    /// JSON pointer.
    pub fn all_indicators(&self) -> Vec<(&Indicator, String)> {
        let mut out = Vec::new();
        for (i, indicator) in self.indicators.iter().enumerate() {
            collect_indicators(indicator, format!("/indicators/{i}"), &mut out);
        }
        out
    }

    /// Every question of the instrument, depth first, in the order written (without the
    /// JSON pointers that [`Instrument::questions`] builds).
    pub fn iter_questions(&self) -> impl Iterator<Item = &Question> {
        let mut stack: Vec<std::slice::Iter<'_, Indicator>> = vec![self.indicators.iter()];
        let mut current: std::slice::Iter<'_, Question> = [].iter();
        std::iter::from_fn(move || {
            loop {
                if let Some(q) = current.next() {
                    return Some(q);
                }
                let indicator = loop {
                    let top = stack.last_mut()?;
                    match top.next() {
                        Some(i) => break i,
                        None => {
                            stack.pop();
                        }
                    }
                };
                match &indicator.parts {
                    Parts::Questions(qs) => current = qs.iter(),
                    Parts::Indicators(children) => stack.push(children.iter()),
                }
            }
        })
    }

    /// The question with this id.
    pub fn question(&self, id: &str) -> Option<&Question> {
        self.iter_questions().find(|q| q.id == id)
    }

    /// The questionnaire stage (the SAQ), if exactly one stage is marked so.
    pub fn questionnaire_stage(&self) -> Option<&Stage> {
        let mut marked = self.stages.iter().filter(|s| s.questionnaire);
        match (marked.next(), marked.next()) {
            (Some(stage), None) => Some(stage),
            _ => None,
        }
    }

    /// The category with this id.
    pub fn category(&self, id: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.id == id)
    }

    /// The stage with this id.
    pub fn stage(&self, id: &str) -> Option<&Stage> {
        self.stages.iter().find(|s| s.id == id)
    }
}

fn collect_questions<'i>(
    indicator: &'i Indicator,
    path: &str,
    out: &mut Vec<(&'i Question, String)>,
) {
    match &indicator.parts {
        Parts::Questions(questions) => {
            for (j, q) in questions.iter().enumerate() {
                out.push((q, format!("{path}/questions/{j}")));
            }
        }
        Parts::Indicators(children) => {
            for (j, c) in children.iter().enumerate() {
                collect_questions(c, &format!("{path}/indicators/{j}"), out);
            }
        }
    }
}

fn collect_indicators<'i>(
    indicator: &'i Indicator,
    path: String,
    out: &mut Vec<(&'i Indicator, String)>,
) {
    let children: &[Indicator] = match &indicator.parts {
        Parts::Indicators(children) => children,
        Parts::Questions(_) => &[],
    };
    let child_base = format!("{path}/indicators");
    out.push((indicator, path));
    for (j, c) in children.iter().enumerate() {
        collect_indicators(c, format!("{child_base}/{j}"), out);
    }
}
