DROP TABLE health_snapshots;
--bun:split
DROP TABLE oversight;
--bun:split
DROP TABLE tenants;
