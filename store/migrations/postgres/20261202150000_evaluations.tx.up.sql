-- Half-yearly evaluation (issue 11): every evaluation_interval_months a
-- network's coordinators review whether the right people are at the table.
-- An evaluation holds the period it covers, when it is due, the reminders
-- already sent (each once), the coordinators' answers, the figures of the
-- period (frozen when it is completed), a decision per ally (keep, pause,
-- replace) and improvement points that become actions. Network content:
-- row-level security as on the other network tables.
ALTER TABLE networks ADD COLUMN evaluation_interval_months integer NOT NULL DEFAULT 6 CHECK (evaluation_interval_months BETWEEN 3 AND 12);
--bun:split
CREATE TABLE evaluations (
    id                  uuid PRIMARY KEY,
    network_id          uuid NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
    status              text NOT NULL CHECK (status IN ('open', 'completed')),
    period_from         date NOT NULL,
    period_to           date,
    opened_on           date NOT NULL,
    due_on              date NOT NULL,
    right_people        boolean,
    right_people_note   text NOT NULL DEFAULT '',
    goals_clear         boolean,
    goals_note          text NOT NULL DEFAULT '',
    conclusion          text NOT NULL DEFAULT '',
    figures             text NOT NULL DEFAULT '',
    reminded_week_at    timestamptz,
    reminded_due_at     timestamptz,
    overdue_notice_at   timestamptz,
    completed_at        timestamptz,
    completed_by        uuid REFERENCES users (id) ON DELETE SET NULL,
    meeting_id          uuid REFERENCES meetings (id) ON DELETE SET NULL,
    created_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL
);
--bun:split
-- At most one open evaluation per network.
CREATE UNIQUE INDEX evaluations_one_open ON evaluations (network_id) WHERE status = 'open';
--bun:split
CREATE INDEX evaluations_network_idx ON evaluations (network_id, opened_on);
--bun:split
-- The coordinators' decision about one ally; no row is no decision yet.
CREATE TABLE evaluation_allies (
    evaluation_id  uuid NOT NULL REFERENCES evaluations (id) ON DELETE CASCADE,
    ally_id        uuid NOT NULL REFERENCES allies (id) ON DELETE CASCADE,
    decision       text NOT NULL CHECK (decision IN ('keep', 'pause', 'replace')),
    note           text NOT NULL DEFAULT '',
    PRIMARY KEY (evaluation_id, ally_id)
);
--bun:split
CREATE INDEX evaluation_allies_ally_idx ON evaluation_allies (ally_id);
--bun:split
-- Improvement points; action_id is the action each became on completion.
CREATE TABLE evaluation_points (
    evaluation_id  uuid NOT NULL REFERENCES evaluations (id) ON DELETE CASCADE,
    position       integer NOT NULL,
    title          text NOT NULL,
    owner_party    text NOT NULL CHECK (owner_party IN ('municipality', 'police', 'allies')),
    due_on         date,
    action_id      uuid REFERENCES actions (id) ON DELETE SET NULL,
    PRIMARY KEY (evaluation_id, position)
);
--bun:split
ALTER TABLE evaluations ENABLE ROW LEVEL SECURITY;
--bun:split
ALTER TABLE evaluations FORCE ROW LEVEL SECURITY;
--bun:split
CREATE POLICY network_scope ON evaluations
    USING (bondgenoten_network_scope() IS NULL OR network_id = bondgenoten_network_scope());
--bun:split
ALTER TABLE evaluation_allies ENABLE ROW LEVEL SECURITY;
--bun:split
ALTER TABLE evaluation_allies FORCE ROW LEVEL SECURITY;
--bun:split
CREATE POLICY network_scope ON evaluation_allies
    USING (bondgenoten_network_scope() IS NULL OR evaluation_id IN (SELECT id FROM evaluations));
--bun:split
ALTER TABLE evaluation_points ENABLE ROW LEVEL SECURITY;
--bun:split
ALTER TABLE evaluation_points FORCE ROW LEVEL SECURITY;
--bun:split
CREATE POLICY network_scope ON evaluation_points
    USING (bondgenoten_network_scope() IS NULL OR evaluation_id IN (SELECT id FROM evaluations));
