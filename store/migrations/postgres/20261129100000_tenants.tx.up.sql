CREATE TABLE tenants (
    id          uuid PRIMARY KEY,
    slug        text NOT NULL,
    name        text NOT NULL,
    kind        text NOT NULL CHECK (kind IN ('bureau', 'municipality', 'police_unit', 'platform')),
    region      text NOT NULL DEFAULT '',
    status      text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'archived')),
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    CONSTRAINT tenants_slug_key UNIQUE (slug)
);
--bun:split
CREATE INDEX tenants_name_idx ON tenants (name, id);
--bun:split
CREATE TABLE oversight (
    id          uuid PRIMARY KEY,
    bureau_id   uuid NOT NULL REFERENCES tenants (id),
    tenant_id   uuid NOT NULL REFERENCES tenants (id),
    starts_on   date NOT NULL,
    ends_on     date,
    granted_by  text NOT NULL,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
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
    tenant_id           uuid NOT NULL REFERENCES tenants (id),
    day                 date NOT NULL,
    overseen_tenants    integer NOT NULL,
    overseeing_bureaus  integer NOT NULL,
    taken_at            timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, day)
);
