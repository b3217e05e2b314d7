-- Allies networks, co-owned by one municipality and one or more police units
-- as equal partners.
CREATE TABLE networks (
    id                         uuid PRIMARY KEY,
    name                       text NOT NULL,
    level                      text NOT NULL CHECK (level IN ('municipality', 'district', 'neighbourhood')),
    area                       text NOT NULL DEFAULT '',
    goals                      text NOT NULL DEFAULT '',
    expectations               text NOT NULL DEFAULT '',
    phase                      text NOT NULL CHECK (phase IN ('exploring', 'starting', 'active', 'sustaining')),
    max_active_allies          integer NOT NULL DEFAULT 15 CHECK (max_active_allies BETWEEN 1 AND 50),
    target_meetings_per_year   integer NOT NULL DEFAULT 5 CHECK (target_meetings_per_year BETWEEN 4 AND 12),
    plan_next_within_days      integer NOT NULL DEFAULT 14 CHECK (plan_next_within_days BETWEEN 1 AND 90),
    created_at                 timestamptz NOT NULL,
    updated_at                 timestamptz NOT NULL
);
--bun:split
CREATE TABLE network_partners (
    network_id          uuid NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
    tenant_id           uuid NOT NULL REFERENCES tenants (id),
    joined_at           timestamptz NOT NULL,
    leave_requested_at  timestamptz,
    left_at             timestamptz,
    PRIMARY KEY (network_id, tenant_id)
);
--bun:split
CREATE INDEX network_partners_tenant_idx ON network_partners (tenant_id);
