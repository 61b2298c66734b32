//! A round's questionnaire: themes, items and their targeting.

use std::collections::HashMap;

use diesel::prelude::*;

use crate::domain::ids::{GroupId, ItemId, RoundId};
use crate::domain::questionnaire::{Item, ItemKind, Questionnaire, Theme};
use crate::store::schema::{item_groups, items, themes};
use crate::store::{DbConnection, corrupt, parse_id};

#[derive(Queryable, Selectable, Insertable, Clone, Debug)]
#[diesel(table_name = themes)]
pub struct ThemeRow {
    pub id: String,
    pub round_id: String,
    pub key: String,
    pub title: String,
    pub intro: String,
    pub position: i32,
}

#[derive(Queryable, Selectable, Insertable, Clone, Debug)]
#[diesel(table_name = items)]
pub struct ItemRow {
    pub id: String,
    pub round_id: String,
    pub theme_id: String,
    pub key: String,
    pub kind: String,
    pub text: String,
    pub max_chars: Option<i32>,
    pub position: i32,
    /// 'bank', 'profielschets' or 'eigen'.
    pub source: String,
}

pub fn insert_theme(conn: &mut DbConnection, row: &ThemeRow) -> QueryResult<()> {
    diesel::insert_into(themes::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

pub fn insert_item(conn: &mut DbConnection, row: &ItemRow, groups: &[GroupId]) -> QueryResult<()> {
    diesel::insert_into(items::table)
        .values(row)
        .execute(conn)?;
    for g in groups {
        diesel::insert_into(item_groups::table)
            .values((
                item_groups::item_id.eq(&row.id),
                item_groups::rater_group_id.eq(g.to_string()),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// The whole questionnaire of a round, in the order the form shows it.
pub fn load(conn: &mut DbConnection, round: RoundId) -> QueryResult<Questionnaire> {
    let round = round.to_string();
    let theme_rows: Vec<ThemeRow> = themes::table
        .filter(themes::round_id.eq(&round))
        .order(themes::position.asc())
        .select(ThemeRow::as_select())
        .load(conn)?;
    let item_rows: Vec<ItemRow> = items::table
        .filter(items::round_id.eq(&round))
        .order(items::position.asc())
        .select(ItemRow::as_select())
        .load(conn)?;
    let targets: Vec<(String, String)> = item_groups::table
        .inner_join(items::table)
        .filter(items::round_id.eq(&round))
        .select((item_groups::item_id, item_groups::rater_group_id))
        .load(conn)?;
    let mut groups_by_item: HashMap<String, Vec<GroupId>> = HashMap::new();
    for (item, group) in targets {
        groups_by_item
            .entry(item)
            .or_default()
            .push(parse_id(&group)?);
    }
    let mut themes: Vec<Theme> = theme_rows
        .into_iter()
        .map(|t| {
            Ok(Theme {
                id: parse_id(&t.id)?,
                title: t.title,
                intro: t.intro,
                items: Vec::new(),
            })
        })
        .collect::<QueryResult<_>>()?;
    for row in item_rows {
        let kind = match (row.kind.as_str(), row.max_chars) {
            ("scale", _) => ItemKind::Scale,
            ("open", Some(n)) => ItemKind::Open {
                max_chars: u32::try_from(n).map_err(|_| corrupt("items.max_chars"))?,
            },
            _ => return Err(corrupt("items.kind")),
        };
        let id: ItemId = parse_id(&row.id)?;
        let theme_id = parse_id(&row.theme_id)?;
        let mut groups = groups_by_item.remove(&row.id).unwrap_or_default();
        groups.sort();
        let item = Item {
            id,
            theme_id,
            kind,
            text: row.text,
            groups,
        };
        if let Some(t) = themes.iter_mut().find(|t| t.id == theme_id) {
            t.items.push(item);
        }
    }
    Ok(Questionnaire { themes })
}

/// The themes of a round as stored (also those without items), in order.
pub fn themes_of(conn: &mut DbConnection, round: RoundId) -> QueryResult<Vec<ThemeRow>> {
    themes::table
        .filter(themes::round_id.eq(round.to_string()))
        .order(themes::position.asc())
        .select(ThemeRow::as_select())
        .load(conn)
}

/// The items of a round as stored, in order.
pub fn items_of(conn: &mut DbConnection, round: RoundId) -> QueryResult<Vec<ItemRow>> {
    items::table
        .filter(items::round_id.eq(round.to_string()))
        .order(items::position.asc())
        .select(ItemRow::as_select())
        .load(conn)
}

/// Takes an item and its targeting out of a round.
pub fn delete_item(conn: &mut DbConnection, round: RoundId, item: ItemId) -> QueryResult<bool> {
    let item = item.to_string();
    diesel::delete(item_groups::table.filter(item_groups::item_id.eq(&item))).execute(conn)?;
    let n = diesel::delete(
        items::table
            .filter(items::id.eq(&item))
            .filter(items::round_id.eq(round.to_string())),
    )
    .execute(conn)?;
    Ok(n == 1)
}

pub fn set_item_text(
    conn: &mut DbConnection,
    round: RoundId,
    item: ItemId,
    text: &str,
) -> QueryResult<bool> {
    let n = diesel::update(
        items::table
            .filter(items::id.eq(item.to_string()))
            .filter(items::round_id.eq(round.to_string())),
    )
    .set(items::text.eq(text))
    .execute(conn)?;
    Ok(n == 1)
}

/// Replaces the groups an item is shown to.
pub fn set_item_groups(
    conn: &mut DbConnection,
    item: ItemId,
    groups: &[GroupId],
) -> QueryResult<()> {
    let item = item.to_string();
    diesel::delete(item_groups::table.filter(item_groups::item_id.eq(&item))).execute(conn)?;
    for g in groups {
        diesel::insert_into(item_groups::table)
            .values((
                item_groups::item_id.eq(&item),
                item_groups::rater_group_id.eq(g.to_string()),
            ))
            .execute(conn)?;
    }
    Ok(())
}
