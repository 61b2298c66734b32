-- The staff workflow around a round: the burgemeester's say in who is asked
-- (nominations, whether the final list is shown), the questionnaire's own
-- items, the two-way reflection on the council, the agenda and the agreements.

-- Whether the burgemeester sees the final list of referenten (default: yes,
-- the handreiking advises not to hide how information is gathered).
ALTER TABLE rounds ADD COLUMN mayor_sees_raters INTEGER NOT NULL DEFAULT 1;

-- Where an item comes from: 'bank' (the question bank), 'profielschets' (a
-- competency of the mayor's profile) or 'eigen' (written by the griffier).
ALTER TABLE items ADD COLUMN source TEXT NOT NULL DEFAULT 'bank';

-- A referent suggested by the burgemeester or a delegation member, pending
-- the delegation's decision. status: 'voorgesteld', 'goedgekeurd', 'afgewezen'.
CREATE TABLE nominations (
    id TEXT PRIMARY KEY NOT NULL,
    round_id TEXT NOT NULL REFERENCES rounds(id),
    nominated_by TEXT NOT NULL REFERENCES staff(id),
    name TEXT NOT NULL,
    email TEXT NOT NULL,
    rater_group_id TEXT NOT NULL REFERENCES rater_groups(id),
    reason TEXT NOT NULL,
    status TEXT NOT NULL,
    decided_by TEXT REFERENCES staff(id),
    decision_reason TEXT,
    created_at BIGINT NOT NULL,
    decided_at BIGINT
);
CREATE INDEX nominations_round ON nominations(round_id, status);

-- The burgemeester's reflection on the council (the conversation is
-- two-way): one row per topic, written once. Not anonymous: the delegation
-- reads it as the burgemeester's own input.
CREATE TABLE council_reflections (
    round_id TEXT NOT NULL REFERENCES rounds(id),
    topic TEXT NOT NULL,
    score INTEGER,
    remark TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (round_id, topic)
);

-- Agenda items for the meeting, from the delegation or the burgemeester;
-- the griffier orders them. side: 'commissie' or 'burgemeester'.
CREATE TABLE agenda_items (
    id TEXT PRIMARY KEY NOT NULL,
    round_id TEXT NOT NULL REFERENCES rounds(id),
    added_by TEXT NOT NULL REFERENCES staff(id),
    side TEXT NOT NULL,
    text TEXT NOT NULL,
    position INTEGER NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX agenda_items_round ON agenda_items(round_id, position);

-- Agreements recorded by the griffier after the meeting; the next round for
-- the same burgemeester opens with them. due_on is 'YYYY-MM-DD'.
-- status: 'open', 'loopt', 'afgerond', 'vervallen'.
CREATE TABLE agreements (
    id TEXT PRIMARY KEY NOT NULL,
    round_id TEXT NOT NULL REFERENCES rounds(id),
    what TEXT NOT NULL,
    responsible TEXT NOT NULL,
    monitor TEXT NOT NULL,
    due_on TEXT NOT NULL,
    status TEXT NOT NULL,
    status_note TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX agreements_round ON agreements(round_id);
