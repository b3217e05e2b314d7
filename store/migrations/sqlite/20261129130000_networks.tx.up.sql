-- Allies networks, co-owned by one municipality and one or more police units
-- as equal partners.
CREATE TABLE networks (
    id                         TEXT PRIMARY KEY,
    name                       TEXT NOT NULL,
    level                      TEXT NOT NULL CHECK (level IN ('municipality', 'district', 'neighbourhood')),
    area                       TEXT NOT NULL DEFAULT '',
    goals                      TEXT NOT NULL DEFAULT '',
    expectations               TEXT NOT NULL DEFAULT '',
    phase                      TEXT NOT NULL CHECK (phase IN ('exploring', 'starting', 'active', 'sustaining')),
    max_active_allies          INTEGER NOT NULL DEFAULT 15 CHECK (max_active_allies BETWEEN 1 AND 50),
    target_meetings_per_year   INTEGER NOT NULL DEFAULT 5 CHECK (target_meetings_per_year BETWEEN 4 AND 12),
    plan_next_within_days      INTEGER NOT NULL DEFAULT 14 CHECK (plan_next_within_days BETWEEN 1 AND 90),
    created_at                 TIMESTAMP NOT NULL,
    updated_at                 TIMESTAMP NOT NULL
);
--bun:split
CREATE TABLE network_partners (
    network_id          TEXT NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
    tenant_id           TEXT NOT NULL REFERENCES tenants (id),
    joined_at           TIMESTAMP NOT NULL,
    leave_requested_at  TIMESTAMP,
    left_at             TIMESTAMP,
    PRIMARY KEY (network_id, tenant_id)
);
--bun:split
CREATE INDEX network_partners_tenant_idx ON network_partners (tenant_id);
