-- Signals (issue 10): what allies and staff notice, with the coordinator's
-- assessment (BOB), feedback to the source and sharing with the crisis
-- organisation; the network's own themes beside the national list; and
-- mood pictures (sfeerbeelden) of a period. Network content: row-level
-- security as on the other network tables.
-- How many days a signal's source waits for feedback, per network.
ALTER TABLE networks ADD COLUMN signal_feedback_days integer NOT NULL DEFAULT 14 CHECK (signal_feedback_days BETWEEN 1 AND 90);
--bun:split
CREATE TABLE signal_themes (
    id           uuid PRIMARY KEY,
    network_id   uuid NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
    label        text NOT NULL,
    archived_at  timestamptz,
    created_at   timestamptz NOT NULL
);
--bun:split
-- Labels differ also in case: the service compares them case-insensitively.
CREATE UNIQUE INDEX signal_themes_label_key ON signal_themes (network_id, label);
--bun:split
CREATE TABLE signals (
    id                    uuid PRIMARY KEY,
    network_id            uuid NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
    meeting_id            uuid REFERENCES meetings (id) ON DELETE SET NULL,
    observed_on           date NOT NULL,
    observed_at           timestamptz NOT NULL,
    source_kind           text NOT NULL CHECK (source_kind IN ('ally', 'own', 'other')),
    source_ally_id        uuid REFERENCES allies (id) ON DELETE SET NULL,
    source_other          text NOT NULL DEFAULT '',
    theme                 text NOT NULL,
    area                  text NOT NULL DEFAULT '',
    community             text NOT NULL DEFAULT '',
    level                 integer NOT NULL CHECK (level BETWEEN 1 AND 5),
    evidence              text NOT NULL CHECK (evidence IN ('evidenced', 'experienced', 'expected')),
    phase                 text NOT NULL CHECK (phase IN ('simmering', 'rising', 'escalation', 'aftermath')),
    description           text NOT NULL,
    urgent                boolean NOT NULL DEFAULT false,
    police_note           text NOT NULL DEFAULT '',
    status                text NOT NULL CHECK (status IN ('new', 'assessing', 'acted', 'closed')),
    assessment_picture    text NOT NULL DEFAULT '',
    assessment_judgement  text NOT NULL DEFAULT '',
    assessment_decision   text NOT NULL DEFAULT '',
    assessed_at           timestamptz,
    assessed_by           uuid REFERENCES users (id) ON DELETE SET NULL,
    feedback              text NOT NULL DEFAULT '',
    fed_back_on           date,
    feedback_due_on       date NOT NULL,
    shared_at             timestamptz,
    shared_by             uuid REFERENCES users (id) ON DELETE SET NULL,
    created_by            uuid REFERENCES users (id) ON DELETE SET NULL,
    created_by_tenant     uuid NOT NULL REFERENCES tenants (id),
    created_at            timestamptz NOT NULL,
    updated_at            timestamptz NOT NULL
);
--bun:split
-- observed_on is observed_at's day in Europe/Amsterdam, kept so the tension
-- picture groups by theme and day in SQL on both databases. The index
-- covers that query (it reads no table rows) in the order it groups by.
CREATE INDEX signals_tension_idx ON signals (network_id, theme, observed_on, level, urgent, status);
--bun:split
-- The list: urgent first, then the newest observation first.
CREATE INDEX signals_list_idx ON signals (network_id, urgent, observed_at);
--bun:split
CREATE INDEX signals_source_ally_idx ON signals (source_ally_id) WHERE source_ally_id IS NOT NULL;
--bun:split
CREATE TABLE signal_actions (
    signal_id  uuid NOT NULL REFERENCES signals (id) ON DELETE CASCADE,
    action_id  uuid NOT NULL REFERENCES actions (id) ON DELETE CASCADE,
    PRIMARY KEY (signal_id, action_id)
);
--bun:split
CREATE INDEX signal_actions_action_idx ON signal_actions (action_id);
--bun:split
CREATE TABLE mood_pictures (
    id           uuid PRIMARY KEY,
    network_id   uuid NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
    period_from  date NOT NULL,
    period_to    date NOT NULL,
    title        text NOT NULL,
    body         text NOT NULL,
    shared_at    timestamptz,
    shared_by    uuid REFERENCES users (id) ON DELETE SET NULL,
    created_by   uuid REFERENCES users (id) ON DELETE SET NULL,
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL,
    CHECK (period_to >= period_from)
);
--bun:split
CREATE INDEX mood_pictures_network_idx ON mood_pictures (network_id, period_to);
--bun:split
ALTER TABLE signal_themes ENABLE ROW LEVEL SECURITY;
--bun:split
ALTER TABLE signal_themes FORCE ROW LEVEL SECURITY;
--bun:split
CREATE POLICY network_scope ON signal_themes
    USING (bondgenoten_network_scope() IS NULL OR network_id = bondgenoten_network_scope());
--bun:split
ALTER TABLE signals ENABLE ROW LEVEL SECURITY;
--bun:split
ALTER TABLE signals FORCE ROW LEVEL SECURITY;
--bun:split
CREATE POLICY network_scope ON signals
    USING (bondgenoten_network_scope() IS NULL OR network_id = bondgenoten_network_scope());
--bun:split
ALTER TABLE signal_actions ENABLE ROW LEVEL SECURITY;
--bun:split
ALTER TABLE signal_actions FORCE ROW LEVEL SECURITY;
--bun:split
CREATE POLICY network_scope ON signal_actions
    USING (bondgenoten_network_scope() IS NULL OR signal_id IN (SELECT id FROM signals));
--bun:split
ALTER TABLE mood_pictures ENABLE ROW LEVEL SECURITY;
--bun:split
ALTER TABLE mood_pictures FORCE ROW LEVEL SECURITY;
--bun:split
CREATE POLICY network_scope ON mood_pictures
    USING (bondgenoten_network_scope() IS NULL OR network_id = bondgenoten_network_scope());
