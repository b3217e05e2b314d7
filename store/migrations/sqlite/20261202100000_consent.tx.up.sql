-- Nobody grants themselves access (issue 8): details in the audit trail
-- (who changed whose roles from what to what), SSO changes on a tenant in
-- use wait for one of its administrators, oversight starts when the
-- overseen organisation accepts it, and the people concerned are told in
-- the app (notifications).
ALTER TABLE audit_events ADD COLUMN detail TEXT NOT NULL DEFAULT '';
--bun:split
-- An operator's change of SSO settings on a tenant whose sign-in is in use.
-- One open proposal per tenant; it takes effect only when a tenant admin
-- confirms it. The client secret is sealed like tenant_oidc's.
CREATE TABLE tenant_oidc_proposals (
    tenant_id      TEXT PRIMARY KEY REFERENCES tenants (id),
    id             TEXT NOT NULL,
    settings       TEXT NOT NULL,
    client_secret  BLOB,
    secret_key_id  TEXT NOT NULL DEFAULT '',
    proposed_by    TEXT NOT NULL,
    proposer_id    TEXT,
    proposed_at    TIMESTAMP NOT NULL,
    expires_at     TIMESTAMP NOT NULL
);
--bun:split
CREATE TABLE notifications (
    id          TEXT PRIMARY KEY,
    tenant_id   TEXT NOT NULL REFERENCES tenants (id),
    user_id     TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind        TEXT NOT NULL,
    params      TEXT NOT NULL DEFAULT '{}',
    link        TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMP NOT NULL,
    read_at     TIMESTAMP
);
--bun:split
CREATE INDEX notifications_user_idx ON notifications (user_id, created_at);
--bun:split
-- Relations that existed before consent was asked stay in force: they were
-- set up with both sides, by operators or bureau admins, before this rule.
ALTER TABLE oversight ADD COLUMN accepted_at TIMESTAMP;
--bun:split
ALTER TABLE oversight ADD COLUMN accepted_by TEXT NOT NULL DEFAULT '';
--bun:split
ALTER TABLE oversight ADD COLUMN ended_by TEXT NOT NULL DEFAULT '';
--bun:split
UPDATE oversight SET accepted_at = created_at, accepted_by = granted_by;
