-- Notifications by email (issue 11). Each person chooses how they hear of
-- their notifications: at once, in a daily digest, or in the app only, and
-- the language of their emails. Every email to send is a row of mail_outbox,
-- written in the transaction of the change that causes it (or of the digest
-- run); a River job per row delivers it. The outbox holds no address and no
-- content: kind, parameters (network names) and a link. The address is read
-- at send time, so a person or ally removed meanwhile gets nothing. The
-- ally and meeting are named by ID without a foreign key: the outbox is the
-- tenant's, not a network's content, and holds nothing of either.
CREATE TABLE notification_preferences (
    user_id     TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    email       TEXT NOT NULL CHECK (email IN ('immediate', 'digest', 'app')),
    language    TEXT NOT NULL CHECK (language IN ('nl', 'en')),
    updated_at  TIMESTAMP NOT NULL
);
--bun:split
CREATE TABLE mail_outbox (
    id               TEXT PRIMARY KEY,
    tenant_id        TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    user_id          TEXT REFERENCES users (id) ON DELETE CASCADE,
    ally_id          TEXT,
    kind             TEXT NOT NULL,
    params           TEXT NOT NULL DEFAULT '{}',
    link             TEXT NOT NULL DEFAULT '',
    meeting_id       TEXT,
    calendar_method  TEXT NOT NULL DEFAULT '' CHECK (calendar_method IN ('', 'REQUEST', 'CANCEL')),
    state            TEXT NOT NULL CHECK (state IN ('pending', 'queued', 'sending', 'sent', 'failed', 'skipped')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    last_error       TEXT NOT NULL DEFAULT '',
    created_at       TIMESTAMP NOT NULL,
    queued_at        TIMESTAMP,
    sending_at       TIMESTAMP,
    finished_at      TIMESTAMP,
    CHECK ((user_id IS NULL) <> (ally_id IS NULL))
);
--bun:split
CREATE INDEX mail_outbox_pending_idx ON mail_outbox (created_at) WHERE state = 'pending';
--bun:split
CREATE INDEX mail_outbox_tenant_idx ON mail_outbox (tenant_id, state, created_at);
--bun:split
-- A notification of someone who reads a daily digest waits here for it;
-- the digest's outbox row is remembered so its email can list them.
ALTER TABLE notifications ADD COLUMN digest_pending BOOLEAN NOT NULL DEFAULT 0;
--bun:split
ALTER TABLE notifications ADD COLUMN digest_id TEXT REFERENCES mail_outbox (id) ON DELETE SET NULL;
--bun:split
CREATE INDEX notifications_digest_idx ON notifications (user_id) WHERE digest_pending;
