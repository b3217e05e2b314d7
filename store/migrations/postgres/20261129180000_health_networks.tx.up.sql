-- What the nightly snapshot adds for networks: per tenant, the networks it
-- is a partner in, their active allies, meetings held in the last twelve
-- months, networks whose next meeting is overdue, and overdue actions.
ALTER TABLE health_snapshots ADD COLUMN networks integer NOT NULL DEFAULT 0;
--bun:split
ALTER TABLE health_snapshots ADD COLUMN active_allies integer NOT NULL DEFAULT 0;
--bun:split
ALTER TABLE health_snapshots ADD COLUMN meetings_held_12m integer NOT NULL DEFAULT 0;
--bun:split
ALTER TABLE health_snapshots ADD COLUMN networks_overdue integer NOT NULL DEFAULT 0;
--bun:split
ALTER TABLE health_snapshots ADD COLUMN actions_overdue integer NOT NULL DEFAULT 0;
