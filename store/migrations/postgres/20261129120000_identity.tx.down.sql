DROP TABLE audit_events;
--bun:split
DROP TABLE policy_version;
--bun:split
DROP TABLE login_attempts;
--bun:split
DROP TABLE sessions;
--bun:split
DROP TABLE role_assignments;
--bun:split
DROP TABLE users;
--bun:split
DROP TABLE tenant_email_domains;
--bun:split
DROP TABLE tenant_oidc;
