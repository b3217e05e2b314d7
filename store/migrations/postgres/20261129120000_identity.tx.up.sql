-- Identity and access: per-tenant OIDC settings, users keyed by (tenant,
-- issuer, subject), role assignments, server-side sessions, pending logins,
-- the policy version that replicas poll, and the audit trail.
CREATE TABLE tenant_oidc (
    tenant_id      uuid PRIMARY KEY REFERENCES tenants (id),
    issuer         text NOT NULL,
    client_id      text NOT NULL,
    client_secret  bytea,
    secret_key_id  text NOT NULL DEFAULT '',
    scopes         text NOT NULL DEFAULT 'openid email profile',
    groups_claim   text NOT NULL DEFAULT 'groups',
    group_roles    text NOT NULL DEFAULT '{}',
    provisioning   text NOT NULL DEFAULT 'approval' CHECK (provisioning IN ('jit', 'approval')),
    updated_at     timestamptz NOT NULL
);
--bun:split
-- An email domain belongs to one tenant: login by email address finds it.
CREATE TABLE tenant_email_domains (
    domain     text PRIMARY KEY,
    tenant_id  uuid NOT NULL REFERENCES tenants (id)
);
--bun:split
CREATE INDEX tenant_email_domains_tenant_idx ON tenant_email_domains (tenant_id);
--bun:split
CREATE TABLE users (
    id             uuid PRIMARY KEY,
    tenant_id      uuid NOT NULL REFERENCES tenants (id),
    issuer         text NOT NULL,
    subject        text NOT NULL,
    email          text NOT NULL DEFAULT '',
    name           text NOT NULL DEFAULT '',
    status         text NOT NULL CHECK (status IN ('active', 'pending', 'deactivated')),
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL,
    last_login_at  timestamptz,
    CONSTRAINT users_identity_key UNIQUE (tenant_id, issuer, subject)
);
--bun:split
CREATE INDEX users_tenant_idx ON users (tenant_id, status);
--bun:split
CREATE TABLE role_assignments (
    user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    tenant_id   uuid NOT NULL REFERENCES tenants (id),
    role        text NOT NULL,
    source      text NOT NULL CHECK (source IN ('group', 'admin')),
    created_at  timestamptz NOT NULL,
    PRIMARY KEY (user_id, role)
);
--bun:split
CREATE INDEX role_assignments_tenant_idx ON role_assignments (tenant_id);
--bun:split
CREATE TABLE sessions (
    id_hash        text PRIMARY KEY,
    id             uuid NOT NULL UNIQUE,
    user_id        uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    tenant_id      uuid NOT NULL REFERENCES tenants (id),
    created_at     timestamptz NOT NULL,
    last_seen_at   timestamptz NOT NULL,
    expires_at     timestamptz NOT NULL,
    user_agent     text NOT NULL DEFAULT '',
    id_token_hint  bytea
);
--bun:split
CREATE INDEX sessions_user_idx ON sessions (user_id);
--bun:split
CREATE TABLE login_attempts (
    state_hash     text PRIMARY KEY,
    browser_hash   text NOT NULL,
    tenant_id      uuid NOT NULL REFERENCES tenants (id),
    nonce          text NOT NULL,
    pkce_verifier  text NOT NULL,
    return_to      text NOT NULL,
    purpose        text NOT NULL DEFAULT 'login' CHECK (purpose IN ('login', 'test')),
    created_at     timestamptz NOT NULL,
    expires_at     timestamptz NOT NULL
);
--bun:split
CREATE TABLE policy_version (
    id       integer PRIMARY KEY CHECK (id = 1),
    version  bigint NOT NULL
);
--bun:split
INSERT INTO policy_version (id, version) VALUES (1, 0);
--bun:split
CREATE TABLE audit_events (
    id           uuid PRIMARY KEY,
    at           timestamptz NOT NULL,
    tenant_id    uuid,
    user_id      uuid,
    category     text NOT NULL,
    action       text NOT NULL,
    object_type  text NOT NULL DEFAULT '',
    object_id    text NOT NULL DEFAULT '',
    allowed      boolean NOT NULL,
    request_id   text NOT NULL DEFAULT ''
);
--bun:split
CREATE INDEX audit_events_tenant_at_idx ON audit_events (tenant_id, at);
