ALTER TABLE oversight DROP COLUMN ended_by;
--bun:split
ALTER TABLE oversight DROP COLUMN accepted_by;
--bun:split
ALTER TABLE oversight DROP COLUMN accepted_at;
--bun:split
DROP TABLE notifications;
--bun:split
DROP TABLE tenant_oidc_proposals;
--bun:split
ALTER TABLE audit_events DROP COLUMN detail;
