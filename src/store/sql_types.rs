//! The domain's ids and state codes as diesel values over `Text`, so rows
//! hold `RoundId`, `InvitationStatus`, … instead of strings (and `domain/`
//! knows nothing of diesel). A stored value that does not parse is a
//! deserialisation error ([`StoreError::Corrupt`](crate::store::StoreError)),
//! never a default.

use std::io::Write;

use diesel::backend::Backend;
use diesel::deserialize::{self, FromSql, Queryable};
use diesel::expression::AsExpression;
use diesel::internal::derives::as_expression::Bound;
use diesel::pg::Pg;
use diesel::serialize::{self, IsNull, Output, ToSql};
use diesel::sql_types::{Nullable, Text};
use diesel::sqlite::Sqlite;

use crate::domain::agenda::AgendaSide;
use crate::domain::agreement::AgreementStatus;
use crate::domain::council_reflection::CouncilTopic;
use crate::domain::ids::{
    AgendaItemId, AgreementId, AgreementStatusChangeId, CdkMeetingId, GroupId, InvitationId,
    ItemId, KanttekeningId, MayorId, MessageId, MunicipalityId, NominationId, ProvinceId, RaterId,
    ResponseId, RoundId, StaffId, ThemeId, VerslagCommentId, VerslagId, VerslagVersionId,
};
use crate::domain::invitation::InvitationStatus;
use crate::domain::nomination::NominationStatus;
use crate::domain::questionnaire::ItemSource;
use crate::domain::round::{RoundKind, RoundState};
use crate::domain::sharing::SharingMode;
use crate::domain::staff::Role;
use crate::domain::verslag::{CommentOutcome, VerslagState};
use crate::store::connection::MultiBackend;
use crate::store::outbox::OutboxStatus;

/// Implements the diesel traits of a type stored as text: `$text` gives the
/// stored text, `$parse` the value of a stored text (`None`: not valid).
macro_rules! text_column {
    ($ty:ty, $what:expr, $text:expr, $parse:expr) => {
        impl ToSql<Text, Sqlite> for $ty {
            fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Sqlite>) -> serialize::Result {
                let text: fn(&$ty) -> String = $text;
                out.set_value(text(self));
                Ok(IsNull::No)
            }
        }

        impl ToSql<Text, Pg> for $ty {
            fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Pg>) -> serialize::Result {
                let text: fn(&$ty) -> String = $text;
                out.write_all(text(self).as_bytes())?;
                Ok(IsNull::No)
            }
        }

        impl ToSql<Text, MultiBackend> for $ty {
            fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, MultiBackend>) -> serialize::Result {
                out.set_value((Text, self));
                Ok(IsNull::No)
            }
        }

        impl<DB: Backend> ToSql<Nullable<Text>, DB> for $ty
        where
            $ty: ToSql<Text, DB>,
        {
            fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, DB>) -> serialize::Result {
                ToSql::<Text, DB>::to_sql(self, out)
            }
        }

        impl<DB: Backend> FromSql<Text, DB> for $ty
        where
            String: FromSql<Text, DB>,
        {
            fn from_sql(bytes: DB::RawValue<'_>) -> deserialize::Result<Self> {
                let parse: fn(&str) -> Option<$ty> = $parse;
                let stored = <String as FromSql<Text, DB>>::from_sql(bytes)?;
                parse(&stored).ok_or_else(|| {
                    // The length only: a stored value may be personal.
                    format!(
                        "not a valid {} in the database ({} chars)",
                        $what,
                        stored.len()
                    )
                    .into()
                })
            }
        }

        impl<DB: Backend> Queryable<Text, DB> for $ty
        where
            $ty: FromSql<Text, DB>,
        {
            type Row = Self;
            fn build(row: Self) -> deserialize::Result<Self> {
                Ok(row)
            }
        }

        impl AsExpression<Text> for $ty {
            type Expression = Bound<Text, Self>;
            fn as_expression(self) -> Self::Expression {
                Bound::new(self)
            }
        }

        impl AsExpression<Nullable<Text>> for $ty {
            type Expression = Bound<Nullable<Text>, Self>;
            fn as_expression(self) -> Self::Expression {
                Bound::new(self)
            }
        }

        impl<'a> AsExpression<Text> for &'a $ty {
            type Expression = Bound<Text, Self>;
            fn as_expression(self) -> Self::Expression {
                Bound::new(self)
            }
        }

        impl<'a> AsExpression<Nullable<Text>> for &'a $ty {
            type Expression = Bound<Nullable<Text>, Self>;
            fn as_expression(self) -> Self::Expression {
                Bound::new(self)
            }
        }
    };
}

macro_rules! id_columns {
    ($($ty:ident),* $(,)?) => {
        $(text_column!($ty, "id", |id| id.to_string(), |s| s.parse().ok());)*
    };
}

id_columns!(
    MunicipalityId,
    MayorId,
    RoundId,
    GroupId,
    ThemeId,
    ItemId,
    RaterId,
    InvitationId,
    ResponseId,
    MessageId,
    AgendaItemId,
    AgreementId,
    StaffId,
    NominationId,
    VerslagId,
    VerslagVersionId,
    VerslagCommentId,
    ProvinceId,
    AgreementStatusChangeId,
    KanttekeningId,
    CdkMeetingId,
);

macro_rules! code_columns {
    ($($ty:ident: $parse:expr),* $(,)?) => {
        $(text_column!($ty, stringify!($ty), |v| v.code().to_owned(), $parse);)*
    };
}

code_columns!(
    RoundKind: |s| RoundKind::parse(s).ok(),
    RoundState: RoundState::parse,
    SharingMode: |s| SharingMode::parse(s).ok(),
    InvitationStatus: InvitationStatus::parse,
    NominationStatus: NominationStatus::parse,
    AgreementStatus: AgreementStatus::parse,
    AgendaSide: AgendaSide::parse,
    CouncilTopic: CouncilTopic::parse,
    ItemSource: ItemSource::parse,
    Role: |s| Role::parse(s).ok(),
    OutboxStatus: OutboxStatus::parse,
    VerslagState: VerslagState::parse,
    CommentOutcome: CommentOutcome::parse,
);
