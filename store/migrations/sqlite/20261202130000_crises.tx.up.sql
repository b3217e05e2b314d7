-- Crisis mode (issue 10): a crisis of a network with its phases, decisions,
-- advice and questions from the constituency (entries), polls of allies
-- (peilingen) and their answers, closed with aftercare: a follow-up meeting
-- and an evaluation kept as a lesson. Network content (PostgreSQL adds
-- row-level security in this migration's twin).
CREATE TABLE crises (
    id                    TEXT PRIMARY KEY,
    network_id            TEXT NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
    title                 text NOT NULL,
    trigger_text          text NOT NULL,
    themes                text NOT NULL DEFAULT '[]',
    phase                 text NOT NULL CHECK (phase IN ('simmering', 'rising', 'escalation', 'aftermath')),
    started_at            TIMESTAMP NOT NULL,
    ended_at              TIMESTAMP,
    emergency_meeting_id  TEXT REFERENCES meetings (id) ON DELETE SET NULL,
    aftercare_meeting_id  TEXT REFERENCES meetings (id) ON DELETE SET NULL,
    went_well             text NOT NULL DEFAULT '',
    to_learn              text NOT NULL DEFAULT '',
    lesson                INTEGER NOT NULL DEFAULT 0,
    created_by            TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at            TIMESTAMP NOT NULL,
    updated_at            TIMESTAMP NOT NULL
);
--bun:split
-- At most one active crisis per network.
CREATE UNIQUE INDEX crises_one_active ON crises (network_id) WHERE ended_at IS NULL;
--bun:split
CREATE INDEX crises_network_idx ON crises (network_id, started_at);
--bun:split
CREATE TABLE crisis_entries (
    id            TEXT PRIMARY KEY,
    crisis_id     TEXT NOT NULL REFERENCES crises (id) ON DELETE CASCADE,
    kind          text NOT NULL CHECK (kind IN ('decision', 'advice', 'question', 'phase')),
    occurred_at   TIMESTAMP NOT NULL,
    body          text NOT NULL,
    ally_id       TEXT REFERENCES allies (id) ON DELETE SET NULL,
    answer        text NOT NULL DEFAULT '',
    answered_at   TIMESTAMP,
    carried_back  INTEGER NOT NULL DEFAULT 0,
    phase_from    text NOT NULL DEFAULT '',
    phase_to      text NOT NULL DEFAULT '',
    created_by    TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);
--bun:split
CREATE INDEX crisis_entries_crisis_idx ON crisis_entries (crisis_id, occurred_at);
--bun:split
CREATE TABLE crisis_polls (
    id          TEXT PRIMARY KEY,
    crisis_id   TEXT NOT NULL REFERENCES crises (id) ON DELETE CASCADE,
    question    text NOT NULL DEFAULT '',
    created_by  TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at  TIMESTAMP NOT NULL
);
--bun:split
CREATE INDEX crisis_polls_crisis_idx ON crisis_polls (crisis_id, created_at);
--bun:split
-- One row per ally asked; the answer's fields stay empty until recorded.
-- community is the ally's community when the poll was made, for the
-- aggregate.
CREATE TABLE crisis_poll_answers (
    poll_id      TEXT NOT NULL REFERENCES crisis_polls (id) ON DELETE CASCADE,
    ally_id      TEXT NOT NULL REFERENCES allies (id) ON DELETE CASCADE,
    community    text NOT NULL DEFAULT '',
    mood         integer CHECK (mood BETWEEN 1 AND 5),
    hears        text NOT NULL DEFAULT '',
    advice       text NOT NULL DEFAULT '',
    questions    text NOT NULL DEFAULT '',
    answered_at  TIMESTAMP,
    PRIMARY KEY (poll_id, ally_id)
);
--bun:split
CREATE INDEX crisis_poll_answers_ally_idx ON crisis_poll_answers (ally_id);
