-- Identity and access: per-tenant OIDC settings, users keyed by (tenant,
-- issuer, subject), role assignments, server-side sessions, pending logins,
-- the policy version that replicas poll, and the audit trail.
CREATE TABLE tenant_oidc (
    tenant_id      TEXT PRIMARY KEY REFERENCES tenants (id),
    issuer         TEXT NOT NULL,
    client_id      TEXT NOT NULL,
    client_secret  BLOB,
    secret_key_id  TEXT NOT NULL DEFAULT '',
    scopes         TEXT NOT NULL DEFAULT 'openid email profile',
    groups_claim   TEXT NOT NULL DEFAULT 'groups',
    group_roles    TEXT NOT NULL DEFAULT '{}',
    provisioning   TEXT NOT NULL DEFAULT 'approval' CHECK (provisioning IN ('jit', 'approval')),
    updated_at     TIMESTAMP NOT NULL
);
--bun:split
-- An email domain belongs to one tenant: login by email address finds it.
CREATE TABLE tenant_email_domains (
    domain     TEXT PRIMARY KEY,
    tenant_id  TEXT NOT NULL REFERENCES tenants (id)
);
--bun:split
CREATE INDEX tenant_email_domains_tenant_idx ON tenant_email_domains (tenant_id);
--bun:split
CREATE TABLE users (
    id             TEXT PRIMARY KEY,
    tenant_id      TEXT NOT NULL REFERENCES tenants (id),
    issuer         TEXT NOT NULL,
    subject        TEXT NOT NULL,
    email          TEXT NOT NULL DEFAULT '',
    name           TEXT NOT NULL DEFAULT '',
    status         TEXT NOT NULL CHECK (status IN ('active', 'pending', 'deactivated')),
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL,
    last_login_at  TIMESTAMP,
    CONSTRAINT users_identity_key UNIQUE (tenant_id, issuer, subject)
);
--bun:split
CREATE INDEX users_tenant_idx ON users (tenant_id, status);
--bun:split
CREATE TABLE role_assignments (
    user_id     TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    tenant_id   TEXT NOT NULL REFERENCES tenants (id),
    role        TEXT NOT NULL,
    source      TEXT NOT NULL CHECK (source IN ('group', 'admin')),
    created_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, role)
);
--bun:split
CREATE INDEX role_assignments_tenant_idx ON role_assignments (tenant_id);
--bun:split
CREATE TABLE sessions (
    id_hash        TEXT PRIMARY KEY,
    id             TEXT NOT NULL UNIQUE,
    user_id        TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    tenant_id      TEXT NOT NULL REFERENCES tenants (id),
    created_at     TIMESTAMP NOT NULL,
    last_seen_at   TIMESTAMP NOT NULL,
    expires_at     TIMESTAMP NOT NULL,
    user_agent     TEXT NOT NULL DEFAULT '',
    id_token_hint  BLOB
);
--bun:split
CREATE INDEX sessions_user_idx ON sessions (user_id);
--bun:split
CREATE TABLE login_attempts (
    state_hash     TEXT PRIMARY KEY,
    browser_hash   TEXT NOT NULL,
    tenant_id      TEXT NOT NULL REFERENCES tenants (id),
    nonce          TEXT NOT NULL,
    pkce_verifier  TEXT NOT NULL,
    return_to      TEXT NOT NULL,
    purpose        TEXT NOT NULL DEFAULT 'login' CHECK (purpose IN ('login', 'test')),
    created_at     TIMESTAMP NOT NULL,
    expires_at     TIMESTAMP NOT NULL
);
--bun:split
CREATE TABLE policy_version (
    id       integer PRIMARY KEY CHECK (id = 1),
    version  INTEGER NOT NULL
);
--bun:split
INSERT INTO policy_version (id, version) VALUES (1, 0);
--bun:split
CREATE TABLE audit_events (
    id           TEXT PRIMARY KEY,
    at           TIMESTAMP NOT NULL,
    tenant_id    TEXT,
    user_id      TEXT,
    category     TEXT NOT NULL,
    action       TEXT NOT NULL,
    object_type  TEXT NOT NULL DEFAULT '',
    object_id    TEXT NOT NULL DEFAULT '',
    allowed      INTEGER NOT NULL,
    request_id   TEXT NOT NULL DEFAULT ''
);
--bun:split
CREATE INDEX audit_events_tenant_at_idx ON audit_events (tenant_id, at);
