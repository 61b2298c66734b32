//! Identifiers: random UUIDv4 newtypes, stored as text.

use std::fmt;
use std::str::FromStr;

macro_rules! uuid_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(uuid::Uuid);

        impl $name {
            /// A new random identifier.
            pub fn random() -> Self {
                Self(uuid::Uuid::new_v4())
            }
            pub fn as_uuid(&self) -> uuid::Uuid {
                self.0
            }
            pub fn from_uuid(id: uuid::Uuid) -> Self {
                Self(id)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.hyphenated().fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                uuid::Uuid::parse_str(s).map(Self)
            }
        }

        /// From its text (a path segment or a form field); a malformed id
        /// is refused.
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
                text.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}

uuid_id!(
    /// A municipality (gemeente).
    MunicipalityId
);
uuid_id!(
    /// A burgemeester.
    MayorId
);
uuid_id!(
    /// A klankbordronde.
    RoundId
);
uuid_id!(
    /// A referentengroep within one round.
    GroupId
);
uuid_id!(
    /// A theme of a round's questionnaire.
    ThemeId
);
uuid_id!(
    /// A statement or open question of a round's questionnaire.
    ItemId
);
uuid_id!(
    /// A referent within one round.
    RaterId
);
uuid_id!(
    /// One rater's right to answer once.
    InvitationId
);
uuid_id!(
    /// One submitted questionnaire; never linked to a rater or invitation.
    ResponseId
);
uuid_id!(
    /// A message in the outbox.
    MessageId
);
uuid_id!(
    /// An item on the agenda of a klankbordgesprek.
    AgendaItemId
);
uuid_id!(
    /// An agreement (afspraak) from a klankbordgesprek.
    AgreementId
);
uuid_id!(
    /// A staff account (griffier, delegation member, burgemeester, raadslid, admin).
    StaffId
);
uuid_id!(
    /// A voordracht: a referent suggested for one round.
    NominationId
);
uuid_id!(
    /// One line of the audit log.
    AuditId
);
uuid_id!(
    /// The verslag of one klankbordgesprek (a correction is a new one).
    VerslagId
);
uuid_id!(
    /// One fixed version of a verslag's text (concept or definitive).
    VerslagVersionId
);
uuid_id!(
    /// A participant's comment on a concept verslag.
    VerslagCommentId
);
uuid_id!(
    /// A province (provincie), whose commissaris van de Koning receives verslagen.
    ProvinceId
);
uuid_id!(
    /// One entry of an agreement's status history.
    AgreementStatusChangeId
);
uuid_id!(
    /// A kanttekening in a verslag.
    KanttekeningId
);
uuid_id!(
    /// A voortgangsgesprek of the commissaris van de Koning with a burgemeester.
    CdkMeetingId
);
