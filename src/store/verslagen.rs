//! The verslag tables (migration 000012): the read side the verslag, the
//! dossier and the commissaris van de Koning share. Writes live with the
//! use cases' own store functions. No rules here.

use diesel::prelude::*;

use crate::domain::ids::{MunicipalityId, RoundId, StaffId, VerslagId, VerslagVersionId};
use crate::domain::staff::Role;
use crate::domain::verslag::{
    ArchiveCopy, HeadingSpec, SignatureLine, SigningRule, VerslagDocument, VerslagSettings,
    VerslagState,
};
use crate::store::schema::{
    staff, verslag_participants, verslag_settings, verslag_signatures, verslag_versions, verslagen,
};
use crate::store::{DbConnection, StoreError, corrupt};

#[derive(Queryable, Selectable, Insertable, Clone, Debug)]
#[diesel(table_name = verslagen)]
pub struct VerslagRow {
    pub id: VerslagId,
    pub round_id: RoundId,
    pub corrects_id: Option<VerslagId>,
    pub state: VerslagState,
    pub created_at: i64,
    pub updated_at: i64,
    pub adopted_at: Option<i64>,
    pub marking: Option<String>,
}

#[derive(Queryable, Selectable, Insertable, Clone, Debug)]
#[diesel(table_name = verslag_versions)]
pub struct VersionRow {
    pub id: VerslagVersionId,
    pub verslag_id: VerslagId,
    pub number: i32,
    /// "concept" or "definitief".
    pub stage: String,
    /// A `VerslagDocument` as JSON.
    pub document: String,
    /// Lowercase hex SHA-256 of the document's canonical text.
    pub hash: String,
    pub created_at: i64,
}

impl VersionRow {
    pub fn document(&self) -> Result<VerslagDocument, StoreError> {
        serde_json::from_str(&self.document).map_err(|_| corrupt("verslag_versions.document"))
    }
}

#[derive(Queryable, Selectable, Insertable, Clone, Debug)]
#[diesel(table_name = verslag_settings)]
pub struct SettingsRow {
    pub municipality_id: MunicipalityId,
    /// A JSON array of `HeadingSpec`.
    pub headings: String,
    pub clerk_signs: i32,
    pub every_participant_signs: i32,
    pub marking: String,
    pub commission_reads_earlier: i32,
    pub updated_at: i64,
}

impl SettingsRow {
    pub fn from_settings(m: MunicipalityId, s: &VerslagSettings, now: i64) -> Self {
        Self {
            municipality_id: m,
            // A Vec of plain structs always serialises.
            headings: serde_json::to_string(&s.headings).unwrap_or_else(|_| "[]".into()),
            clerk_signs: i32::from(s.signing.clerk_signs),
            every_participant_signs: i32::from(s.signing.every_participant),
            marking: s.marking.clone(),
            commission_reads_earlier: i32::from(s.commission_reads_earlier),
            updated_at: now,
        }
    }
}

/// A municipality's settings, or the defaults when it never set them.
pub fn settings(c: &mut DbConnection, m: MunicipalityId) -> Result<VerslagSettings, StoreError> {
    let Some(row) = verslag_settings::table
        .find(m)
        .select(SettingsRow::as_select())
        .first(c)
        .optional()?
    else {
        return Ok(VerslagSettings::default());
    };
    let headings: Vec<HeadingSpec> =
        serde_json::from_str(&row.headings).map_err(|_| corrupt("verslag_settings.headings"))?;
    Ok(VerslagSettings {
        headings,
        signing: SigningRule {
            clerk_signs: row.clerk_signs != 0,
            every_participant: row.every_participant_signs != 0,
        },
        marking: row.marking,
        commission_reads_earlier: row.commission_reads_earlier != 0,
    })
}

/// Stores a municipality's settings (insert or replace).
pub fn save_settings(c: &mut DbConnection, row: &SettingsRow) -> Result<(), StoreError> {
    diesel::delete(verslag_settings::table.find(row.municipality_id)).execute(c)?;
    diesel::insert_into(verslag_settings::table)
        .values(row)
        .execute(c)?;
    Ok(())
}

/// The round's verslagen, oldest first: a correction always comes after
/// the verslag it corrects, even when both were made in the same second.
pub fn of_round(c: &mut DbConnection, round: RoundId) -> Result<Vec<VerslagRow>, StoreError> {
    let rows: Vec<VerslagRow> = verslagen::table
        .filter(verslagen::round_id.eq(round))
        .order((verslagen::created_at.asc(), verslagen::id.asc()))
        .select(VerslagRow::as_select())
        .load(c)?;
    // Corrections form one chain, so a verslag's depth in it is its order.
    let depth = |row: &VerslagRow| {
        let mut n = 0usize;
        let mut at = row.corrects_id;
        while let Some(id) = at.filter(|_| n < rows.len()) {
            n += 1;
            at = rows.iter().find(|o| o.id == id).and_then(|o| o.corrects_id);
        }
        n
    };
    let mut ranked: Vec<(usize, VerslagRow)> = rows.iter().map(|r| (depth(r), r.clone())).collect();
    ranked.sort_by_key(|(d, _)| *d);
    Ok(ranked.into_iter().map(|(_, r)| r).collect())
}

/// The round's current verslag: the newest one (a correction replaces what
/// it corrects; one that nothing corrects, even if made in the same second).
pub fn current_of_round(
    c: &mut DbConnection,
    round: RoundId,
) -> Result<Option<VerslagRow>, StoreError> {
    let mut rows = of_round(c, round)?;
    let last = rows
        .iter()
        .rposition(|v| !rows.iter().any(|o| o.corrects_id == Some(v.id)));
    Ok(last.map(|i| rows.swap_remove(i)))
}

/// A verslag's newest version.
pub fn latest_version(
    c: &mut DbConnection,
    verslag: VerslagId,
) -> Result<Option<VersionRow>, StoreError> {
    Ok(verslag_versions::table
        .filter(verslag_versions::verslag_id.eq(verslag))
        .order(verslag_versions::number.desc())
        .select(VersionRow::as_select())
        .first(c)
        .optional()?)
}

/// Who took part in the gesprek of a verslag, with their role in it and name.
pub fn participants(
    c: &mut DbConnection,
    verslag: VerslagId,
) -> Result<Vec<(StaffId, Role, String)>, StoreError> {
    let rows = verslag_participants::table
        .inner_join(staff::table.on(staff::id.eq(verslag_participants::staff_id)))
        .filter(verslag_participants::verslag_id.eq(verslag.to_string()))
        .order((staff::name.asc(), staff::id.asc()))
        .select((staff::id, verslag_participants::role, staff::name))
        .load::<(String, String, String)>(c)?;
    // The order is part of a version's canonical text, so it must not
    // depend on the backend: PostgreSQL sorts names by its locale's
    // collation, SQLite by bytes. Decide it here, by name then id.
    let mut rows = rows;
    rows.sort_by(|a, b| (&a.2, &a.0).cmp(&(&b.2, &b.0)));
    rows.into_iter()
        .map(|(id, role, name)| {
            let id = id
                .parse()
                .map_err(|_| corrupt("verslag_participants.staff_id"))?;
            let role = Role::parse(&role).map_err(|_| corrupt("verslag_participants.role"))?;
            Ok((id, role, name))
        })
        .collect()
}

/// Whether `person` took part in the gesprek of any verslag of `round`.
pub fn took_part(
    c: &mut DbConnection,
    round: RoundId,
    person: StaffId,
) -> Result<bool, StoreError> {
    let ids: Vec<VerslagId> = verslagen::table
        .filter(verslagen::round_id.eq(round))
        .select(verslagen::id)
        .load(c)?;
    let ids: Vec<String> = ids.iter().map(ToString::to_string).collect();
    let n: i64 = verslag_participants::table
        .filter(verslag_participants::verslag_id.eq_any(ids))
        .filter(verslag_participants::staff_id.eq(person.to_string()))
        .count()
        .get_result(c)?;
    Ok(n > 0)
}

/// The valid signatures on a version, in the order they were given.
pub fn signatures(
    c: &mut DbConnection,
    version: VerslagVersionId,
) -> Result<Vec<(StaffId, Role, String, i64)>, StoreError> {
    let rows = verslag_signatures::table
        .inner_join(staff::table.on(staff::id.eq(verslag_signatures::staff_id)))
        .filter(verslag_signatures::version_id.eq(version.to_string()))
        .filter(verslag_signatures::voided_at.is_null())
        .order((verslag_signatures::signed_at.asc(), staff::name.asc()))
        .select((
            staff::id,
            verslag_signatures::role,
            staff::name,
            verslag_signatures::signed_at,
        ))
        .load::<(String, String, String, i64)>(c)?;
    rows.into_iter()
        .map(|(id, role, name, at)| {
            let id = id
                .parse()
                .map_err(|_| corrupt("verslag_signatures.staff_id"))?;
            let role = Role::parse(&role).map_err(|_| corrupt("verslag_signatures.role"))?;
            Ok((id, role, name, at))
        })
        .collect()
}

/// RFC 3339 in UTC, whole seconds.
fn rfc3339(secs: i64) -> Result<String, StoreError> {
    jiff::Timestamp::from_second(secs)
        .map(|t| t.to_string())
        .map_err(|_| corrupt("verslagen timestamp"))
}

/// The archive copy of a vastgesteld verslag: its last version's stored
/// document and hash, the marking fixed at adoption and the signatures on
/// that version. `None` unless the verslag is vastgesteld.
pub fn archive_copy(
    c: &mut DbConnection,
    v: &VerslagRow,
) -> Result<Option<ArchiveCopy>, StoreError> {
    if v.state != VerslagState::Adopted {
        return Ok(None);
    }
    let (Some(adopted_at), Some(marking)) = (v.adopted_at, v.marking.clone()) else {
        return Err(corrupt("verslagen.adopted_at"));
    };
    let version = latest_version(c, v.id)?.ok_or_else(|| corrupt("verslag_versions"))?;
    let signatures = signatures(c, version.id)?
        .into_iter()
        .map(|(_, role, name, at)| {
            Ok(SignatureLine {
                name,
                role: role.label().to_owned(),
                signed_at: rfc3339(at)?,
            })
        })
        .collect::<Result<_, StoreError>>()?;
    Ok(Some(ArchiveCopy {
        document: version.document()?,
        hash: version.hash,
        marking,
        signatures,
        adopted_at: rfc3339(adopted_at)?,
    }))
}

/// The archive copy of the round's newest vastgesteld verslag, if any.
pub fn adopted_copy_of_round(
    c: &mut DbConnection,
    round: RoundId,
) -> Result<Option<ArchiveCopy>, StoreError> {
    for v in of_round(c, round)?.iter().rev() {
        if let Some(copy) = archive_copy(c, v)? {
            return Ok(Some(copy));
        }
    }
    Ok(None)
}
