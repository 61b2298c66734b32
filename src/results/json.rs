//! The released view as JSON: the same text from the command line
//! (`klankbord results --format json`) and the web (`…/uitkomsten.json`).

use crate::results::ReleasedView;

/// `{"state": "closed", "view": …}`, pretty-printed, ending in a newline.
pub fn released_json(view: &ReleasedView) -> String {
    let value = serde_json::json!({ "state": "closed", "view": view });
    serde_json::to_string_pretty(&value).unwrap_or_default() + "\n"
}
