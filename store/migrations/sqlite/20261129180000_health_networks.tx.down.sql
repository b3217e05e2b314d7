ALTER TABLE health_snapshots DROP COLUMN actions_overdue;
--bun:split
ALTER TABLE health_snapshots DROP COLUMN networks_overdue;
--bun:split
ALTER TABLE health_snapshots DROP COLUMN meetings_held_12m;
--bun:split
ALTER TABLE health_snapshots DROP COLUMN active_allies;
--bun:split
ALTER TABLE health_snapshots DROP COLUMN networks;
