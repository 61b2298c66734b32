//! The griffier composes a round's questionnaire while the round is in
//! preparation: take items out or put bank items back, change wording and
//! targeting, add the competencies of the profielschets and own items. From
//! the first invitation on the questionnaire is fixed (every referent gets
//! the same questions). The delegation and the burgemeester may preview the
//! form per group.

use crate::domain::audit::AuditAction;
use crate::domain::group::RaterGroup;
use crate::domain::ids::{GroupId, ItemId, RoundId, StaffId, ThemeId};
use crate::domain::order::{Move, moved};
use crate::domain::permission::Permission;
use crate::domain::question_bank::{BANK, BankItem};
use crate::domain::questionnaire::{
    DEFAULT_OPEN_MAX_CHARS, Item, ItemKind, ItemSource, ItemText, OPEN_MAX_CHARS_LIMIT,
    PROFILE_THEME_INTRO, PROFILE_THEME_KEY, PROFILE_THEME_TITLE, Questionnaire, next_key,
};
use crate::service::round_info::{self, RoundInfo};
use crate::service::setup::{insert_bank_item, with_self};
use crate::service::{Klankbord, ServiceError};
use crate::store::questionnaire::{ItemRow, ThemeRow};
use crate::store::{DbConnection, corrupt, questionnaire, rounds, write_transaction};

/// Why the questionnaire cannot change any more.
pub const FIXED: &str = "De vragenlijst ligt vast sinds de eerste uitnodiging is verstuurd: alle referenten krijgen dezelfde vragen. U kunt de vragenlijst nog wel bekijken.";
const NOT_IN_ROUND: &str = "Deze vraag staat niet (meer) in de vragenlijst.";

/// One change to the questionnaire, its input already parsed.
#[derive(Clone, Debug)]
pub enum QuestionnaireEdit {
    /// Take an item out of the round.
    Remove { item: ItemId },
    /// Put an item of the bank back (by its bank key).
    Restore { key: String },
    /// New wording; an open question keeps its length limit.
    Reword { item: ItemId, text: ItemText },
    /// The rater groups (by key) that get the item; the self-assessment follows.
    Retarget { item: ItemId, groups: Vec<String> },
    /// Competencies of the profielschets, each a statement for every group.
    AddCompetencies { lines: Vec<ItemText> },
    /// An own statement or open question in a theme, for every group.
    AddOwn {
        theme: ThemeId,
        kind: ItemKind,
        text: ItemText,
    },
    /// An item one place up or down within its theme.
    MoveItem { item: ItemId, to: Move },
    /// A theme one place up or down.
    MoveTheme { theme: ThemeId, to: Move },
}

/// An item as the griffier sees it: where it comes from and who gets it.
#[derive(Clone, Debug)]
pub struct ComposedItem {
    pub item: Item,
    pub source: ItemSource,
}

#[derive(Clone, Debug)]
pub struct ComposedTheme {
    pub id: ThemeId,
    pub title: String,
    pub items: Vec<ComposedItem>,
    /// Items of the bank for this theme that are not in the round.
    pub missing: Vec<BankItem>,
}

/// The whole questionnaire of a round for the griffier.
#[derive(Clone, Debug)]
pub struct ComposedQuestionnaire {
    pub info: RoundInfo,
    pub groups: Vec<RaterGroup>,
    pub themes: Vec<ComposedTheme>,
    /// Whether it can still change (the round is in preparation).
    pub editable: bool,
}

/// The form exactly as one group will get it.
#[derive(Clone, Debug)]
pub struct QuestionnairePreview {
    pub info: RoundInfo,
    pub group: RaterGroup,
    pub questionnaire: Questionnaire,
}

impl Klankbord {
    /// The questionnaire with every item's source and groups, and the bank's
    /// items that are not in it, for the griffier.
    pub fn composed_questionnaire(
        &self,
        person: StaffId,
        round: RoundId,
    ) -> Result<ComposedQuestionnaire, ServiceError> {
        let mut conn = self.conn()?;
        let c = &mut *conn;
        let info = self
            .require(c, person, round, Permission::ComposeQuestionnaire)?
            .info;
        let groups = rounds::groups_of(c, round)?;
        let theme_rows = questionnaire::themes_of(c, round)?;
        let item_rows = questionnaire::items_of(c, round)?;
        let source_of = |id: ItemId| -> Result<ItemSource, ServiceError> {
            let row = item_rows
                .iter()
                .find(|r| r.id == id)
                .ok_or_else(|| corrupt("items.id"))?;
            Ok(row.source)
        };
        let themes = questionnaire::load(c, round)?
            .themes
            .into_iter()
            .map(|t| {
                let key = theme_rows
                    .iter()
                    .find(|r| r.id == t.id)
                    .map(|r| r.key.as_str())
                    .unwrap_or_default();
                let missing = BANK
                    .iter()
                    .filter(|b| b.key == key)
                    .flat_map(|b| b.items.iter())
                    .filter(|b| !item_rows.iter().any(|r| r.key == b.key))
                    .copied()
                    .collect();
                let items = t
                    .items
                    .into_iter()
                    .map(|item| {
                        Ok(ComposedItem {
                            source: source_of(item.id)?,
                            item,
                        })
                    })
                    .collect::<Result<_, ServiceError>>()?;
                Ok(ComposedTheme {
                    id: t.id,
                    title: t.title,
                    items,
                    missing,
                })
            })
            .collect::<Result<_, ServiceError>>()?;
        Ok(ComposedQuestionnaire {
            editable: !info.state.questionnaire_fixed(),
            info,
            groups,
            themes,
        })
    }

    /// The form as the group with `group_key` will see it: the same choice
    /// of items as for a referent of that group. For the griffier, the
    /// delegation and the burgemeester of the municipality.
    pub fn preview_questionnaire(
        &self,
        person: StaffId,
        round: RoundId,
        group_key: &str,
    ) -> Result<QuestionnairePreview, ServiceError> {
        let mut conn = self.conn()?;
        let info = self
            .require(&mut conn, person, round, Permission::PreviewQuestionnaire)?
            .info;
        let group = rounds::groups_of(&mut conn, round)?
            .into_iter()
            .find(|g| g.key == group_key && !g.is_self)
            .ok_or_else(|| {
                ServiceError::NotFound("Deze groep bestaat niet in deze ronde.".into())
            })?;
        let questionnaire = questionnaire::load(&mut conn, round)?.for_group(group.id);
        Ok(QuestionnairePreview {
            info,
            group,
            questionnaire,
        })
    }

    /// Changes the questionnaire, only while the round is in preparation;
    /// every change goes into the audit log (what kind, in which theme —
    /// never more than that).
    #[tracing::instrument(skip_all)]
    pub fn edit_questionnaire(
        &self,
        person: StaffId,
        round: RoundId,
        edit: QuestionnaireEdit,
    ) -> Result<(), ServiceError> {
        let mut conn = self.conn()?;
        write_transaction(&mut conn, |c| {
            let info = self
                .require(c, person, round, Permission::ComposeQuestionnaire)?
                .info;
            rounds::lock_round(c, round)?;
            if round_info::load(c, round)?.state.questionnaire_fixed() {
                return Err(ServiceError::Conflict(FIXED.into()));
            }
            let detail = apply(c, round, edit)?;
            self.audit(
                c,
                info.municipality_id,
                person,
                AuditAction::QuestionnaireChanged,
                &detail,
            )?;
            Ok(())
        })
    }
}

/// The round's questionnaire as stored, to change it.
struct Stored {
    themes: Vec<ThemeRow>,
    items: Vec<ItemRow>,
    groups: Vec<RaterGroup>,
}

impl Stored {
    fn item(&self, id: ItemId) -> Result<&ItemRow, ServiceError> {
        self.items
            .iter()
            .find(|r| r.id == id)
            .ok_or_else(|| ServiceError::NotFound(NOT_IN_ROUND.into()))
    }

    fn theme_title(&self, id: ThemeId) -> &str {
        self.themes
            .iter()
            .find(|t| t.id == id)
            .map(|t| t.title.as_str())
            .unwrap_or_default()
    }

    /// After every item, and after the bank's places (restored bank items keep theirs).
    fn next_position(&self) -> i32 {
        let bank = BANK.iter().map(|t| t.items.len()).sum::<usize>() as i32;
        self.items
            .iter()
            .map(|i| i.position + 1)
            .max()
            .unwrap_or(0)
            .max(bank)
    }

    fn next_key(&self, source: ItemSource) -> String {
        next_key(
            source.key_prefix(),
            self.items.iter().map(|i| i.key.as_str()),
        )
    }

    /// Every rater group, and the self-assessment.
    fn everyone(&self) -> Vec<GroupId> {
        let raters = self
            .groups
            .iter()
            .filter(|g| !g.is_self)
            .map(|g| g.id)
            .collect();
        with_self(raters, &self.groups)
    }

    /// The theme with `key`, created at the end when the round lacks it.
    fn theme(
        &mut self,
        c: &mut DbConnection,
        round: RoundId,
        key: &str,
        title: &str,
        intro: &str,
    ) -> Result<ThemeId, ServiceError> {
        if let Some(t) = self.themes.iter().find(|t| t.key == key) {
            return Ok(t.id);
        }
        let row = ThemeRow {
            id: ThemeId::random(),
            round_id: round,
            key: key.into(),
            title: title.into(),
            intro: intro.into(),
            position: self
                .themes
                .iter()
                .map(|t| t.position + 1)
                .max()
                .unwrap_or(0),
        };
        questionnaire::insert_theme(c, &row)?;
        let id = row.id;
        self.themes.push(row);
        Ok(id)
    }

    fn insert(
        &mut self,
        c: &mut DbConnection,
        round: RoundId,
        theme_id: ThemeId,
        source: ItemSource,
        kind: ItemKind,
        text: &str,
    ) -> Result<(), ServiceError> {
        let row = ItemRow {
            id: ItemId::random(),
            round_id: round,
            theme_id,
            key: self.next_key(source),
            kind: kind.code().into(),
            text: text.into(),
            max_chars: match kind {
                ItemKind::Scale => None,
                ItemKind::Open { max_chars } => Some(max_chars as i32),
            },
            position: self.next_position(),
            source,
        };
        questionnaire::insert_item(c, &row, &self.everyone())?;
        self.items.push(row);
        Ok(())
    }
}

/// The places (positions) of entries in their current order, strictly
/// increasing, so that handing them out in a new order changes it.
fn slots(positions: impl Iterator<Item = i32>) -> Vec<i32> {
    let mut out: Vec<i32> = Vec::new();
    for p in positions {
        let p = match out.last() {
            Some(&last) if p <= last => last.saturating_add(1),
            _ => p,
        };
        out.push(p);
    }
    out
}

/// "Deze vraag staat al bovenaan in haar thema."
fn cannot_move(what: &str, within: &str, to: Move) -> ServiceError {
    let end = match to {
        Move::Up => "bovenaan",
        Move::Down => "onderaan",
    };
    ServiceError::Conflict(format!("{what} staat al {end}{within}."))
}

fn kind_label(kind: &str) -> Result<&'static str, ServiceError> {
    match kind {
        "scale" => Ok("stelling"),
        "open" => Ok("open vraag"),
        _ => Err(corrupt("items.kind").into()),
    }
}

/// Does one change; returns the audit detail.
fn apply(
    c: &mut DbConnection,
    round: RoundId,
    edit: QuestionnaireEdit,
) -> Result<String, ServiceError> {
    let mut s = Stored {
        themes: questionnaire::themes_of(c, round)?,
        items: questionnaire::items_of(c, round)?,
        groups: rounds::groups_of(c, round)?,
    };
    Ok(match edit {
        QuestionnaireEdit::Remove { item } => {
            let row = s.item(item)?;
            let detail = format!(
                "{} weggehaald: {}",
                kind_label(&row.kind)?,
                s.theme_title(row.theme_id)
            );
            questionnaire::delete_item(c, round, item)?;
            detail
        }
        QuestionnaireEdit::Restore { key } => {
            let (position, theme, item) = BANK
                .iter()
                .flat_map(|t| t.items.iter().map(move |i| (t, i)))
                .enumerate()
                .find(|(_, (_, i))| i.key == key)
                .map(|(pos, (t, i))| (pos as i32, t, i))
                .ok_or_else(|| {
                    ServiceError::NotFound("Deze vraag staat niet in de vragenbank.".into())
                })?;
            if s.items.iter().any(|r| r.key == key) {
                return Err(ServiceError::Conflict(
                    "Deze vraag staat al in de vragenlijst.".into(),
                ));
            }
            let theme_id = s.theme(c, round, theme.key, theme.title, theme.intro)?;
            insert_bank_item(c, round, theme_id, item, position, &s.groups)?;
            format!(
                "{} teruggezet: {}",
                kind_label(item.kind.code())?,
                theme.title
            )
        }
        QuestionnaireEdit::Reword { item, text } => {
            let row = s.item(item)?;
            let detail = format!(
                "{} aangepast: {}",
                kind_label(&row.kind)?,
                s.theme_title(row.theme_id)
            );
            questionnaire::set_item_text(c, round, item, text.as_str())?;
            detail
        }
        QuestionnaireEdit::Retarget { item, groups } => {
            let row = s.item(item)?;
            let chosen = groups
                .iter()
                .map(|key| {
                    s.groups
                        .iter()
                        .find(|g| g.key == *key && !g.is_self)
                        .map(|g| g.id)
                        .ok_or_else(|| ServiceError::Invalid("Deze groep bestaat niet.".into()))
                })
                .collect::<Result<Vec<_>, _>>()?;
            if chosen.is_empty() {
                return Err(ServiceError::Invalid(
                    "Kies minstens één groep die deze vraag krijgt. Wilt u de vraag aan niemand stellen? Haal hem dan uit de vragenlijst."
                        .into(),
                ));
            }
            let detail = format!("groepen aangepast: {}", s.theme_title(row.theme_id));
            questionnaire::set_item_groups(c, item, &with_self(chosen, &s.groups))?;
            detail
        }
        QuestionnaireEdit::AddCompetencies { lines } => {
            let theme_id = s.theme(
                c,
                round,
                PROFILE_THEME_KEY,
                PROFILE_THEME_TITLE,
                PROFILE_THEME_INTRO,
            )?;
            for line in &lines {
                s.insert(
                    c,
                    round,
                    theme_id,
                    ItemSource::Profile,
                    ItemKind::Scale,
                    line.as_str(),
                )?;
            }
            format!("{} stellingen uit de profielschets toegevoegd", lines.len())
        }
        QuestionnaireEdit::AddOwn { theme, kind, text } => {
            if let ItemKind::Open { max_chars } = kind
                && !(1..=OPEN_MAX_CHARS_LIMIT).contains(&max_chars)
            {
                return Err(ServiceError::Invalid(format!(
                    "Een open vraag krijgt een antwoord van hoogstens {OPEN_MAX_CHARS_LIMIT} tekens (standaard {DEFAULT_OPEN_MAX_CHARS})."
                )));
            }
            let theme_id = theme;
            let title = s
                .themes
                .iter()
                .find(|t| t.id == theme_id)
                .map(|t| t.title.clone())
                .ok_or_else(|| {
                    ServiceError::NotFound("Dit thema bestaat niet in deze ronde.".into())
                })?;
            s.insert(c, round, theme_id, ItemSource::Own, kind, text.as_str())?;
            format!("eigen {} toegevoegd: {title}", kind_label(kind.code())?)
        }
        QuestionnaireEdit::MoveItem { item, to } => {
            let row = s.item(item)?;
            let (kind, theme) = (kind_label(&row.kind)?, row.theme_id);
            let siblings: Vec<&ItemRow> = s.items.iter().filter(|r| r.theme_id == theme).collect();
            let order: Vec<ItemId> = siblings.iter().map(|r| r.id).collect();
            let new = moved(&order, &item, to)
                .ok_or_else(|| cannot_move("Deze vraag", " in haar thema", to))?;
            for (id, position) in new.iter().zip(slots(siblings.iter().map(|r| r.position))) {
                questionnaire::set_item_position(c, round, *id, position)?;
            }
            format!(
                "{kind} verplaatst ({}): {}",
                to.code(),
                s.theme_title(theme)
            )
        }
        QuestionnaireEdit::MoveTheme { theme, to } => {
            if !s.themes.iter().any(|t| t.id == theme) {
                return Err(ServiceError::NotFound(
                    "Dit thema bestaat niet in deze ronde.".into(),
                ));
            }
            let order: Vec<ThemeId> = s.themes.iter().map(|t| t.id).collect();
            let new = moved(&order, &theme, to).ok_or_else(|| cannot_move("Dit thema", "", to))?;
            for (id, position) in new.iter().zip(slots(s.themes.iter().map(|t| t.position))) {
                questionnaire::set_theme_position(c, round, *id, position)?;
            }
            format!("thema verplaatst ({}): {}", to.code(), s.theme_title(theme))
        }
    })
}
