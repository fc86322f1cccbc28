//! Which questions are asked of a body, once for every path: a question is asked when
//! its category applies to the body and its `when` holds on the answer its earlier
//! question was asked with. The exact path (from a `Submission`), the fast path (from a
//! reader's view) and `explain` all decide through here.

use crate::model::instrument::Expected;
use crate::model::submission::AnswerValue;

/// What a `when` may look at: the answer a question was asked with — `None` when it was
/// not asked, left N/A or unanswered, or is of a kind no `when` names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Asked<'a> {
    /// Nothing a `when` can hold on.
    None,
    /// A `yes_no` answer.
    Bool(bool),
    /// A `choice` answer: the option's id.
    Option(&'a str),
}

impl<'a> Asked<'a> {
    /// What an answer's value shows a `when`.
    pub(crate) fn of(value: Option<&'a AnswerValue>) -> Asked<'a> {
        match value {
            Some(AnswerValue::Bool(b)) => Asked::Bool(*b),
            Some(AnswerValue::Text(s)) => Asked::Option(s),
            _ => Asked::None,
        }
    }
}

/// Whether a question for `categories` (`None`: every category) applies to a body of
/// `category`: the model's one rule ([`crate::Question::applies_to`]).
pub(crate) fn applies(
    categories: &Option<Vec<crate::model::id::CategoryId>>,
    category: Option<&str>,
) -> bool {
    crate::model::instrument::applies_to_category(categories.as_deref(), category)
}

/// Whether a question's `when` (the index of the question it waits on, and the answer
/// it waits for; `None`: always asked) holds on `asked`, the answers the questions before
/// it were asked with (in plan order).
pub(crate) fn holds(when: Option<&(usize, Expected)>, asked: &[Asked]) -> bool {
    when.is_none_or(|(parent, expected)| {
        asked
            .get(*parent)
            .is_some_and(|shown| holds_on(expected, *shown))
    })
}

/// Whether a `when` waiting for `expected` holds on what its question was asked with.
pub(crate) fn holds_on(expected: &Expected, shown: Asked) -> bool {
    match (shown, expected) {
        (Asked::Bool(b), Expected::Bool(e)) => b == *e,
        (Asked::Option(s), Expected::Option(e)) => s == &**e,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_when_holds_on_the_answer_it_names_only() {
        let yes = (0, Expected::Bool(true));
        assert!(holds(Some(&yes), &[Asked::Bool(true)]));
        assert!(!holds(Some(&yes), &[Asked::Bool(false)]));
        // Not asked, N/A or unanswered: closed.
        assert!(!holds(Some(&yes), &[Asked::None]));
        assert!(!holds(Some(&yes), &[]));
        let option = (0, Expected::Option("a".into()));
        assert!(holds(Some(&option), &[Asked::Option("a")]));
        assert!(!holds(Some(&option), &[Asked::Option("b")]));
        assert!(holds(None, &[]));
        assert_eq!(Asked::of(Some(&AnswerValue::Bool(true))), Asked::Bool(true));
        assert_eq!(Asked::of(None), Asked::None);
        assert!(applies(&None, None));
        assert!(applies(&Some(vec!["opd".into()]), Some("opd")));
        assert!(!applies(&Some(vec!["opd".into()]), Some("pemkot")));
        assert!(!applies(&Some(vec!["opd".into()]), None));
    }
}
