//! From counts to the published view, and summaries and exports of it. Pure
//! functions: no I/O. Everything shown or exported about a closed round
//! derives from a [`ReleasedView`], never from raw answers.

pub mod build;
pub mod csv;
pub mod figures;
pub mod json;
pub mod summary;
pub mod term;
pub mod view;

pub use build::{Comment, RoundData, build_view};
pub use view::{
    CellView, CommentBlock, GroupView, ItemType, ItemView, ReleaseKind, ReleasedView, ThemeView,
};
