-- Meetings of a network: planning (date, place, chair, meal), the agenda with
-- the party that brought each item, attendance, minutes, decisions, and the
-- actions agreed, which make reciprocity visible.
CREATE TABLE meetings (
    id                uuid PRIMARY KEY,
    network_id        uuid NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
    kind              text NOT NULL CHECK (kind IN ('regular', 'emergency')),
    starts_at         timestamptz NOT NULL,
    duration_minutes  integer NOT NULL CHECK (duration_minutes BETWEEN 15 AND 720),
    place             text NOT NULL DEFAULT '',
    chair_ally_id     uuid REFERENCES allies (id) ON DELETE SET NULL,
    meal_planned      boolean NOT NULL DEFAULT false,
    meal_notes        text NOT NULL DEFAULT '',
    status            text NOT NULL CHECK (status IN ('planned', 'held', 'cancelled')),
    series_id         uuid,
    minutes           text NOT NULL DEFAULT '',
    cancel_reason     text NOT NULL DEFAULT '',
    no_next_reason    text NOT NULL DEFAULT '',
    closed_at         timestamptz,
    created_at        timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL
);
--bun:split
CREATE INDEX meetings_network_idx ON meetings (network_id, starts_at);
--bun:split
CREATE INDEX meetings_chair_idx ON meetings (chair_ally_id) WHERE chair_ally_id IS NOT NULL;
--bun:split
CREATE TABLE meeting_invitees (
    meeting_id  uuid NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    ally_id     uuid NOT NULL REFERENCES allies (id) ON DELETE CASCADE,
    PRIMARY KEY (meeting_id, ally_id)
);
--bun:split
CREATE TABLE agenda_items (
    meeting_id  uuid NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    position    integer NOT NULL,
    title       text NOT NULL,
    party       text NOT NULL CHECK (party IN ('municipality', 'police', 'allies')),
    notes       text NOT NULL DEFAULT '',
    PRIMARY KEY (meeting_id, position)
);
--bun:split
CREATE TABLE meeting_attendance (
    meeting_id  uuid NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    position    integer NOT NULL,
    ally_id     uuid REFERENCES allies (id) ON DELETE SET NULL,
    name        text NOT NULL,
    party       text NOT NULL CHECK (party IN ('municipality', 'police', 'allies')),
    status      text NOT NULL CHECK (status IN ('present', 'absent', 'excused')),
    PRIMARY KEY (meeting_id, position)
);
--bun:split
CREATE TABLE meeting_decisions (
    meeting_id  uuid NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    position    integer NOT NULL,
    text        text NOT NULL,
    PRIMARY KEY (meeting_id, position)
);
--bun:split
CREATE TABLE actions (
    id           uuid PRIMARY KEY,
    network_id   uuid NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
    meeting_id   uuid NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    title        text NOT NULL,
    owner_party  text NOT NULL CHECK (owner_party IN ('municipality', 'police', 'allies')),
    owner_name   text NOT NULL DEFAULT '',
    due_on       date,
    status       text NOT NULL CHECK (status IN ('open', 'in_progress', 'done', 'dropped')),
    feedback     text NOT NULL DEFAULT '',
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL
);
--bun:split
CREATE INDEX actions_network_idx ON actions (network_id, due_on);
--bun:split
CREATE INDEX actions_meeting_idx ON actions (meeting_id);
