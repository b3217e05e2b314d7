CREATE TABLE tenants (
    id          TEXT PRIMARY KEY,
    slug        TEXT NOT NULL,
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('bureau', 'municipality', 'police_unit', 'platform')),
    region      TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'archived')),
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL,
    CONSTRAINT tenants_slug_key UNIQUE (slug)
);
--bun:split
CREATE INDEX tenants_name_idx ON tenants (name, id);
--bun:split
CREATE TABLE oversight (
    id          TEXT PRIMARY KEY,
    bureau_id   TEXT NOT NULL REFERENCES tenants (id),
    tenant_id   TEXT NOT NULL REFERENCES tenants (id),
    starts_on   TEXT NOT NULL,
    ends_on     TEXT,
    granted_by  TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL,
    CHECK (bureau_id <> tenant_id),
    CHECK (ends_on IS NULL OR ends_on >= starts_on)
);
--bun:split
-- At most one open-ended relation per bureau and tenant.
CREATE UNIQUE INDEX oversight_open_key ON oversight (bureau_id, tenant_id) WHERE ends_on IS NULL;
--bun:split
CREATE INDEX oversight_tenant_idx ON oversight (tenant_id);
--bun:split
-- The nightly snapshot counts each bureau's relations.
CREATE INDEX oversight_bureau_idx ON oversight (bureau_id);
--bun:split
CREATE TABLE health_snapshots (
    tenant_id           TEXT NOT NULL REFERENCES tenants (id),
    day                 TEXT NOT NULL,
    overseen_tenants    INTEGER NOT NULL,
    overseeing_bureaus  INTEGER NOT NULL,
    taken_at            TIMESTAMP NOT NULL,
    PRIMARY KEY (tenant_id, day)
);
