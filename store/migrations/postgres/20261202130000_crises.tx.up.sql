-- Crisis mode (issue 10): a crisis of a network with its phases, decisions,
-- advice and questions from the constituency (entries), polls of allies
-- (peilingen) and their answers, closed with aftercare: a follow-up meeting
-- and an evaluation kept as a lesson. Network content: row-level security
-- as on the other network tables.
CREATE TABLE crises (
    id                    uuid PRIMARY KEY,
    network_id            uuid NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
    title                 text NOT NULL,
    trigger_text          text NOT NULL,
    themes                text NOT NULL DEFAULT '[]',
    phase                 text NOT NULL CHECK (phase IN ('simmering', 'rising', 'escalation', 'aftermath')),
    started_at            timestamptz NOT NULL,
    ended_at              timestamptz,
    emergency_meeting_id  uuid REFERENCES meetings (id) ON DELETE SET NULL,
    aftercare_meeting_id  uuid REFERENCES meetings (id) ON DELETE SET NULL,
    went_well             text NOT NULL DEFAULT '',
    to_learn              text NOT NULL DEFAULT '',
    lesson                boolean NOT NULL DEFAULT false,
    created_by            uuid REFERENCES users (id) ON DELETE SET NULL,
    created_at            timestamptz NOT NULL,
    updated_at            timestamptz NOT NULL
);
--bun:split
-- At most one active crisis per network.
CREATE UNIQUE INDEX crises_one_active ON crises (network_id) WHERE ended_at IS NULL;
--bun:split
CREATE INDEX crises_network_idx ON crises (network_id, started_at);
--bun:split
CREATE TABLE crisis_entries (
    id            uuid PRIMARY KEY,
    crisis_id     uuid NOT NULL REFERENCES crises (id) ON DELETE CASCADE,
    kind          text NOT NULL CHECK (kind IN ('decision', 'advice', 'question', 'phase')),
    occurred_at   timestamptz NOT NULL,
    body          text NOT NULL,
    ally_id       uuid REFERENCES allies (id) ON DELETE SET NULL,
    answer        text NOT NULL DEFAULT '',
    answered_at   timestamptz,
    carried_back  boolean NOT NULL DEFAULT false,
    phase_from    text NOT NULL DEFAULT '',
    phase_to      text NOT NULL DEFAULT '',
    created_by    uuid REFERENCES users (id) ON DELETE SET NULL,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL
);
--bun:split
CREATE INDEX crisis_entries_crisis_idx ON crisis_entries (crisis_id, occurred_at);
--bun:split
CREATE TABLE crisis_polls (
    id          uuid PRIMARY KEY,
    crisis_id   uuid NOT NULL REFERENCES crises (id) ON DELETE CASCADE,
    question    text NOT NULL DEFAULT '',
    created_by  uuid REFERENCES users (id) ON DELETE SET NULL,
    created_at  timestamptz NOT NULL
);
--bun:split
CREATE INDEX crisis_polls_crisis_idx ON crisis_polls (crisis_id, created_at);
--bun:split
-- One row per ally asked; the answer's fields stay empty until recorded.
-- community is the ally's community when the poll was made, for the
-- aggregate.
CREATE TABLE crisis_poll_answers (
    poll_id      uuid NOT NULL REFERENCES crisis_polls (id) ON DELETE CASCADE,
    ally_id      uuid NOT NULL REFERENCES allies (id) ON DELETE CASCADE,
    community    text NOT NULL DEFAULT '',
    mood         integer CHECK (mood BETWEEN 1 AND 5),
    hears        text NOT NULL DEFAULT '',
    advice       text NOT NULL DEFAULT '',
    questions    text NOT NULL DEFAULT '',
    answered_at  timestamptz,
    PRIMARY KEY (poll_id, ally_id)
);
--bun:split
CREATE INDEX crisis_poll_answers_ally_idx ON crisis_poll_answers (ally_id);
--bun:split
ALTER TABLE crises ENABLE ROW LEVEL SECURITY;
--bun:split
ALTER TABLE crises FORCE ROW LEVEL SECURITY;
--bun:split
CREATE POLICY network_scope ON crises
    USING (bondgenoten_network_scope() IS NULL OR network_id = bondgenoten_network_scope());
--bun:split
ALTER TABLE crisis_entries ENABLE ROW LEVEL SECURITY;
--bun:split
ALTER TABLE crisis_entries FORCE ROW LEVEL SECURITY;
--bun:split
CREATE POLICY network_scope ON crisis_entries
    USING (bondgenoten_network_scope() IS NULL OR crisis_id IN (SELECT id FROM crises));
--bun:split
ALTER TABLE crisis_polls ENABLE ROW LEVEL SECURITY;
--bun:split
ALTER TABLE crisis_polls FORCE ROW LEVEL SECURITY;
--bun:split
CREATE POLICY network_scope ON crisis_polls
    USING (bondgenoten_network_scope() IS NULL OR crisis_id IN (SELECT id FROM crises));
--bun:split
ALTER TABLE crisis_poll_answers ENABLE ROW LEVEL SECURITY;
--bun:split
ALTER TABLE crisis_poll_answers FORCE ROW LEVEL SECURITY;
--bun:split
CREATE POLICY network_scope ON crisis_poll_answers
    USING (bondgenoten_network_scope() IS NULL OR poll_id IN (SELECT id FROM crisis_polls));
