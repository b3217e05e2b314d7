-- Meeting reminders and cadence reminders (issue 11, docs/decisions/0010).
-- reminded_at: when the invitees of a meeting got its invitation within the
-- two days before it (the reminder, or an emergency meeting's invitation
-- sent that close); the hourly reminder job sends one where it is empty.
ALTER TABLE meetings ADD COLUMN reminded_at timestamptz;
--bun:split
CREATE INDEX meetings_reminder_idx ON meetings (starts_at) WHERE status = 'planned' AND reminded_at IS NULL;
--bun:split
-- A cadence condition raised for a network (no next meeting planned, fewer
-- than four meetings held in twelve months): the coordinators were told on
-- raised_at; the row goes when the condition no longer holds, so it can be
-- raised again later.
CREATE TABLE meeting_cadence_alerts (
    network_id  uuid NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
    condition   text NOT NULL CHECK (condition IN ('no_next_meeting', 'below_minimum')),
    raised_at   timestamptz NOT NULL,
    PRIMARY KEY (network_id, condition)
);
--bun:split
ALTER TABLE meeting_cadence_alerts ENABLE ROW LEVEL SECURITY;
--bun:split
ALTER TABLE meeting_cadence_alerts FORCE ROW LEVEL SECURITY;
--bun:split
CREATE POLICY network_scope ON meeting_cadence_alerts
    USING (bondgenoten_network_scope() IS NULL OR network_id = bondgenoten_network_scope());
