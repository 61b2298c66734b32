//! A municipality's own look (*huisstijl*): the griffier, or the platform
//! admin, uploads a logo and a design-tokens file and removes them again.
//! Every page of the municipality links them; anyone may fetch them (the
//! referent's form shows them too). Every change is in the audit log.

use crate::domain::audit::AuditAction;
use crate::domain::design_tokens::DesignTokens;
use crate::domain::house_style::HouseStyleStamp;
use crate::domain::ids::{MunicipalityId, StaffId};
use crate::domain::logo::{Logo, LogoFormat};
use crate::domain::permission::Permission;
use crate::service::access::Platform;
use crate::service::{Klankbord, ServiceError};
use crate::store::house_styles::{self as house_styles, HouseStyleRow};
use crate::store::{DbConnection, StoreError, corrupt, municipalities, write_transaction};

/// What the griffier's page shows.
#[derive(Clone, Debug)]
pub struct HouseStyleOverview {
    pub municipality: String,
    pub stamp: Option<HouseStyleStamp>,
    /// How many design tokens are stored.
    pub tokens: usize,
}

/// A part to remove.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HouseStylePart {
    Tokens,
    Logo,
}

impl Klankbord {
    /// The griffier or the platform admin: the municipality's name, or
    /// 404 (not of this municipality) / 403 (another role).
    fn require_house_style(
        &self,
        c: &mut DbConnection,
        person: StaffId,
        municipality: MunicipalityId,
    ) -> Result<String, ServiceError> {
        match self.require(c, person, municipality, Permission::ManageHouseStyle) {
            Ok(access) => Ok(access.name),
            Err(refused @ (ServiceError::NotFound(_) | ServiceError::Forbidden(_))) => {
                if self
                    .require(c, person, Platform, Permission::AdministerPlatform)
                    .is_err()
                {
                    return Err(refused);
                }
                match municipalities::get_municipality(c, municipality).map_err(StoreError::from) {
                    Ok(m) => Ok(m.name),
                    Err(StoreError::NotFound) => {
                        Err(ServiceError::NotFound("Deze gemeente bestaat niet.".into()))
                    }
                    Err(e) => Err(e.into()),
                }
            }
            Err(e) => Err(e),
        }
    }

    /// The page of the municipality's look.
    pub fn house_style_overview(
        &self,
        person: StaffId,
        municipality: MunicipalityId,
    ) -> Result<HouseStyleOverview, ServiceError> {
        let mut conn = self.conn()?;
        let name = self.require_house_style(&mut conn, person, municipality)?;
        let stamp = house_styles::stamp(&mut conn, municipality)?;
        let tokens = house_styles::tokens(&mut conn, municipality)?.map_or(0, |(css, _)| {
            css.lines().filter(|l| l.starts_with("  --")).count()
        });
        Ok(HouseStyleOverview {
            municipality: name,
            stamp,
            tokens,
        })
    }

    /// The stamp for the links of a page (no permission: the links are on
    /// the referent's form too).
    pub fn house_style_stamp(
        &self,
        municipality: MunicipalityId,
    ) -> Result<Option<HouseStyleStamp>, ServiceError> {
        Ok(house_styles::stamp(&mut *self.conn()?, municipality)?)
    }

    /// The stored tokens as CSS and their version, for anyone.
    pub fn house_style_css(
        &self,
        municipality: MunicipalityId,
    ) -> Result<Option<(String, i64)>, ServiceError> {
        Ok(house_styles::tokens(&mut *self.conn()?, municipality)?)
    }

    /// The stored logo, its format and version, for anyone.
    pub fn house_style_logo(
        &self,
        municipality: MunicipalityId,
    ) -> Result<Option<(Vec<u8>, LogoFormat, i64)>, ServiceError> {
        match house_styles::logo(&mut *self.conn()?, municipality)? {
            None => Ok(None),
            Some((bytes, kind, version)) => {
                let format =
                    LogoFormat::parse(&kind).ok_or_else(|| corrupt("house_styles.logo_type"))?;
                Ok(Some((bytes, format, version)))
            }
        }
    }

    /// Checks and stores a design-tokens file (the cleaned declarations,
    /// not the upload): the number of tokens, or why it is refused
    /// (`Invalid`, nothing stored).
    #[tracing::instrument(skip_all)]
    pub fn upload_design_tokens(
        &self,
        person: StaffId,
        municipality: MunicipalityId,
        file: &[u8],
    ) -> Result<usize, ServiceError> {
        let mut conn = self.conn()?;
        write_transaction(&mut conn, |c| {
            self.require_house_style(c, person, municipality)?;
            let tokens =
                DesignTokens::parse(file).map_err(|e| ServiceError::Invalid(e.to_string()))?;
            let css = tokens.to_css();
            self.change(c, municipality, |row| row.tokens_css = Some(css))?;
            self.audit(
                c,
                municipality,
                person,
                AuditAction::HouseStyleChanged,
                &format!("ontwerptokens geplaatst ({})", tokens.len()),
            )?;
            Ok(tokens.len())
        })
    }

    /// Checks, rewrites and stores a logo, or says why it is refused
    /// (`Invalid`, nothing stored).
    #[tracing::instrument(skip_all)]
    pub fn upload_logo(
        &self,
        person: StaffId,
        municipality: MunicipalityId,
        file: &[u8],
    ) -> Result<(), ServiceError> {
        let mut conn = self.conn()?;
        write_transaction(&mut conn, |c| {
            self.require_house_style(c, person, municipality)?;
            let logo = Logo::parse(file).map_err(|e| ServiceError::Invalid(e.to_string()))?;
            let detail = format!(
                "logo geplaatst ({} × {} pixels, {})",
                logo.width(),
                logo.height(),
                logo.format().content_type()
            );
            self.change(c, municipality, |row| {
                row.logo = Some(logo.bytes().to_vec());
                row.logo_type = Some(logo.format().content_type().to_owned());
            })?;
            self.audit(
                c,
                municipality,
                person,
                AuditAction::HouseStyleChanged,
                &detail,
            )?;
            Ok(())
        })
    }

    /// Removes one part; removing what is not there is refused (409).
    #[tracing::instrument(skip_all)]
    pub fn remove_house_style_part(
        &self,
        person: StaffId,
        municipality: MunicipalityId,
        part: HouseStylePart,
    ) -> Result<(), ServiceError> {
        let mut conn = self.conn()?;
        write_transaction(&mut conn, |c| {
            self.require_house_style(c, person, municipality)?;
            let stamp = house_styles::stamp(c, municipality)?;
            let (present, detail) = match part {
                HouseStylePart::Tokens => (
                    stamp.is_some_and(|s| s.has_tokens),
                    "ontwerptokens verwijderd",
                ),
                HouseStylePart::Logo => (stamp.is_some_and(|s| s.has_logo), "logo verwijderd"),
            };
            if !present {
                return Err(ServiceError::Conflict(
                    "Dit deel van de huisstijl is er niet (meer); er is niets verwijderd.".into(),
                ));
            }
            self.change(c, municipality, |row| match part {
                HouseStylePart::Tokens => row.tokens_css = None,
                HouseStylePart::Logo => {
                    row.logo = None;
                    row.logo_type = None;
                }
            })?;
            self.audit(
                c,
                municipality,
                person,
                AuditAction::HouseStyleChanged,
                detail,
            )?;
            Ok(())
        })
    }

    /// Reads the row under a lock, applies `f`, and stores it with the next
    /// version.
    fn change(
        &self,
        c: &mut DbConnection,
        municipality: MunicipalityId,
        f: impl FnOnce(&mut HouseStyleRow),
    ) -> Result<(), ServiceError> {
        house_styles::lock(c, municipality)?;
        let now = self.now_secs();
        let mut row = house_styles::get(c, municipality)?.unwrap_or(HouseStyleRow {
            municipality_id: municipality,
            tokens_css: None,
            logo: None,
            logo_type: None,
            version: 0,
            updated_at: now,
        });
        f(&mut row);
        row.version += 1;
        row.updated_at = now;
        house_styles::save(c, &row)?;
        Ok(())
    }
}
