//! Provinces and the commissaris van de Koning (migration 000014): the
//! provinces and their municipalities, the kabinet's accounts, the CdK's
//! voortgangsgesprekken and the verslagen sent. No rules here.

use diesel::prelude::*;

use crate::domain::ids::{
    CdkMeetingId, MayorId, MunicipalityId, ProvinceId, RoundId, StaffId, VerslagId,
};
use crate::store::schema::{
    cdk_deliveries, cdk_meetings, municipalities, province_memberships, province_municipalities,
    provinces, staff,
};
use crate::store::{DbConnection, StoreError};

#[derive(Queryable, Selectable, Insertable, Clone, Debug)]
#[diesel(table_name = provinces)]
pub struct ProvinceRow {
    pub id: ProvinceId,
    pub name: String,
    pub contact_email: String,
    pub created_at: i64,
}

#[derive(Queryable, Selectable, Insertable, Clone, Debug)]
#[diesel(table_name = cdk_meetings)]
pub struct CdkMeetingRow {
    pub id: CdkMeetingId,
    pub province_id: ProvinceId,
    pub municipality_id: MunicipalityId,
    pub mayor_id: MayorId,
    /// `YYYY-MM-DD`.
    pub held_on: String,
    pub created_by: StaffId,
    pub created_at: i64,
}

#[derive(Queryable, Selectable, Insertable, Clone, Debug)]
#[diesel(table_name = cdk_deliveries)]
pub struct DeliveryRow {
    pub verslag_id: VerslagId,
    pub round_id: RoundId,
    pub province_id: ProvinceId,
    pub sent_by: StaffId,
    pub sent_at: i64,
}

pub fn insert(conn: &mut DbConnection, row: &ProvinceRow) -> QueryResult<()> {
    diesel::insert_into(provinces::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

pub fn get(conn: &mut DbConnection, id: ProvinceId) -> QueryResult<Option<ProvinceRow>> {
    provinces::table
        .find(id)
        .select(ProvinceRow::as_select())
        .first(conn)
        .optional()
}

pub fn by_name(conn: &mut DbConnection, name: &str) -> QueryResult<Option<ProvinceRow>> {
    provinces::table
        .filter(provinces::name.eq(name))
        .select(ProvinceRow::as_select())
        .first(conn)
        .optional()
}

/// Every province, by name.
pub fn list(conn: &mut DbConnection) -> QueryResult<Vec<ProvinceRow>> {
    provinces::table
        .order(provinces::name.asc())
        .select(ProvinceRow::as_select())
        .load(conn)
}

/// Links a municipality to a province (the caller checked it has none).
pub fn link(
    conn: &mut DbConnection,
    municipality: MunicipalityId,
    province: ProvinceId,
) -> QueryResult<()> {
    diesel::insert_into(province_municipalities::table)
        .values((
            province_municipalities::municipality_id.eq(municipality),
            province_municipalities::province_id.eq(province),
        ))
        .execute(conn)
        .map(|_| ())
}

/// The province a municipality belongs to, if any.
pub fn of_municipality(
    conn: &mut DbConnection,
    municipality: MunicipalityId,
) -> QueryResult<Option<ProvinceRow>> {
    province_municipalities::table
        .inner_join(provinces::table.on(provinces::id.eq(province_municipalities::province_id)))
        .filter(province_municipalities::municipality_id.eq(municipality))
        .select(ProvinceRow::as_select())
        .first(conn)
        .optional()
}

/// A province's municipalities (id, name), by name.
pub fn municipalities_of(
    conn: &mut DbConnection,
    province: ProvinceId,
) -> QueryResult<Vec<(MunicipalityId, String)>> {
    province_municipalities::table
        .inner_join(
            municipalities::table
                .on(municipalities::id.eq(province_municipalities::municipality_id)),
        )
        .filter(province_municipalities::province_id.eq(province))
        .order(municipalities::name.asc())
        .select((municipalities::id, municipalities::name))
        .load::<(String, String)>(conn)?
        .into_iter()
        .map(|(id, name)| Ok((crate::store::parse_id(&id)?, name)))
        .collect()
}

/// Gives a person the kabinet role in a province; whether it is new.
pub fn add_member(
    conn: &mut DbConnection,
    person: StaffId,
    province: ProvinceId,
) -> QueryResult<bool> {
    let exists: bool = diesel::select(diesel::dsl::exists(
        province_memberships::table
            .filter(province_memberships::staff_id.eq(person))
            .filter(province_memberships::province_id.eq(province)),
    ))
    .get_result(conn)?;
    if exists {
        return Ok(false);
    }
    diesel::insert_into(province_memberships::table)
        .values((
            province_memberships::staff_id.eq(person),
            province_memberships::province_id.eq(province),
        ))
        .execute(conn)?;
    Ok(true)
}

/// The provinces a person is kabinet van de CdK in (id, name), by name.
pub fn kabinet_of(
    conn: &mut DbConnection,
    person: StaffId,
) -> QueryResult<Vec<(ProvinceId, String)>> {
    province_memberships::table
        .inner_join(provinces::table.on(provinces::id.eq(province_memberships::province_id)))
        .filter(province_memberships::staff_id.eq(person))
        .order(provinces::name.asc())
        .select((provinces::id, provinces::name))
        .load::<(String, String)>(conn)?
        .into_iter()
        .map(|(id, name)| Ok((crate::store::parse_id(&id)?, name)))
        .collect()
}

/// The kabinet's accounts of a province (id, name, e-mail), by name.
pub fn members_of(
    conn: &mut DbConnection,
    province: ProvinceId,
) -> Result<Vec<(StaffId, String, String)>, StoreError> {
    province_memberships::table
        .inner_join(staff::table.on(staff::id.eq(province_memberships::staff_id)))
        .filter(province_memberships::province_id.eq(province))
        .order(staff::name.asc())
        .select((staff::id, staff::name, staff::email))
        .load::<(String, String, String)>(conn)?
        .into_iter()
        .map(|(id, name, email)| Ok((crate::store::parse_id(&id)?, name, email)))
        .collect()
}

/// Ends a person's kabinet role in a province; whether they had it.
pub fn remove_member(
    conn: &mut DbConnection,
    person: StaffId,
    province: ProvinceId,
) -> QueryResult<bool> {
    diesel::delete(
        province_memberships::table
            .filter(province_memberships::staff_id.eq(person))
            .filter(province_memberships::province_id.eq(province)),
    )
    .execute(conn)
    .map(|n| n > 0)
}

/// Unlinks a municipality from a province; whether it was linked there.
pub fn unlink(
    conn: &mut DbConnection,
    municipality: MunicipalityId,
    province: ProvinceId,
) -> QueryResult<bool> {
    diesel::delete(
        province_municipalities::table
            .filter(province_municipalities::municipality_id.eq(municipality))
            .filter(province_municipalities::province_id.eq(province)),
    )
    .execute(conn)
    .map(|n| n > 0)
}

pub fn insert_meeting(conn: &mut DbConnection, row: &CdkMeetingRow) -> QueryResult<()> {
    diesel::insert_into(cdk_meetings::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

pub fn meeting(conn: &mut DbConnection, id: CdkMeetingId) -> QueryResult<Option<CdkMeetingRow>> {
    cdk_meetings::table
        .find(id)
        .select(CdkMeetingRow::as_select())
        .first(conn)
        .optional()
}

pub fn delete_meeting(conn: &mut DbConnection, id: CdkMeetingId) -> QueryResult<()> {
    diesel::delete(cdk_meetings::table.find(id))
        .execute(conn)
        .map(|_| ())
}

/// A province's voortgangsgesprekken, by date.
pub fn meetings_of(
    conn: &mut DbConnection,
    province: ProvinceId,
) -> QueryResult<Vec<CdkMeetingRow>> {
    cdk_meetings::table
        .filter(cdk_meetings::province_id.eq(province))
        .order((cdk_meetings::held_on.asc(), cdk_meetings::id.asc()))
        .select(CdkMeetingRow::as_select())
        .load(conn)
}

/// The dates (`YYYY-MM-DD`) of every voortgangsgesprek with a burgemeester.
pub fn meeting_dates_of_mayor(conn: &mut DbConnection, mayor: MayorId) -> QueryResult<Vec<String>> {
    cdk_meetings::table
        .filter(cdk_meetings::mayor_id.eq(mayor))
        .select(cdk_meetings::held_on)
        .load(conn)
}

pub fn insert_delivery(conn: &mut DbConnection, row: &DeliveryRow) -> QueryResult<()> {
    diesel::insert_into(cdk_deliveries::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

/// Whether a verslag was sent.
pub fn delivery_of_verslag(
    conn: &mut DbConnection,
    verslag: VerslagId,
) -> QueryResult<Option<DeliveryRow>> {
    cdk_deliveries::table
        .find(verslag)
        .select(DeliveryRow::as_select())
        .first(conn)
        .optional()
}

/// The newest delivery of a round's verslag, with the sender's name.
pub fn delivery_of_round(
    conn: &mut DbConnection,
    round: RoundId,
) -> QueryResult<Option<(DeliveryRow, String)>> {
    cdk_deliveries::table
        .inner_join(staff::table.on(staff::id.eq(cdk_deliveries::sent_by)))
        .filter(cdk_deliveries::round_id.eq(round))
        .order(cdk_deliveries::sent_at.desc())
        .select((DeliveryRow::as_select(), staff::name))
        .first(conn)
        .optional()
}

/// The verslagen sent to a province, newest first.
pub fn deliveries_to(
    conn: &mut DbConnection,
    province: ProvinceId,
) -> QueryResult<Vec<DeliveryRow>> {
    cdk_deliveries::table
        .filter(cdk_deliveries::province_id.eq(province))
        .order(cdk_deliveries::sent_at.desc())
        .select(DeliveryRow::as_select())
        .load(conn)
}
