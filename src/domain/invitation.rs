//! The state of one rater's invitation. It records whether it was used, never when.

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum InvitationStatus {
    /// Created with the rater; no mail sent yet.
    NotSent,
    /// The invitation mail was queued or sent; the rater has not reacted.
    Invited,
    /// The rater submitted the questionnaire.
    Answered,
    /// The rater prefers to give input in a personal conversation.
    PrefersConversation,
}

impl InvitationStatus {
    pub fn code(self) -> &'static str {
        match self {
            Self::NotSent => "niet-verstuurd",
            Self::Invited => "uitgenodigd",
            Self::Answered => "beantwoord",
            Self::PrefersConversation => "liever-gesprek",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        [
            Self::NotSent,
            Self::Invited,
            Self::Answered,
            Self::PrefersConversation,
        ]
        .into_iter()
        .find(|s| s.code() == code)
    }

    /// Whether the link still lets the rater answer.
    pub fn is_usable(self) -> bool {
        matches!(self, Self::Invited)
    }

    /// Reminders go only to raters who have neither answered nor declined.
    pub fn wants_reminder(self) -> bool {
        matches!(self, Self::Invited)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::NotSent => "nog niet uitgenodigd",
            Self::Invited => "uitgenodigd",
            Self::Answered => "heeft gereageerd",
            Self::PrefersConversation => "wil liever een gesprek",
        }
    }
}
