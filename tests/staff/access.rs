//! Who may open which page: generated, not hand-picked.

#![allow(unused_imports)]
use klankbord::domain::audit::System;
use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use crate::common::browser::{Browser, Resp};
use crate::common::{Backend, TestApp, invite, setup_round, spawn_app};
use crate::support::*;
use crate::{both_backends, common, common::mail};
use klankbord::domain::email::EmailAddress;
use klankbord::domain::ids::{MunicipalityId, RoundId, StaffId};
use klankbord::domain::staff::{ResultsAccess, Role, results_access};
use klankbord::domain::text::PersonName;
use klankbord::security::totp;

// ---------------------------------------------------------------------------
// The access matrix of every staff route.
//
// `RULES` is the spec: per registered route (method + pattern) who may use
// it, written from the README ("Roles and signing in") and issue 4 — not
// derived from the app's own checks (only the results pages use the domain
// rule `results_access`, which has tests of its own). The completeness check
// reads the route registrations from the source, so a new `/mijn` or
// `/beheer` route without a rule turns this red.
// ---------------------------------------------------------------------------

use klankbord::domain::round::RoundState;
use klankbord::domain::sharing::SharingMode;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Method {
    Get,
    Post,
}

/// What the rule of a route is about.
#[derive(Clone, Copy, Debug)]
enum Scope {
    /// `/mijn`: everyone signed in.
    Home,
    /// The platform admin's pages: 404 for everyone else.
    Platform,
    /// A page of one municipality: 404 without a role there.
    Municipality(fn(Role) -> Verdict),
    /// As `Municipality`, and open to the platform admin too (the house
    /// style).
    MunicipalityOrAdmin(fn(Role) -> Verdict),
    /// A page of one round, in the three states of a round (same sharing
    /// mode): 404 without a role in its municipality.
    Round(fn(Role, &Case) -> Verdict),
    /// As `Round`, also in every sharing mode and with the burgemeester kept
    /// off the final list of referenten.
    RoundEveryCase(fn(Role, &Case) -> Verdict),
    /// A page of the kabinet van de CdK of one province: what the own
    /// kabinet gets; 404 for everyone else (another province's kabinet, every
    /// municipality role, the platform admin).
    Province(Verdict),
}

/// What a person with a role in the municipality gets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Verdict {
    Allowed,
    /// 403 with the reason.
    Forbidden,
    /// 404: the page does not exist for them.
    Hidden,
    /// 409: theirs to do, but not in this state (no verslag yet, the meeting
    /// still to come).
    Conflict,
}
use Verdict::{Allowed, Conflict, Forbidden, Hidden};

/// A round the matrix is run against.
#[derive(Clone, Copy, Debug)]
struct Case {
    id: RoundId,
    state: RoundState,
    sharing: SharingMode,
    mayor_sees_raters: bool,
}

struct Rule {
    method: Method,
    /// The pattern exactly as registered.
    pattern: &'static str,
    scope: Scope,
    /// The fields a POST sends besides `csrf`: none (an empty form), except
    /// where an empty form is refused before the role check is reached.
    /// `{own_clerk}` is the id of the own municipality's griffier.
    fields: &'static [(&'static str, &'static str)],
}

const fn rule(method: Method, pattern: &'static str, scope: Scope) -> Rule {
    Rule {
        method,
        pattern,
        scope,
        fields: &[],
    }
}

const fn with_fields(rule: Rule, fields: &'static [(&'static str, &'static str)]) -> Rule {
    Rule { fields, ..rule }
}

fn only(wanted: &'static [Role]) -> impl Fn(Role) -> Verdict {
    move |role| {
        if wanted.contains(&role) {
            Allowed
        } else {
            Forbidden
        }
    }
}

fn clerk(role: Role) -> Verdict {
    only(&[Role::Clerk])(role)
}
fn clerk_or_hidden(role: Role) -> Verdict {
    if role == Role::Clerk { Allowed } else { Hidden }
}
fn dossier_readers(role: Role) -> Verdict {
    only(&[Role::Clerk, Role::Chair, Role::DelegationMember])(role)
}
fn clerk_round(role: Role, _: &Case) -> Verdict {
    clerk(role)
}
fn mayor_round(role: Role, _: &Case) -> Verdict {
    only(&[Role::Mayor])(role)
}
/// The griffier, the klankbordcommissie and the burgemeester: everyone of
/// the conversation except the council at large.
fn participants(role: Role, _: &Case) -> Verdict {
    only(&[
        Role::Clerk,
        Role::Chair,
        Role::DelegationMember,
        Role::Mayor,
    ])(role)
}
/// Who decides on voordrachten: the commissie and the griffier.
fn deciders(role: Role, _: &Case) -> Verdict {
    only(&[Role::Clerk, Role::Chair, Role::DelegationMember])(role)
}
fn agenda_authors(role: Role, _: &Case) -> Verdict {
    only(&[Role::Chair, Role::DelegationMember, Role::Mayor])(role)
}
fn final_list(role: Role, case: &Case) -> Verdict {
    match role {
        Role::Clerk | Role::Chair | Role::DelegationMember => Allowed,
        Role::Mayor if case.mayor_sees_raters => Allowed,
        _ => Forbidden,
    }
}
fn results(role: Role, case: &Case) -> Verdict {
    match results_access(&[role], case.sharing, case.state) {
        ResultsAccess::Full | ResultsAccess::Summary => Allowed,
        _ => Forbidden,
    }
}
/// The comments to review exist once the round is closed and published.
fn redacters(role: Role, case: &Case) -> Verdict {
    match deciders(role, case) {
        Allowed if case.state != RoundState::Closed => Hidden,
        verdict => verdict,
    }
}
/// What those allowed get where there is nothing (yet) to act on.
fn when_allowed(verdict: Verdict, instead: Verdict) -> Verdict {
    if verdict == Allowed { instead } else { verdict }
}
/// Redacting comment 1 of open question 1: the matrix's rounds have no
/// comments (nobody answered), so it does not exist for those who may redact.
fn redact_one(role: Role, case: &Case) -> Verdict {
    when_allowed(deciders(role, case), Hidden)
}
/// The griffier's verslag actions that need a verslag: the matrix's rounds
/// have none, so for the griffier there is nothing to act on (404).
fn clerk_no_verslag(role: Role, case: &Case) -> Verdict {
    when_allowed(clerk_round(role, case), Hidden)
}
/// The griffier's actions that the round's state refuses (409): a verslag
/// is begun after the meeting (still to come), and only a vastgesteld one
/// goes to the CdK.
fn clerk_not_yet(role: Role, case: &Case) -> Verdict {
    when_allowed(clerk_round(role, case), Conflict)
}
/// Who comments on the concept: the participants of the gesprek
/// (voorzitter, delegatieleden, burgemeester), not the griffier who writes
/// it. There is no concept in the matrix's rounds (404).
fn commenters_no_verslag(role: Role, _: &Case) -> Verdict {
    when_allowed(
        only(&[Role::Chair, Role::DelegationMember, Role::Mayor])(role),
        Hidden,
    )
}
/// Who signs: the participants the municipality's setting names, of a
/// definitive version. Without a verslag nobody of the municipality must
/// sign (403 with the reason).
fn no_signers(_: Role, _: &Case) -> Verdict {
    Forbidden
}
/// The archive copy: for those who may read a vastgesteld verslag without
/// having taken part (the griffier and the current commissie, setting on by
/// default); nobody of the matrix took part, and no verslag is vastgesteld
/// (404 for those readers).
fn archive_readers(role: Role, case: &Case) -> Verdict {
    when_allowed(deciders(role, case), Hidden)
}
/// Removing a referent's address on request: the griffier's, until the
/// round closes (409 after). The round in preparation has no invitation
/// (an unknown one: 404).
fn erase_on_request(role: Role, case: &Case) -> Verdict {
    let instead = match case.state {
        RoundState::Draft => Hidden,
        RoundState::Open => Allowed,
        RoundState::Closed => Conflict,
    };
    when_allowed(clerk_round(role, case), instead)
}
fn export(role: Role, case: &Case) -> Verdict {
    match results_access(&[role], case.sharing, case.state) {
        ResultsAccess::Full => Allowed,
        _ => Forbidden,
    }
}

use Method::{Get, Post};
use Scope::{Home, Municipality, MunicipalityOrAdmin, Platform, Province, Round, RoundEveryCase};

/// Who may use which route. The clerk's actions come last: the griffier's
/// own *sluiten* closes the round.
#[rustfmt::skip] // one rule a line: it is a table
const RULES: &[Rule] = &[
    rule(Get,  "/mijn", Home),
    rule(Get,  "/beheer", Platform),
    rule(Post, "/beheer/gemeenten", Platform),
    // Provinces: empty forms are refused with the form (422).
    rule(Get,  "/beheer/provincies", Platform),
    rule(Post, "/beheer/provincies", Platform),
    rule(Post, "/beheer/provincies/{province}/gemeenten", Platform),
    rule(Post, "/beheer/provincies/{province}/kabinet", Platform),
    // The kabinet's own province: its page; a voortgangsgesprek (an empty
    // form is refused with the form, 422); `{cdk_meeting}` is one it
    // recorded, removed by its own kabinet. `{round}` is a round of a
    // municipality in the province that was not sent to it: not found.
    rule(Get,  "/mijn/provincies/{province}", Province(Allowed)),
    rule(Post, "/mijn/provincies/{province}/voortgangsgesprekken", Province(Allowed)),
    rule(Get,  "/mijn/provincies/{province}/voortgangsgesprekken/{cdk_meeting}/verwijderen", Province(Allowed)),
    rule(Post, "/mijn/provincies/{province}/voortgangsgesprekken/{cdk_meeting}/verwijderen", Province(Allowed)),
    rule(Get,  "/mijn/provincies/{province}/verslagen/{round}", Province(Hidden)),
    rule(Get,  "/mijn/provincies/{province}/verslagen/{round}/verslag.pdf", Province(Hidden)),
    rule(Get,  "/mijn/gemeenten/{municipality}/mensen", Municipality(clerk_or_hidden)),
    rule(Post, "/mijn/gemeenten/{municipality}/mensen/toevoegen", Municipality(clerk_or_hidden)),
    // The griffier's own griffier role may not be taken back (409).
    rule(Post, "/mijn/gemeenten/{municipality}/mensen/{person}/{role}/intrekken", Municipality(clerk_or_hidden)),
    rule(Get,  "/mijn/gemeenten/{municipality}/inlogdienst", Municipality(clerk_or_hidden)),
    rule(Post, "/mijn/gemeenten/{municipality}/inlogdienst/{person}/uitnodigen", Municipality(clerk_or_hidden)),
    rule(Get,  "/mijn/gemeenten/{municipality}/logboek", Municipality(clerk_or_hidden)),
    rule(Get,  "/mijn/gemeenten/{municipality}/rondes", Municipality(clerk)),
    // An empty form: every contact detail unset (the griffier's shown instead).
    rule(Get,  "/mijn/gemeenten/{municipality}/instellingen", Municipality(clerk)),
    rule(Post, "/mijn/gemeenten/{municipality}/instellingen", Municipality(clerk)),
    rule(Get,  "/mijn/gemeenten/{municipality}/huisstijl", MunicipalityOrAdmin(clerk)),
    // Multipart with an empty file: refused with the form (422).
    rule(Post, "/mijn/gemeenten/{municipality}/huisstijl/logo", MunicipalityOrAdmin(clerk)),
    rule(Post, "/mijn/gemeenten/{municipality}/huisstijl/ontwerptokens", MunicipalityOrAdmin(clerk)),
    // Nothing to remove: 409.
    rule(Post, "/mijn/gemeenten/{municipality}/huisstijl/logo/verwijderen", MunicipalityOrAdmin(clerk)),
    rule(Post, "/mijn/gemeenten/{municipality}/huisstijl/ontwerptokens/verwijderen", MunicipalityOrAdmin(clerk)),
    // The dossier of the newest burgemeester (not the matrix's burgemeester
    // account: its address is not the burgemeester's, so a later one), for
    // the griffier and the current commissie (setting on by default);
    // nobody of the matrix took part in a gesprek.
    rule(Get,  "/mijn/gemeenten/{municipality}/dossier", Municipality(dossier_readers)),
    rule(Get,  "/mijn/gemeenten/{municipality}/dossier/verloop", Municipality(dossier_readers)),
    // An empty form: refused with the form (no headings, 422).
    rule(Get,  "/mijn/gemeenten/{municipality}/verslag-instellingen", Municipality(clerk)),
    rule(Post, "/mijn/gemeenten/{municipality}/verslag-instellingen", Municipality(clerk)),
    // An empty form: refused with the form (no number of months, 422).
    rule(Get,  "/mijn/gemeenten/{municipality}/bewaartermijnen", Municipality(clerk)),
    rule(Post, "/mijn/gemeenten/{municipality}/bewaartermijnen", Municipality(clerk)),
    rule(Get,  "/mijn/gemeenten/{municipality}/rondes/nieuw", Municipality(clerk)),
    // An empty form: refused with the form (no meeting date to propose for).
    rule(Post, "/mijn/gemeenten/{municipality}/rondes/nieuw", Municipality(clerk)),
    rule(Post, "/mijn/gemeenten/{municipality}/rondes/nieuw/voorstellen", Municipality(clerk)),
    rule(Get,  "/mijn/rondes/{round}", Round(clerk_round)),
    rule(Get,  "/mijn/rondes/{round}/instellingen", Round(clerk_round)),
    rule(Post, "/mijn/rondes/{round}/instellingen", Round(clerk_round)),
    rule(Post, "/mijn/rondes/{round}/instellingen/voorstellen", Round(clerk_round)),
    rule(Get,  "/mijn/rondes/{round}/groepen", Round(clerk_round)),
    // A group without a name: refused with the form (422), or the groups are
    // fixed (409). `{group}` is a group of the round without referenten: the
    // griffier removes it from the draft round.
    rule(Post, "/mijn/rondes/{round}/groepen/toevoegen", Round(clerk_round)),
    rule(Post, "/mijn/rondes/{round}/groepen/{group}/wijzigen", Round(clerk_round)),
    rule(Post, "/mijn/rondes/{round}/groepen/{group}/verwijderen", Round(clerk_round)),
    rule(Get,  "/mijn/rondes/{round}/vragenlijst", Round(clerk_round)),
    // Empty forms: refused with the form (422), or the questionnaire is
    // fixed (409). `{item}` is an item of the round, taken out of the draft
    // round last; the bank item put back is still there (409).
    rule(Post, "/mijn/rondes/{round}/vragenlijst/vragen/{item}/tekst", Round(clerk_round)),
    rule(Post, "/mijn/rondes/{round}/vragenlijst/vragen/{item}/groepen", Round(clerk_round)),
    // `{item}` is the first item of the first theme: up is 409, down moves it.
    rule(Post, "/mijn/rondes/{round}/vragenlijst/vragen/{item}/omhoog", Round(clerk_round)),
    rule(Post, "/mijn/rondes/{round}/vragenlijst/vragen/{item}/omlaag", Round(clerk_round)),
    rule(Post, "/mijn/rondes/{round}/vragenlijst/vragen/{item}/weghalen", Round(clerk_round)),
    rule(Post, "/mijn/rondes/{round}/vragenlijst/vragenbank/{key}/terugzetten", Round(clerk_round)),
    rule(Post, "/mijn/rondes/{round}/vragenlijst/thema/{theme}/vragen", Round(clerk_round)),
    rule(Post, "/mijn/rondes/{round}/vragenlijst/thema/{theme}/omhoog", Round(clerk_round)),
    rule(Post, "/mijn/rondes/{round}/vragenlijst/thema/{theme}/omlaag", Round(clerk_round)),
    rule(Post, "/mijn/rondes/{round}/vragenlijst/profielschets/controleren", Round(clerk_round)),
    rule(Post, "/mijn/rondes/{round}/vragenlijst/profielschets", Round(clerk_round)),
    rule(Get,  "/mijn/rondes/{round}/vragenlijst/voorbeeld/{group}", Round(participants)),
    rule(Get,  "/mijn/rondes/{round}/referenten", Round(clerk_round)),
    rule(Post, "/mijn/rondes/{round}/referenten/controleren", Round(clerk_round)),
    rule(Post, "/mijn/rondes/{round}/referenten/importeren", Round(clerk_round)),
    rule(Post, "/mijn/rondes/{round}/referenten/toevoegen", Round(clerk_round)),
    // The burgemeester's suggestion, approved: an invitation (see `{invitation}`).
    rule(Post, "/mijn/rondes/{round}/referenten/{invitation}/verwijderen", Round(clerk_round)),
    // One referent's failed mail sent again: asks first. (No failed mail
    // here: the page says so, the POST is a conflict.)
    rule(Get,  "/mijn/rondes/{round}/referenten/{invitation}/opnieuw-versturen", Round(clerk_round)),
    rule(Post, "/mijn/rondes/{round}/referenten/{invitation}/opnieuw-versturen", Round(clerk_round)),
    rule(Post, "/mijn/rondes/{round}/referenten/bestand", Round(clerk_round)),
    // The burgemeester and the commissie suggest, the commissie or the
    // griffier decide: each of them has something to post here. (An unknown
    // step is a bad request; an empty suggestion is refused with the form.)
    rule(Get,  "/mijn/rondes/{round}/voordrachten", Round(participants)),
    rule(Post, "/mijn/rondes/{round}/voordrachten/voordragen", Round(participants)),
    // The burgemeester's suggestion in the round (see `{nomination}`).
    rule(Post, "/mijn/rondes/{round}/voordrachten/{nomination}/goedkeuren", Round(deciders)),
    with_fields(
        rule(Post, "/mijn/rondes/{round}/voordrachten/{nomination}/afwijzen", Round(deciders)),
        &[("reden", "Past niet in deze ronde")],
    ),
    rule(Get,  "/mijn/rondes/{round}/referentenlijst", RoundEveryCase(final_list)),
    rule(Get,  "/mijn/rondes/{round}/reflectie", Round(participants)),
    rule(Post, "/mijn/rondes/{round}/reflectie", Round(mayor_round)),
    rule(Get,  "/mijn/rondes/{round}/agenda", Round(participants)),
    // The delegation and the burgemeester add items (an empty one is refused
    // with the form); the griffier moves them (the round's only item, up:
    // it stays where it is; down: it cannot, 409) and removes it last.
    rule(Post, "/mijn/rondes/{round}/agenda/punten", Round(agenda_authors)),
    rule(Post, "/mijn/rondes/{round}/agenda/punten/{agenda_item}/omhoog", Round(clerk_round)),
    rule(Post, "/mijn/rondes/{round}/agenda/punten/{agenda_item}/omlaag", Round(clerk_round)),
    rule(Post, "/mijn/rondes/{round}/agenda/punten/{agenda_item}/verwijderen", Round(clerk_round)),
    rule(Get,  "/mijn/rondes/{round}/afspraken", Round(participants)),
    // Before the meeting (409) or an empty form (422); an empty status is
    // refused before the agreement is looked up.
    rule(Post, "/mijn/rondes/{round}/afspraken/vastleggen", Round(clerk_round)),
    rule(Post, "/mijn/rondes/{round}/afspraken/{agreement}/status", Round(clerk_round)),
    rule(Get,  "/mijn/rondes/{round}/deelmodus", Round(mayor_round)),
    rule(Post, "/mijn/rondes/{round}/deelmodus", Round(mayor_round)),
    rule(Get,  "/mijn/rondes/{round}/zelfevaluatie", Round(mayor_round)),
    rule(Post, "/mijn/rondes/{round}/zelfevaluatie", Round(mayor_round)),
    rule(Get,  "/mijn/rondes/{round}/uitkomsten", RoundEveryCase(results)),
    rule(Get,  "/mijn/rondes/{round}/uitkomsten.csv", RoundEveryCase(export)),
    // The confirmation pages (what the action will do), in every state.
    rule(Get,  "/mijn/rondes/{round}/uitnodigen", Round(clerk_round)),
    rule(Get,  "/mijn/rondes/{round}/herinneren", Round(clerk_round)),
    rule(Get,  "/mijn/rondes/{round}/sluiten", Round(clerk_round)),
    rule(Get,  "/mijn/rondes/{round}/uitkomsten.json", RoundEveryCase(export)),
    rule(Get,  "/mijn/rondes/{round}/toelichtingen", Round(redacters)),
    rule(Post, "/mijn/rondes/{round}/toelichtingen/{question}/{comment}", Round(redact_one)),
    rule(Get,  "/mijn/rondes/{round}/uitkomsten.pdf", RoundEveryCase(export)),
    // The verslag. The matrix's rounds have none, and their meeting is still
    // to come. Before there is one, its page tells the participants of the
    // gesprek that the griffier writes it; the raad at large never reads it.
    rule(Get,  "/mijn/rondes/{round}/verslag", Round(participants)),
    rule(Post, "/mijn/rondes/{round}/verslag/beginnen", Round(clerk_not_yet)),
    rule(Post, "/mijn/rondes/{round}/verslag/deelnemers", Round(clerk_no_verslag)),
    // Valid headings, so the role is what decides.
    with_fields(
        rule(Post, "/mijn/rondes/{round}/verslag/koppen", Round(clerk_no_verslag)),
        &[("koppen", "Terugblik\nToekomst\nAfspraken"), ("afspraken", "Afspraken")],
    ),
    rule(Post, "/mijn/rondes/{round}/verslag/koppen/{position}", Round(clerk_no_verslag)),
    // The text is required and checked before the role: sent, so the role
    // check is reached. `{kanttekening}` and `{comment}` do not exist.
    with_fields(
        rule(Post, "/mijn/rondes/{round}/verslag/kanttekeningen/{kanttekening}", Round(clerk_no_verslag)),
        &[("kanttekening-{kanttekening}", "De voorzitter ziet dit anders")],
    ),
    rule(Get,  "/mijn/rondes/{round}/verslag/concept-delen", Round(clerk_no_verslag)),
    rule(Post, "/mijn/rondes/{round}/verslag/concept-delen", Round(clerk_no_verslag)),
    with_fields(
        rule(Post, "/mijn/rondes/{round}/verslag/commentaar", Round(commenters_no_verslag)),
        &[("kop", "0"), ("commentaar-0", "Graag iets scherper")],
    ),
    with_fields(
        rule(Post, "/mijn/rondes/{round}/verslag/commentaar/{comment}/verwerken", Round(clerk_no_verslag)),
        &[("uitkomst", "verwerkt")],
    ),
    rule(Get,  "/mijn/rondes/{round}/verslag/definitief", Round(clerk_no_verslag)),
    rule(Post, "/mijn/rondes/{round}/verslag/definitief", Round(clerk_no_verslag)),
    // A correction needs a vastgesteld verslag.
    rule(Get,  "/mijn/rondes/{round}/verslag/correctie", Round(clerk_not_yet)),
    rule(Post, "/mijn/rondes/{round}/verslag/correctie", Round(clerk_not_yet)),
    rule(Get,  "/mijn/rondes/{round}/verslag/ondertekenen", Round(no_signers)),
    rule(Post, "/mijn/rondes/{round}/verslag/ondertekenen", Round(no_signers)),
    rule(Post, "/mijn/rondes/{round}/verslag/ondertekenen/inlogdienst", Round(no_signers)),
    rule(Get,  "/mijn/rondes/{round}/verslag.pdf", Round(archive_readers)),
    // The own municipality is in the kabinet's province; the verslag is not
    // vastgesteld (409).
    rule(Get,  "/mijn/rondes/{round}/verslag-naar-cdk", Round(clerk_not_yet)),
    rule(Post, "/mijn/rondes/{round}/verslag-naar-cdk", Round(clerk_not_yet)),
    rule(Post, "/mijn/rondes/{round}/uitnodigen", Round(clerk_round)),
    rule(Post, "/mijn/rondes/{round}/herinneren", Round(clerk_round)),
    rule(Post, "/mijn/rondes/{round}/sluiten", Round(clerk_round)),
    // Removing a referent's address on request (last: it removes the open
    // round's invitation).
    rule(Get,  "/mijn/rondes/{round}/referenten/{invitation}/adres-verwijderen", Round(erase_on_request)),
    rule(Post, "/mijn/rondes/{round}/referenten/{invitation}/adres-verwijderen", Round(erase_on_request)),
    // Last, as they change the province: the admin revokes the own
    // kabinet's role and unlinks the own municipality (each asked first).
    rule(Get,  "/beheer/provincies/{province}/gemeenten/{municipality}/ontkoppelen", Platform),
    rule(Get,  "/beheer/provincies/{province}/kabinet/{staff}/intrekken", Platform),
    rule(Post, "/beheer/provincies/{province}/kabinet/{staff}/intrekken", Platform),
    rule(Post, "/beheer/provincies/{province}/gemeenten/{municipality}/ontkoppelen", Platform),
];

/// The `/mijn` and `/beheer` routes as registered in `src/web/routes`, with
/// their methods: every path literal passed to `resource(` or `route(`, and
/// the `web::get()` / `web::post()` that follow it before the next one.
fn registered_routes() -> BTreeSet<(Method, String)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/web/routes");
    let mut found = BTreeSet::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let src = std::fs::read_to_string(&path).unwrap();
        // (offset after the literal, the literal) of every registration.
        let mut literals: Vec<(usize, String)> = Vec::new();
        for call in ["resource(", "route("] {
            for (at, _) in src.match_indices(call) {
                let rest = &src[at + call.len()..];
                let trimmed = rest.trim_start();
                if let Some(lit) = trimmed.strip_prefix('"') {
                    let lit = &lit[..lit.find('"').unwrap()];
                    let end = at + call.len() + (rest.len() - trimmed.len()) + lit.len() + 2;
                    literals.push((end, lit.to_owned()));
                }
            }
        }
        literals.sort();
        for (n, (end, lit)) in literals.iter().enumerate() {
            let stop = literals
                .get(n + 1)
                .map(|(next, _)| *next)
                .unwrap_or(src.len())
                .min(src[*end..].find("\n}\n").map_or(src.len(), |i| end + i));
            let methods = &src[*end..stop];
            if !(lit.starts_with("/mijn") || lit.starts_with("/beheer")) {
                continue;
            }
            assert!(
                !methods.contains("web::put()")
                    && !methods.contains("web::delete()")
                    && !methods.contains("web::patch()")
                    && !methods.contains("web::head()"),
                "{lit}: a method the matrix does not know yet: {methods}"
            );
            let mut any = false;
            for (m, call) in [(Get, "web::get()"), (Post, "web::post()")] {
                if methods.contains(call) {
                    found.insert((m, lit.clone()));
                    any = true;
                }
            }
            assert!(any, "{lit} in {}: no method found", path.display());
        }
    }
    found
}

/// Every registered route has exactly one rule, and every rule a route.
fn assert_rules_are_complete() {
    let registered = registered_routes();
    let ruled: BTreeSet<(Method, String)> = RULES
        .iter()
        .map(|r| (r.method, r.pattern.to_owned()))
        .collect();
    let missing: Vec<_> = registered.difference(&ruled).collect();
    assert!(
        missing.is_empty(),
        "routes without a rule in RULES: {missing:?}"
    );
    let stale: Vec<_> = ruled.difference(&registered).collect();
    assert!(
        stale.is_empty(),
        "rules for routes that are not registered: {stale:?}"
    );
    let mut seen = BTreeSet::new();
    for r in RULES {
        assert!(
            seen.insert((r.method, r.pattern, r.fields)),
            "two rules for {} {:?}",
            r.pattern,
            r.method
        );
    }
}

#[test]
fn every_registered_staff_route_has_a_rule() {
    assert_rules_are_complete();
}

/// Who asks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Who {
    NotSignedIn,
    /// A platform admin without any role in a municipality.
    PlatformAdmin,
    /// A role in the round's own municipality, or in another one.
    Member {
        role: Role,
        own: bool,
    },
    /// Kabinet van de CdK in the own municipality's province, or in another
    /// province; no role in any municipality.
    Kabinet {
        own: bool,
    },
}

/// What the spec says a person gets: `None` for "allowed".
fn expected(rule: &Rule, who: Who, case: Option<&Case>) -> Option<Verdict> {
    let verdict = match (who, rule.scope) {
        (Who::NotSignedIn, _) => unreachable!(),
        (_, Home) => Allowed,
        (Who::PlatformAdmin, Platform | MunicipalityOrAdmin(_)) => Allowed,
        (_, Platform) => Hidden,
        (Who::Kabinet { own: true }, Province(verdict)) => verdict,
        (_, Province(_)) => Hidden,
        (Who::PlatformAdmin | Who::Kabinet { .. }, _) | (Who::Member { own: false, .. }, _) => {
            Hidden
        }
        (Who::Member { role, .. }, Municipality(f) | MunicipalityOrAdmin(f)) => f(role),
        (Who::Member { role, .. }, Round(f) | RoundEveryCase(f)) => f(role, case.unwrap()),
    };
    (verdict != Allowed).then_some(verdict)
}

/// An id that names nothing.
const UNKNOWN: &str = "00000000-0000-4000-8000-000000000000";

/// Ids of one round the patterns name.
struct RoundIds {
    item: String,
    theme: String,
    group: String,
    agenda_item: String,
}

/// Every staff route × method × person (not signed in, each role in the
/// round's own municipality and in another, a platform admin without roles,
/// the kabinet van de CdK of the own municipality's province and of another)
/// × round (draft, open, closed; the results and the final list also in every
/// sharing mode and with `mayor_sees_raters` off): the exact status.
async fn the_access_matrix_of_every_staff_route(backend: Backend) {
    assert_rules_are_complete();
    let app = spawn_app(backend).await;
    let draft = setup_round(&app, 3);
    let own = municipality_of(&app, draft);
    let other = app
        .svc
        .create_municipality(
            System::Cli,
            klankbord::service::setup::NewMunicipality {
                name: klankbord::domain::text::PlaceName::parse("Anderstad").unwrap(),
                clerk_name: PersonName::parse("Ander").unwrap(),
                clerk_email: EmailAddress::parse("griffie@anderstad.example").unwrap(),
            },
        )
        .unwrap();
    let k = klankbord::domain::round::MinGroupSize::DEFAULT;
    let regular = klankbord::domain::round::RoundKind::Regular;
    let mut cases = vec![Case {
        id: draft,
        state: RoundState::Draft,
        sharing: SharingMode::AlsoMayor,
        mayor_sees_raters: true,
    }];
    for (n, (state, sharing, sees)) in [
        (RoundState::Open, SharingMode::AlsoMayor, true),
        (RoundState::Closed, SharingMode::AlsoMayor, true),
        (RoundState::Open, SharingMode::DelegationOnly, true),
        (RoundState::Closed, SharingMode::DelegationOnly, true),
        (RoundState::Open, SharingMode::AlsoCouncil, true),
        (RoundState::Closed, SharingMode::AlsoCouncil, true),
        (RoundState::Open, SharingMode::AlsoMayor, false),
    ]
    .into_iter()
    .enumerate()
    {
        let id = common::new_round(&app, own, regular, k);
        let mode = app.db.query(&format!(
            "UPDATE rounds SET sharing_mode = '{}', mayor_sees_raters = {} WHERE id = '{id}' RETURNING id AS v",
            sharing.code(),
            i32::from(sees)
        ));
        assert_eq!(mode.len(), 1);
        let emails: Vec<String> = (0..4).map(|i| format!("r{i}-{n}@x.example")).collect();
        let rows: Vec<(&str, &str, &str)> = emails
            .iter()
            .map(|e| ("Referent", e.as_str(), "gemeenteraad"))
            .collect();
        invite(&app, id, &rows);
        if state == RoundState::Closed {
            app.svc.close_round(System::Cli, id).unwrap();
        }
        let info = app.svc.round_info(id).unwrap();
        assert_eq!(
            (info.state, info.sharing, info.mayor_sees_raters),
            (state, sharing, sees)
        );
        cases.push(Case {
            id,
            state,
            sharing,
            mayor_sees_raters: sees,
        });
    }

    // Everyone signs in once; the griffier of the own municipality goes last,
    // so their own *sluiten* comes after everyone else's attempts.
    let mut people: Vec<(Who, Browser, String)> =
        vec![(Who::NotSignedIn, app.browser(), String::new())];
    let admin = "beheer@hosting.example";
    app.svc
        .create_staff(
            System::Cli,
            &EmailAddress::parse(admin).unwrap(),
            &PersonName::parse("Beheerder").unwrap(),
            true,
        )
        .unwrap();
    let mut accounts = vec![(Who::PlatformAdmin, admin.to_owned())];
    // The own municipality's province with its kabinet, and another
    // province with its own; the own kabinet recorded a voortgangsgesprek
    // with the own burgemeester.
    let (mut province, mut own_kabinet) = (None, None);
    for (own_province, name) in [(false, "Gelderland"), (true, "Utrecht")] {
        let p = app
            .svc
            .create_province(
                System::Cli,
                klankbord::service::provinces::NewProvince {
                    name: klankbord::domain::text::PlaceName::parse(name).unwrap(),
                    contact_email: EmailAddress::parse(&format!("kabinet@{name}.example")).unwrap(),
                },
            )
            .unwrap();
        let email = format!("kabinet-{own_province}@x.example");
        let id = app
            .svc
            .add_kabinet_member(
                System::Cli,
                p,
                &EmailAddress::parse(&email).unwrap(),
                &PersonName::parse("Karin Kabinet").unwrap(),
            )
            .unwrap();
        if own_province {
            app.svc
                .link_municipality_to_province(System::Cli, p, own)
                .unwrap();
            (province, own_kabinet) = (Some(p), Some(id));
        }
        accounts.push((Who::Kabinet { own: own_province }, email));
    }
    let (province, own_kabinet) = (province.unwrap(), own_kabinet.unwrap());
    let mayor = app.db.query(&format!(
        "SELECT mayor_id AS v FROM rounds WHERE id = '{draft}'"
    ));
    let recorded = app
        .svc
        .record_cdk_meeting(
            own_kabinet,
            province,
            &klankbord::service::provinces::CdkMeetingForm {
                mayor: mayor[0].clone(),
                held_on: "2030-03-01".into(),
            },
        )
        .unwrap();
    assert!(matches!(recorded, klankbord::service::meeting::Edit::Done));
    let cdk_meeting = app.db.query("SELECT id AS v FROM cdk_meetings");
    assert_eq!(cdk_meeting.len(), 1);
    let (mut own_clerk, mut own_mayor) = (None, None);
    for own_municipality in [false, true] {
        for role in Role::ALL.into_iter().rev() {
            let email = format!("{}-{own_municipality}@x.example", role.code());
            let m = if own_municipality { own } else { other };
            let id = person(&app, &email, Some((m, role)));
            match (own_municipality, role) {
                (true, Role::Clerk) => own_clerk = Some(id),
                (true, Role::Mayor) => own_mayor = Some(id),
                _ => {}
            }
            accounts.push((
                Who::Member {
                    role,
                    own: own_municipality,
                },
                email,
            ));
        }
    }
    let own_clerk = own_clerk.unwrap();
    // One agenda item in each round, from the burgemeester, for the
    // griffier to move.
    let mut agenda_items = std::collections::HashMap::new();
    let mut nominations = std::collections::HashMap::new();
    let mut invitations = std::collections::HashMap::new();
    for case in &cases[..3] {
        app.svc
            .change_agenda(
                own_mayor.unwrap(),
                case.id,
                klankbord::service::meeting::AgendaChange::Add("Samenwerking".into()),
            )
            .unwrap();
        let item = app.db.query(&format!(
            "SELECT id AS v FROM agenda_items WHERE round_id = '{}'",
            case.id
        ));
        assert_eq!(item.len(), 1);
        agenda_items.insert(case.id, item[0].clone());
        // The burgemeester's suggestion, made while the round took them (a
        // closed round is opened for it a moment).
        let set_state = |state: RoundState| {
            app.db.query(&format!(
                "UPDATE rounds SET state = '{}' WHERE id = '{}' RETURNING id AS v",
                state.code(),
                case.id
            ))
        };
        if case.state == RoundState::Closed {
            set_state(RoundState::Open);
        }
        app.svc
            .nominate(
                own_mayor.unwrap(),
                case.id,
                &klankbord::domain::nomination::NewNomination::parse(
                    "Vera Voorgedragen",
                    &format!("vera-{}@x.example", case.id),
                    "gemeenteraad",
                    "Kent de burgemeester uit de regio",
                )
                .unwrap(),
            )
            .unwrap();
        set_state(case.state);
        let nomination = app.db.query(&format!(
            "SELECT id AS v FROM nominations WHERE round_id = '{}'",
            case.id
        ));
        assert_eq!(nomination.len(), 1);
        nominations.insert(case.id, nomination[0].clone());
        let invitation = app.db.query(&format!(
            "SELECT id AS v FROM invitations WHERE round_id = '{}' ORDER BY id",
            case.id
        ));
        // A round in preparation has none yet: an unknown one is refused
        // the same way (409 for the griffier).
        let invitation = invitation
            .first()
            .cloned()
            .unwrap_or_else(|| klankbord::domain::ids::InvitationId::random().to_string());
        invitations.insert(case.id, invitation);
    }
    // Per round an item and its theme, and a group without referenten.
    let mut round_ids = std::collections::HashMap::new();
    for case in &cases[..3] {
        let q = app.svc.composed_questionnaire(own_clerk, case.id).unwrap();
        let group = app
            .svc
            .round_groups(case.id)
            .unwrap()
            .into_iter()
            .rfind(|g| !g.is_self && g.key != "gemeenteraad")
            .unwrap();
        round_ids.insert(
            case.id,
            RoundIds {
                item: q.themes[0].items[0].item.id.to_string(),
                theme: q.themes[0].id.to_string(),
                group: group.id.to_string(),
                agenda_item: agenda_items[&case.id].clone(),
            },
        );
    }
    for (who, email) in accounts {
        let mut b = app.browser();
        sign_in(&app, &mut b, &email, None).await;
        let home = b.get("/mijn").await;
        assert_eq!(home.status, 200, "{who:?}");
        let csrf = home.csrf();
        people.push((who, b, csrf));
    }
    assert_eq!(people.len(), 4 + 2 * Role::ALL.len());
    assert_eq!(
        people.last().unwrap().0,
        Who::Member {
            role: Role::Clerk,
            own: true
        }
    );

    let mut requests = 0;
    let mut wrong: Vec<String> = Vec::new();
    for rule in RULES {
        let rounds: Vec<Option<&Case>> = match rule.scope {
            Round(_) => cases[..3].iter().map(Some).collect(),
            RoundEveryCase(_) => cases.iter().map(Some).collect(),
            _ => vec![None],
        };
        for case in rounds {
            let mut path = rule
                .pattern
                .replace("{municipality}", &own.to_string())
                .replace("{person}", &own_clerk.to_string())
                .replace("{role}", "griffier")
                .replace("{province}", &province.to_string())
                .replace("{staff}", &own_kabinet.to_string())
                .replace("{cdk_meeting}", &cdk_meeting[0]);
            if let Some(case) = case {
                path = path.replace("{round}", &case.id.to_string());
                if let Some(n) = nominations.get(&case.id) {
                    path = path.replace("{nomination}", n);
                }
                if let Some(i) = invitations.get(&case.id) {
                    path = path.replace("{invitation}", i);
                }
            }
            if let Some(ids) = case.and_then(|c| round_ids.get(&c.id)) {
                path = path
                    .replace("/groepen/{group}/", &format!("/groepen/{}/", ids.group))
                    .replace("{item}", &ids.item)
                    .replace("{theme}", &ids.theme)
                    .replace("{agenda_item}", &ids.agenda_item)
                    .replace("{agreement}", UNKNOWN)
                    .replace("{key}", "integriteit-voorbeeld");
            }
            path = path
                .replace("{group}", "gemeenteraad")
                .replace("{question}/{comment}", "1/1")
                .replace("{comment}", UNKNOWN)
                .replace("{kanttekening}", UNKNOWN)
                .replace("{position}", "0")
                // A province's route: a round of the own municipality.
                .replace("{round}", &draft.to_string());
            for (who, b, csrf) in &mut people {
                let got = match rule.method {
                    Get => b.get(&path).await,
                    Post if path.ends_with("/bestand")
                        || path.ends_with("/huisstijl/logo")
                        || path.ends_with("/huisstijl/ontwerptokens") =>
                    {
                        b.post_multipart(&path, &[("csrf", csrf.as_str())], &[])
                            .await
                    }
                    Post => {
                        let mut form = vec![("csrf".to_owned(), csrf.clone())];
                        for (name, value) in rule.fields {
                            let value = value.replace("{own_clerk}", &own_clerk.to_string());
                            form.push((name.replace("{kanttekening}", UNKNOWN), value));
                        }
                        b.post(&path, &form).await
                    }
                };
                requests += 1;
                let at = format!("{:?} {path} as {who:?} in {case:?}", rule.method);
                let to_sign_in = got.status == 303
                    && got.location().is_some_and(|l| l.starts_with("/aanmelden"));
                let ok = if *who == Who::NotSignedIn {
                    to_sign_in
                } else {
                    match (expected(rule, *who, case), rule.method) {
                        (Some(Forbidden), _) => {
                            got.status == 403 && !got.body.contains("Dit formulier is verlopen")
                        }
                        (Some(Hidden), _) => got.status == 404,
                        (Some(Conflict), _) => got.status == 409,
                        (Some(Allowed), _) => unreachable!(),
                        (None, Get) => got.status == 200,
                        // Not a denial: the form is refused (422), it
                        // conflicts with the round (409), or it is done (303
                        // back, not to the sign-in).
                        (None, Post) => !to_sign_in && [303, 409, 422].contains(&got.status),
                    }
                };
                if !ok {
                    let expected = match who {
                        Who::NotSignedIn => "303 to /aanmelden".to_owned(),
                        _ => format!("{:?}", expected(rule, *who, case)),
                    };
                    let title = got
                        .body
                        .split("<title>")
                        .nth(1)
                        .and_then(|t| t.split('<').next());
                    wrong.push(format!(
                        "{at}: got {} {:?} {title:?}, expected {expected}",
                        got.status,
                        got.location()
                    ));
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {requests}:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
    // Every person × every rule × its rounds: nothing skipped.
    let expected: usize = RULES
        .iter()
        .map(|r| match r.scope {
            Round(_) => 3,
            RoundEveryCase(_) => cases.len(),
            Home | Platform | Municipality(_) | MunicipalityOrAdmin(_) | Province(_) => 1,
        })
        .sum::<usize>()
        * people.len();
    println!("access matrix: {requests} requests");
    assert_eq!(requests, expected);
    // What was read is in the audit log, never what it said.
    let log = app
        .db
        .query("SELECT action || ' ' || detail AS v FROM audit_log");
    assert!(log.iter().any(|l| l.starts_with("uitkomsten bekeken")));
    assert!(log.iter().any(|l| l.starts_with("export gedownload")));
    assert!(log.iter().any(|l| l.starts_with("aangemeld")));
}

/// Every demo account signs in with its printed key and finds the demo's
/// content on its screens; a second `demo` adds nothing.
async fn the_demo_roles_sign_in_and_read_what_they_may(backend: Backend) {
    use klankbord::service::demo_meeting::{DEMO_AGENDA, DEMO_DECLINE_REASON};
    let app = spawn_app(backend).await;
    let first = app.svc.demo().unwrap();
    let report = app.svc.demo().unwrap();
    assert!(first.created && !report.created);
    assert_eq!(
        first.round, report.round,
        "the second run finds the same demo"
    );
    let (open, closed) = (report.round, report.closed_round.unwrap());
    let municipality = municipality_of(&app, open);
    let accounts = app.svc.demo_staff();
    assert_eq!(
        accounts.len(),
        10,
        "a platform admin, the kabinet, five roles in Voorbeeldrecht and three in Voorbeeldveen"
    );
    let count = |body: &str, text: &str| body.matches(text).count();
    for account in accounts {
        let secret = data_encoding::BASE32_NOPAD
            .decode(account.secret.as_bytes())
            .unwrap();
        let mut b = app.browser();
        sign_in(&app, &mut b, &account.email, Some(&secret)).await;
        let home = b.get("/mijn").await;
        if account.kabinet {
            // The kabinet of the demo province: the vastgesteld verslag of
            // the earlier round, sent by the griffier, and nothing else.
            let at = home.body.find("/mijn/provincies/").expect("the province");
            let link: String = home.body[at..].chars().take_while(|c| *c != '"').collect();
            let province = b.get(&link).await;
            assert_eq!(province.status, 200);
            let verslag = format!("{link}/verslagen/{closed}");
            assert!(province.body.contains(&verslag), "{}", province.body);
            let read = b.get(&verslag).await;
            assert_eq!(read.status, 200);
            assert!(read.body.contains("Kanttekening") && read.body.contains("Vera Jansen"));
            let pdf = b.get(&format!("{verslag}/verslag.pdf")).await;
            assert_eq!(pdf.status, 200);
            for page in ["", "/uitkomsten", "/referenten", "/verslag"] {
                let got = b.get(&format!("/mijn/rondes/{closed}{page}")).await;
                assert_eq!(got.status, 404, "the kabinet on {page}");
            }
            continue;
        }
        if account.municipality == Some("Voorbeeldveen") {
            // The second municipality: its verslag is a concept with the
            // voorzitter's comment; Voorbeeldrecht's rounds are not theirs.
            let role = account.role.unwrap();
            let at = home.body.find("/mijn/rondes/").expect("their round");
            let round: String = home.body[at + 13..].chars().take(36).collect();
            let verslag = b.get(&format!("/mijn/rondes/{round}/verslag")).await;
            assert_eq!(verslag.status, 200, "{role:?}");
            assert!(verslag.body.contains("Concept"), "{}", verslag.body);
            // Each participant sees their own comments; the griffier all.
            assert_eq!(
                verslag
                    .body
                    .contains("bewonersavonden wil helpen organiseren"),
                role != Role::Mayor,
                "{role:?} and the voorzitter's comment"
            );
            assert_eq!(
                verslag.body.contains("Verwerken"),
                role == Role::Clerk,
                "{role:?}"
            );
            if role == Role::Clerk {
                // The round is closed: a small group stays hidden for good.
                let page = b.get(&format!("/mijn/rondes/{round}")).await;
                assert!(page.body.contains("nee (minder dan 4 ingevuld)"));
                assert!(!page.body.contains("nog niet (vanaf"));
            }
            for page in ["", "/uitkomsten", "/verslag"] {
                let got = b.get(&format!("/mijn/rondes/{closed}{page}")).await;
                assert_eq!(got.status, 404, "Voorbeeldveen's {role:?} on {page}");
            }
            continue;
        }
        let Some(role) = account.role else {
            assert!(home.body.contains("/beheer"), "{}", home.body);
            let admin = b.get("/beheer").await;
            assert_eq!(admin.status, 200);
            assert!(admin.body.contains("Voorbeeldrecht") && admin.body.contains("Petra Bakker"));
            let results = b.get(&format!("/mijn/rondes/{closed}/uitkomsten")).await;
            assert_eq!(
                results.status, 404,
                "the platform admin sees no round content"
            );
            continue;
        };
        assert!(
            home.body
                .contains(&format!("{} in Voorbeeldrecht", role.label())),
            "{}",
            home.body
        );
        let page = b.get(&format!("/mijn/rondes/{closed}/uitkomsten")).await;
        let expected = match role {
            Role::CouncilMember => 403, // the demo's sharing mode is "ook-burgemeester"
            _ => 200,
        };
        assert_eq!(page.status, expected, "{role:?}");
        if expected == 200 {
            assert!(page.body.contains("<svg") && page.body.contains("Zelfbeeld"));
        }

        let nominations = b.get(&format!("/mijn/rondes/{open}/voordrachten")).await;
        let agenda = b.get(&format!("/mijn/rondes/{open}/agenda")).await;
        let reflection = b.get(&format!("/mijn/rondes/{closed}/reflectie")).await;
        // The earlier round's verslag is vastgesteld: the griffier and those
        // who took part (the commissie, the burgemeester) read it.
        let verslag = b.get(&format!("/mijn/rondes/{closed}/verslag")).await;
        if role == Role::CouncilMember {
            assert_eq!(verslag.status, 403);
        } else {
            assert_eq!(verslag.status, 200, "{role:?}");
            assert!(verslag.body.contains("Vastgesteld op"), "{}", verslag.body);
            assert!(verslag.body.contains("Kanttekening"));
        }
        let agreements = b.get(&format!("/mijn/rondes/{closed}/afspraken")).await;
        if role == Role::CouncilMember {
            for page in [&nominations, &agenda, &reflection, &agreements] {
                assert_eq!(page.status, 403);
            }
            continue;
        }
        for page in [&nominations, &agenda, &reflection, &agreements] {
            assert_eq!(page.status, 200, "{role:?}: {}", page.body);
        }
        // Voordrachten: the burgemeester sees their own, the declined one
        // with its reason; the others see all three, once each.
        assert_eq!(
            count(&nominations.body, "Jeroen Vos"),
            1,
            "{}",
            nominations.body
        );
        assert!(nominations.body.contains(DEMO_DECLINE_REASON));
        assert!(nominations.body.contains("Anouk de Graaf"));
        assert_eq!(
            nominations.body.contains("Pieter Hoekstra"),
            role != Role::Mayor,
            "{role:?}"
        );
        // The agenda: one item of each side, and the earlier round's agreements.
        for item in DEMO_AGENDA {
            assert_eq!(count(&agenda.body, item), 1, "{role:?}: {}", agenda.body);
        }
        assert!(
            agenda.body.contains("van de commissie") && agenda.body.contains("van de burgemeester")
        );
        assert!(agenda.body.contains("Afspraken van het vorige gesprek"));
        assert!(agenda.body.contains("elk kwartaal een afdeling"));
        // The earlier round: the reflection on the council and the agreements.
        assert!(
            reflection.body.contains("De raad vraagt scherp door"),
            "{}",
            reflection.body
        );
        assert!(agreements.body.contains("Loopt") && agreements.body.contains("Afgerond"));
        assert_eq!(count(&agreements.body, "binnen een week na een besluit"), 1);

        if role == Role::Clerk {
            let people = b
                .get(&format!("/mijn/gemeenten/{municipality}/mensen"))
                .await;
            assert_eq!(people.status, 200);
            assert!(people.body.contains("Vera Jansen"));
            let raters = b.get(&format!("/mijn/rondes/{open}/referenten")).await;
            assert!(
                raters.body.contains("Pieter Hoekstra"),
                "the approved voordracht is on the list"
            );
            let questionnaire = b.get(&format!("/mijn/rondes/{open}/vragenlijst")).await;
            assert_eq!(questionnaire.status, 200);
        }
        if role == Role::Mayor {
            let own = b.get(&format!("/mijn/rondes/{open}/reflectie")).await;
            assert!(
                own.body.contains("<form"),
                "the open round's reflection is still to do"
            );
        }
    }
}

both_backends!(
    the_demo_roles_sign_in_and_read_what_they_may,
    the_access_matrix_of_every_staff_route,
);
