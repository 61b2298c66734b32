//! What Klankbord promises a referent about their answers, in the words of
//! the invitation and the form (B1 Dutch). One text for both, so they never
//! drift apart; README "What is stored, and who can learn what" says the same
//! precisely.

/// How answers are kept.
pub const STORAGE_PROMISE: &str = "Uw antwoorden worden versleuteld bewaard tot de vragenlijst \
     sluit. Daarna tellen wij ze op, bewaren wij alleen de uitkomsten en wissen wij uw losse \
     antwoorden en de sleutel. Wie de database beheert, kan uw antwoorden niet lezen en niet \
     aan u koppelen. Alleen wie de database én de geheime sleutel van de server heeft, zou \
     ze kunnen lezen zolang de vragenlijst open is. Die sleutel wordt apart bewaard.";

/// When a group is shown apart (`k + c` respondents), in the words of the invitation.
pub fn group_rule_text(shown_apart_from: u32) -> String {
    format!(
        "Een groep krijgt alleen eigen uitkomsten als minstens {shown_apart_from} mensen uit \
         die groep hebben gereageerd. Anders telt uw antwoord alleen mee in het totaal. Een \
         cijfer dat iets over één persoon zou verraden, tonen wij niet."
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_group_rule_names_the_number_it_is_given() {
        assert!(group_rule_text(4).contains("minstens 4 mensen"));
    }
}
