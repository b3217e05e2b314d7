-- A new colleague's network introduction (issue 12, decision 0011). When a
-- person gains the coordinator or staff role, they get a programme per
-- network their organisation is a partner of: meet every active ally (a
-- contact moment each), attend a meeting, meet the crisis-organisation
-- liaison, read the goals and the guide's key points, introduce themselves
-- to the partner side. introduction_people keeps whether a person held a
-- network role when the reconciler last looked, so only gaining one starts
-- a programme; people who hold one when this lands count as holding it.
-- Programmes and their steps are network content (PostgreSQL adds row-level
-- security in this migration's twin).
CREATE TABLE introduction_people (
    user_id    TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    tenant_id  TEXT NOT NULL REFERENCES tenants (id),
    qualifies  INTEGER NOT NULL
);
--bun:split
INSERT INTO introduction_people (user_id, tenant_id, qualifies)
    SELECT DISTINCT u.id, u.tenant_id, 1 FROM users AS u
    JOIN role_assignments AS ra ON ra.user_id = u.id AND ra.tenant_id = u.tenant_id
    WHERE u.status = 'active' AND ra.role IN ('coordinator', 'staff');
--bun:split
CREATE TABLE introduction_programmes (
    id                 TEXT PRIMARY KEY,
    network_id         TEXT NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
    tenant_id          TEXT NOT NULL REFERENCES tenants (id),
    user_id            TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    status             text NOT NULL CHECK (status IN ('open', 'completed', 'ended', 'waived')),
    started_on         TEXT NOT NULL,
    closed_on          TEXT,
    waive_reason       text NOT NULL DEFAULT '',
    waived_by          TEXT REFERENCES users (id) ON DELETE SET NULL,
    reminded_on        TEXT,
    overdue_notice_at  TIMESTAMP,
    created_at         TIMESTAMP NOT NULL,
    updated_at         TIMESTAMP NOT NULL,
    UNIQUE (user_id, network_id)
);
--bun:split
CREATE INDEX introduction_programmes_network_idx ON introduction_programmes (network_id, status);
--bun:split
CREATE INDEX introduction_programmes_open_idx ON introduction_programmes (status, started_on);
--bun:split
-- One contact moment per ally and programme: meeting an ally is one step.
CREATE TABLE introduction_contacts (
    programme_id   TEXT NOT NULL REFERENCES introduction_programmes (id) ON DELETE CASCADE,
    ally_id        TEXT NOT NULL REFERENCES allies (id) ON DELETE CASCADE,
    met_on         TEXT NOT NULL,
    mode           text NOT NULL CHECK (mode IN ('in_person', 'phone', 'video')),
    note           text NOT NULL DEFAULT '',
    introduced_by  TEXT REFERENCES users (id) ON DELETE SET NULL,
    logged_by      TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at     TIMESTAMP NOT NULL,
    PRIMARY KEY (programme_id, ally_id)
);
--bun:split
CREATE INDEX introduction_contacts_ally_idx ON introduction_contacts (ally_id);
--bun:split
-- The other steps a person ticks (the meeting is read from attendance).
CREATE TABLE introduction_steps (
    programme_id  TEXT NOT NULL REFERENCES introduction_programmes (id) ON DELETE CASCADE,
    step          text NOT NULL CHECK (step IN ('liaison', 'guide', 'partner')),
    done_on       TEXT NOT NULL,
    note          text NOT NULL DEFAULT '',
    done_by       TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at    TIMESTAMP NOT NULL,
    PRIMARY KEY (programme_id, step)
);
