-- A new colleague's network introduction (issue 12, decision 0011). When a
-- person gains the coordinator or staff role, they get a programme per
-- network their organisation is a partner of: meet every active ally (a
-- contact moment each), attend a meeting, meet the crisis-organisation
-- liaison, read the goals and the guide's key points, introduce themselves
-- to the partner side. introduction_people keeps whether a person held a
-- network role when the reconciler last looked, so only gaining one starts
-- a programme; people who hold one when this lands count as holding it.
-- Programmes and their steps are network content: row-level security.
CREATE TABLE introduction_people (
    user_id    uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    tenant_id  uuid NOT NULL REFERENCES tenants (id),
    qualifies  boolean NOT NULL
);
--bun:split
INSERT INTO introduction_people (user_id, tenant_id, qualifies)
    SELECT DISTINCT u.id, u.tenant_id, true FROM users AS u
    JOIN role_assignments AS ra ON ra.user_id = u.id AND ra.tenant_id = u.tenant_id
    WHERE u.status = 'active' AND ra.role IN ('coordinator', 'staff');
--bun:split
CREATE TABLE introduction_programmes (
    id                 uuid PRIMARY KEY,
    network_id         uuid NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
    tenant_id          uuid NOT NULL REFERENCES tenants (id),
    user_id            uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    status             text NOT NULL CHECK (status IN ('open', 'completed', 'ended', 'waived')),
    started_on         date NOT NULL,
    closed_on          date,
    waive_reason       text NOT NULL DEFAULT '',
    waived_by          uuid REFERENCES users (id) ON DELETE SET NULL,
    reminded_on        date,
    overdue_notice_at  timestamptz,
    created_at         timestamptz NOT NULL,
    updated_at         timestamptz NOT NULL,
    UNIQUE (user_id, network_id)
);
--bun:split
CREATE INDEX introduction_programmes_network_idx ON introduction_programmes (network_id, status);
--bun:split
CREATE INDEX introduction_programmes_open_idx ON introduction_programmes (status, started_on);
--bun:split
-- One contact moment per ally and programme: meeting an ally is one step.
CREATE TABLE introduction_contacts (
    programme_id   uuid NOT NULL REFERENCES introduction_programmes (id) ON DELETE CASCADE,
    ally_id        uuid NOT NULL REFERENCES allies (id) ON DELETE CASCADE,
    met_on         date NOT NULL,
    mode           text NOT NULL CHECK (mode IN ('in_person', 'phone', 'video')),
    note           text NOT NULL DEFAULT '',
    introduced_by  uuid REFERENCES users (id) ON DELETE SET NULL,
    logged_by      uuid REFERENCES users (id) ON DELETE SET NULL,
    created_at     timestamptz NOT NULL,
    PRIMARY KEY (programme_id, ally_id)
);
--bun:split
CREATE INDEX introduction_contacts_ally_idx ON introduction_contacts (ally_id);
--bun:split
-- The other steps a person ticks (the meeting is read from attendance).
CREATE TABLE introduction_steps (
    programme_id  uuid NOT NULL REFERENCES introduction_programmes (id) ON DELETE CASCADE,
    step          text NOT NULL CHECK (step IN ('liaison', 'guide', 'partner')),
    done_on       date NOT NULL,
    note          text NOT NULL DEFAULT '',
    done_by       uuid REFERENCES users (id) ON DELETE SET NULL,
    created_at    timestamptz NOT NULL,
    PRIMARY KEY (programme_id, step)
);
--bun:split
ALTER TABLE introduction_programmes ENABLE ROW LEVEL SECURITY;
--bun:split
ALTER TABLE introduction_programmes FORCE ROW LEVEL SECURITY;
--bun:split
CREATE POLICY network_scope ON introduction_programmes
    USING (bondgenoten_network_scope() IS NULL OR network_id = bondgenoten_network_scope());
--bun:split
ALTER TABLE introduction_contacts ENABLE ROW LEVEL SECURITY;
--bun:split
ALTER TABLE introduction_contacts FORCE ROW LEVEL SECURITY;
--bun:split
CREATE POLICY network_scope ON introduction_contacts
    USING (bondgenoten_network_scope() IS NULL OR programme_id IN (SELECT id FROM introduction_programmes));
--bun:split
ALTER TABLE introduction_steps ENABLE ROW LEVEL SECURITY;
--bun:split
ALTER TABLE introduction_steps FORCE ROW LEVEL SECURITY;
--bun:split
CREATE POLICY network_scope ON introduction_steps
    USING (bondgenoten_network_scope() IS NULL OR programme_id IN (SELECT id FROM introduction_programmes));
