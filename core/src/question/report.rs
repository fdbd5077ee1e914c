//! A reader's report of a published question or answer ("Melden"): why they report it, as
//! one of a few fixed reasons. Fixed rather than free text, so that a report is one click
//! and a choice, carries no personal details of its own, and reads the same to every
//! moderator; the widget offers these, the server accepts only these, and the desk counts
//! them per reason.

/// Why a reader reports an item; also the JSON body of a report, `{"reason": "spam"}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReportReason {
    /// Advertising, or nothing to do with the question.
    Spam,
    /// It names or shows personal details (a colleague's address, a case).
    Personal,
    /// Offensive or otherwise unfit for colleagues.
    Offensive,
    /// Wrong or out of date.
    Wrong,
    /// Something else.
    Other,
}

impl ReportReason {
    /// Every reason, in the order the widget and the desk show them.
    pub const ALL: [ReportReason; 5] = [
        ReportReason::Spam,
        ReportReason::Personal,
        ReportReason::Offensive,
        ReportReason::Wrong,
        ReportReason::Other,
    ];

    /// The name on the wire and in storage, e.g. `personal`.
    pub fn as_str(self) -> &'static str {
        match self {
            ReportReason::Spam => "spam",
            ReportReason::Personal => "personal",
            ReportReason::Offensive => "offensive",
            ReportReason::Wrong => "wrong",
            ReportReason::Other => "other",
        }
    }

    /// Reads a name as [`ReportReason::as_str`] writes it; `None` for any other text.
    pub fn parse(name: &str) -> Option<ReportReason> {
        ReportReason::ALL.into_iter().find(|r| r.as_str() == name)
    }
}

/// How many open reports from different clients hide a published item until a moderator
/// decides: one reader cannot take down a colleague's question, a few can stop abuse at
/// night.
pub const HIDE_AFTER_REPORTS: i64 = 3;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_reason_reads_back_and_nothing_else_does() {
        for reason in ReportReason::ALL {
            assert_eq!(ReportReason::parse(reason.as_str()), Some(reason));
        }
        assert_eq!(ReportReason::parse("Spam"), None);
        assert_eq!(ReportReason::parse(""), None);
    }
}
