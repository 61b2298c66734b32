//! A round's questionnaire: themes, items and their targeting.

use std::collections::HashMap;

use diesel::prelude::*;

use crate::domain::ids::{GroupId, ItemId, RoundId, ThemeId};
use crate::domain::questionnaire::{Item, ItemKind, ItemSource, Questionnaire, Theme};
use crate::store::DbConnection;
use crate::store::schema::{item_groups, items, themes};

fn corrupt(column: &str) -> diesel::result::Error {
    diesel::result::Error::DeserializationError(
        format!("unexpected value in column {column}").into(),
    )
}

#[derive(Queryable, Selectable, Insertable, Clone, Debug)]
#[diesel(table_name = themes)]
pub struct ThemeRow {
    pub id: ThemeId,
    pub round_id: RoundId,
    pub key: String,
    pub title: String,
    pub intro: String,
    pub position: i32,
}

#[derive(Queryable, Selectable, Insertable, Clone, Debug)]
#[diesel(table_name = items)]
pub struct ItemRow {
    pub id: ItemId,
    pub round_id: RoundId,
    pub theme_id: ThemeId,
    pub key: String,
    pub kind: String,
    pub text: String,
    pub max_chars: Option<i32>,
    pub position: i32,
    pub source: ItemSource,
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
                item_groups::item_id.eq(row.id),
                item_groups::rater_group_id.eq(g),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// The whole questionnaire of a round, in the order the form shows it.
pub fn load(conn: &mut DbConnection, round: RoundId) -> QueryResult<Questionnaire> {
    let theme_rows: Vec<ThemeRow> = themes::table
        .filter(themes::round_id.eq(round))
        .order(themes::position.asc())
        .select(ThemeRow::as_select())
        .load(conn)?;
    let item_rows: Vec<ItemRow> = items::table
        .filter(items::round_id.eq(round))
        .order(items::position.asc())
        .select(ItemRow::as_select())
        .load(conn)?;
    let targets: Vec<(ItemId, GroupId)> = item_groups::table
        .inner_join(items::table)
        .filter(items::round_id.eq(round))
        .select((item_groups::item_id, item_groups::rater_group_id))
        .load(conn)?;
    let mut groups_by_item: HashMap<ItemId, Vec<GroupId>> = HashMap::new();
    for (item, group) in targets {
        groups_by_item.entry(item).or_default().push(group);
    }
    let mut themes: Vec<Theme> = theme_rows
        .into_iter()
        .map(|t| Theme {
            id: t.id,
            title: t.title,
            intro: t.intro,
            items: Vec::new(),
        })
        .collect();
    for row in item_rows {
        let kind = match (row.kind.as_str(), row.max_chars) {
            ("scale", _) => ItemKind::Scale,
            ("open", Some(n)) => ItemKind::Open {
                max_chars: u32::try_from(n).map_err(|_| corrupt("items.max_chars"))?,
            },
            _ => return Err(corrupt("items.kind")),
        };
        let (id, theme_id) = (row.id, row.theme_id);
        let mut groups = groups_by_item.remove(&id).unwrap_or_default();
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
        .filter(themes::round_id.eq(round))
        .order(themes::position.asc())
        .select(ThemeRow::as_select())
        .load(conn)
}

/// The items of a round as stored, in order.
pub fn items_of(conn: &mut DbConnection, round: RoundId) -> QueryResult<Vec<ItemRow>> {
    items::table
        .filter(items::round_id.eq(round))
        .order(items::position.asc())
        .select(ItemRow::as_select())
        .load(conn)
}

/// Takes an item and its targeting out of a round.
pub fn delete_item(conn: &mut DbConnection, round: RoundId, item: ItemId) -> QueryResult<bool> {
    diesel::delete(item_groups::table.filter(item_groups::item_id.eq(item))).execute(conn)?;
    let n = diesel::delete(
        items::table
            .filter(items::id.eq(item))
            .filter(items::round_id.eq(round)),
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
            .filter(items::id.eq(item))
            .filter(items::round_id.eq(round)),
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
    diesel::delete(item_groups::table.filter(item_groups::item_id.eq(item))).execute(conn)?;
    for g in groups {
        diesel::insert_into(item_groups::table)
            .values((
                item_groups::item_id.eq(item),
                item_groups::rater_group_id.eq(g),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Puts an item of a round at `position` (the order within its theme).
pub fn set_item_position(
    conn: &mut DbConnection,
    round: RoundId,
    item: ItemId,
    position: i32,
) -> QueryResult<()> {
    diesel::update(
        items::table
            .filter(items::id.eq(item))
            .filter(items::round_id.eq(round)),
    )
    .set(items::position.eq(position))
    .execute(conn)
    .map(|_| ())
}

/// Puts a theme of a round at `position`.
pub fn set_theme_position(
    conn: &mut DbConnection,
    round: RoundId,
    theme: ThemeId,
    position: i32,
) -> QueryResult<()> {
    diesel::update(
        themes::table
            .filter(themes::id.eq(theme))
            .filter(themes::round_id.eq(round)),
    )
    .set(themes::position.eq(position))
    .execute(conn)
    .map(|_| ())
}
