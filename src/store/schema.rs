//! One portable schema for SQLite and PostgreSQL (see `migrations/`).

diesel::table! {
    municipalities (id) {
        id -> Text,
        name -> Text,
        clerk_name -> Text,
        clerk_email -> Text,
        created_at -> BigInt,
    }
}

diesel::table! {
    mayors (id) {
        id -> Text,
        municipality_id -> Text,
        name -> Text,
        email -> Text,
        created_at -> BigInt,
    }
}

diesel::table! {
    rounds (id) {
        id -> Text,
        municipality_id -> Text,
        mayor_id -> Text,
        kind -> Text,
        state -> Text,
        opens_on -> Text,
        closes_at -> BigInt,
        meeting_on -> Text,
        min_group_size -> Integer,
        sharing_mode -> Text,
        created_at -> BigInt,
        mayor_sees_raters -> Integer,
        self_assessed -> Integer,
    }
}

diesel::table! {
    rater_groups (id) {
        id -> Text,
        round_id -> Text,
        key -> Text,
        name -> Text,
        description -> Text,
        is_self -> Bool,
        position -> Integer,
    }
}

diesel::table! {
    themes (id) {
        id -> Text,
        round_id -> Text,
        key -> Text,
        title -> Text,
        intro -> Text,
        position -> Integer,
    }
}

diesel::table! {
    items (id) {
        id -> Text,
        round_id -> Text,
        theme_id -> Text,
        key -> Text,
        kind -> Text,
        text -> Text,
        max_chars -> Nullable<Integer>,
        position -> Integer,
        source -> Text,
    }
}

diesel::table! {
    item_groups (item_id, rater_group_id) {
        item_id -> Text,
        rater_group_id -> Text,
    }
}

diesel::table! {
    raters (id) {
        id -> Text,
        round_id -> Text,
        rater_group_id -> Text,
        name -> Text,
        email -> Text,
        created_at -> BigInt,
    }
}

diesel::table! {
    invitations (id) {
        id -> Text,
        round_id -> Text,
        rater_id -> Text,
        token_seed -> Text,
        token_hash -> Text,
        status -> Text,
    }
}

diesel::table! {
    round_keys (round_id) {
        round_id -> Text,
        sealed_key -> Binary,
    }
}

diesel::table! {
    shredding (round_id) {
        round_id -> Text,
    }
}

diesel::table! {
    drafts (id) {
        id -> Text,
        round_id -> Text,
        sealed -> Binary,
    }
}

diesel::table! {
    sealed_responses (id) {
        id -> Text,
        round_id -> Text,
        sealed -> Binary,
    }
}

diesel::table! {
    outbox (id) {
        id -> Text,
        round_id -> Text,
        invitation_id -> Nullable<Text>,
        kind -> Text,
        status -> Text,
        attempts -> Integer,
        next_attempt_at -> BigInt,
        claimed_until -> Nullable<BigInt>,
        last_error -> Nullable<Text>,
        created_at -> BigInt,
        sent_at -> Nullable<BigInt>,
        staff_id -> Nullable<Text>,
        message_id -> Text,
    }
}

diesel::table! {
    rate_limits (bucket) {
        bucket -> Text,
        window_start -> BigInt,
        hits -> Integer,
    }
}

diesel::table! {
    released_views (round_id) {
        round_id -> Text,
        computed_at -> BigInt,
        view -> Text,
    }
}

diesel::table! {
    staff (id) {
        id -> Text,
        email -> Text,
        name -> Text,
        platform_admin -> Integer,
        totp_sealed -> Nullable<Text>,
        totp_last_step -> Nullable<BigInt>,
        created_at -> BigInt,
    }
}

diesel::table! {
    memberships (staff_id, municipality_id, role) {
        staff_id -> Text,
        municipality_id -> Text,
        role -> Text,
    }
}

diesel::table! {
    sign_in_links (token_hash) {
        token_hash -> Text,
        staff_id -> Text,
        expires_at -> BigInt,
        used -> Integer,
    }
}

diesel::table! {
    staff_sessions (id_hash) {
        id_hash -> Text,
        staff_id -> Text,
        stage -> Text,
        created_at -> BigInt,
        last_seen -> BigInt,
        failures -> Integer,
        factor_at -> Nullable<BigInt>,
    }
}

diesel::table! {
    recovery_codes (code_hash) {
        code_hash -> Text,
        staff_id -> Text,
        used -> Integer,
    }
}

diesel::table! {
    audit_log (id) {
        id -> Text,
        municipality_id -> Nullable<Text>,
        staff_id -> Nullable<Text>,
        action -> Text,
        detail -> Text,
        at -> BigInt,
        system_actor -> Nullable<Text>,
    }
}

diesel::table! {
    nominations (id) {
        id -> Text,
        round_id -> Text,
        nominated_by -> Text,
        name -> Text,
        email -> Text,
        rater_group_id -> Text,
        reason -> Text,
        status -> Text,
        decided_by -> Nullable<Text>,
        decision_reason -> Nullable<Text>,
        created_at -> BigInt,
        decided_at -> Nullable<BigInt>,
    }
}

diesel::table! {
    council_reflections (round_id, topic) {
        round_id -> Text,
        topic -> Text,
        score -> Nullable<Integer>,
        remark -> Text,
        created_at -> BigInt,
    }
}

diesel::table! {
    agenda_items (id) {
        id -> Text,
        round_id -> Text,
        added_by -> Text,
        side -> Text,
        text -> Text,
        position -> Integer,
        created_at -> BigInt,
    }
}

diesel::table! {
    agreements (id) {
        id -> Text,
        round_id -> Text,
        what -> Text,
        responsible -> Text,
        monitor -> Text,
        due_on -> Text,
        status -> Text,
        status_note -> Text,
        created_at -> BigInt,
        updated_at -> BigInt,
    }
}

diesel::table! {
    agreement_status_changes (id) {
        id -> Text,
        agreement_id -> Text,
        status -> Text,
        note -> Text,
        changed_by -> Nullable<Text>,
        changed_at -> BigInt,
        position -> Integer,
    }
}

diesel::table! {
    municipality_contacts (municipality_id) {
        municipality_id -> Text,
        griffie_email -> Nullable<Text>,
        griffie_phone -> Nullable<Text>,
        privacy_email -> Nullable<Text>,
        updated_at -> BigInt,
    }
}

diesel::table! {
    house_styles (municipality_id) {
        municipality_id -> Text,
        tokens_css -> Nullable<Text>,
        logo -> Nullable<Binary>,
        logo_type -> Nullable<Text>,
        version -> BigInt,
        updated_at -> BigInt,
    }
}

diesel::joinable!(mayors -> municipalities (municipality_id));
diesel::joinable!(rounds -> municipalities (municipality_id));
diesel::joinable!(rounds -> mayors (mayor_id));
diesel::joinable!(rater_groups -> rounds (round_id));
diesel::joinable!(themes -> rounds (round_id));
diesel::joinable!(items -> themes (theme_id));
diesel::joinable!(item_groups -> items (item_id));
diesel::joinable!(raters -> rater_groups (rater_group_id));
diesel::joinable!(invitations -> raters (rater_id));
diesel::joinable!(outbox -> invitations (invitation_id));
diesel::joinable!(memberships -> staff (staff_id));
diesel::joinable!(memberships -> municipalities (municipality_id));

diesel::table! {
    verslag_settings (municipality_id) {
        municipality_id -> Text,
        headings -> Text,
        clerk_signs -> Integer,
        every_participant_signs -> Integer,
        marking -> Text,
        commission_reads_earlier -> Integer,
        updated_at -> BigInt,
    }
}

diesel::table! {
    verslagen (id) {
        id -> Text,
        round_id -> Text,
        corrects_id -> Nullable<Text>,
        state -> Text,
        created_at -> BigInt,
        updated_at -> BigInt,
        adopted_at -> Nullable<BigInt>,
        marking -> Nullable<Text>,
    }
}

diesel::table! {
    verslag_participants (verslag_id, staff_id) {
        verslag_id -> Text,
        staff_id -> Text,
        role -> Text,
    }
}

diesel::table! {
    verslag_sections (verslag_id, position) {
        verslag_id -> Text,
        position -> Integer,
        heading -> Text,
        body -> Text,
        agreements -> Integer,
    }
}

diesel::table! {
    verslag_versions (id) {
        id -> Text,
        verslag_id -> Text,
        number -> Integer,
        stage -> Text,
        document -> Text,
        hash -> Text,
        created_at -> BigInt,
    }
}

diesel::table! {
    verslag_comments (id) {
        id -> Text,
        verslag_id -> Text,
        version_id -> Text,
        section -> Integer,
        author_id -> Text,
        body -> Text,
        named -> Integer,
        created_at -> BigInt,
        outcome -> Nullable<Text>,
        reply -> Text,
        processed_at -> Nullable<BigInt>,
    }
}

diesel::table! {
    verslag_kanttekeningen (id) {
        id -> Text,
        verslag_id -> Text,
        section -> Integer,
        text -> Text,
        holder -> Nullable<Text>,
        comment_id -> Nullable<Text>,
        created_at -> BigInt,
    }
}

diesel::table! {
    verslag_signatures (version_id, staff_id) {
        version_id -> Text,
        staff_id -> Text,
        role -> Text,
        hash -> Text,
        signed_at -> BigInt,
        voided_at -> Nullable<BigInt>,
    }
}

diesel::table! {
    provinces (id) {
        id -> Text,
        name -> Text,
        contact_email -> Text,
        created_at -> BigInt,
    }
}

diesel::table! {
    province_municipalities (municipality_id) {
        municipality_id -> Text,
        province_id -> Text,
    }
}

diesel::table! {
    province_memberships (staff_id, province_id) {
        staff_id -> Text,
        province_id -> Text,
    }
}

diesel::table! {
    cdk_meetings (id) {
        id -> Text,
        province_id -> Text,
        municipality_id -> Text,
        mayor_id -> Text,
        held_on -> Text,
        created_by -> Text,
        created_at -> BigInt,
    }
}

diesel::table! {
    cdk_deliveries (verslag_id) {
        verslag_id -> Text,
        round_id -> Text,
        province_id -> Text,
        sent_by -> Text,
        sent_at -> BigInt,
    }
}

diesel::table! {
    retention_settings (municipality_id) {
        municipality_id -> Text,
        contact_months -> Integer,
        view_years -> Nullable<Integer>,
        verslag_years -> Nullable<Integer>,
        audit_years -> Nullable<Integer>,
        updated_at -> BigInt,
    }
}

diesel::table! {
    round_purges (round_id) {
        round_id -> Text,
        purged_at -> BigInt,
        raters -> Integer,
        invitations -> Integer,
        messages -> Integer,
        nominations -> Integer,
        drafts -> Integer,
    }
}

diesel::table! {
    address_erasures (id) {
        id -> Text,
        round_id -> Text,
        erased_at -> BigInt,
    }
}

diesel::allow_tables_to_appear_in_same_query!(
    municipalities,
    identity_providers,
    mayors,
    rounds,
    rater_groups,
    themes,
    items,
    item_groups,
    raters,
    invitations,
    round_keys,
    sealed_responses,
    drafts,
    shredding,
    outbox,
    rate_limits,
    released_views,
    staff,
    memberships,
    sign_in_links,
    staff_sessions,
    recovery_codes,
    audit_log,
    nominations,
    council_reflections,
    agenda_items,
    agreements,
    agreement_status_changes,
    municipality_contacts,
    house_styles,
    verslag_settings,
    verslagen,
    verslag_participants,
    verslag_sections,
    verslag_versions,
    verslag_comments,
    verslag_kanttekeningen,
    verslag_signatures,
    provinces,
    province_municipalities,
    province_memberships,
    cdk_meetings,
    cdk_deliveries,
    retention_settings,
    round_purges,
    address_erasures,
);

diesel::table! {
    identity_providers (municipality_id) {
        municipality_id -> Text,
        issuer -> Text,
        client_id -> Text,
        secret_file -> Text,
        mfa_acr -> Text,
        updated_at -> BigInt,
    }
}

diesel::table! {
    staff_identities (issuer, subject) {
        issuer -> Text,
        subject -> Text,
        staff_id -> Text,
        linked_at -> BigInt,
    }
}

diesel::table! {
    identity_link_invitations (token_hash) {
        token_hash -> Text,
        staff_id -> Text,
        municipality_id -> Text,
        created_by -> Text,
        expires_at -> BigInt,
    }
}
