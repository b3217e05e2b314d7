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
    user_id     uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    email       text NOT NULL CHECK (email IN ('immediate', 'digest', 'app')),
    language    text NOT NULL CHECK (language IN ('nl', 'en')),
    updated_at  timestamptz NOT NULL
);
--bun:split
CREATE TABLE mail_outbox (
    id               uuid PRIMARY KEY,
    tenant_id        uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    user_id          uuid REFERENCES users (id) ON DELETE CASCADE,
    ally_id          uuid,
    kind             text NOT NULL,
    params           text NOT NULL DEFAULT '{}',
    link             text NOT NULL DEFAULT '',
    meeting_id       uuid,
    calendar_method  text NOT NULL DEFAULT '' CHECK (calendar_method IN ('', 'REQUEST', 'CANCEL')),
    state            text NOT NULL CHECK (state IN ('pending', 'queued', 'sending', 'sent', 'failed', 'skipped')),
    attempts         integer NOT NULL DEFAULT 0,
    last_error       text NOT NULL DEFAULT '',
    created_at       timestamptz NOT NULL,
    queued_at        timestamptz,
    sending_at       timestamptz,
    finished_at      timestamptz,
    CHECK ((user_id IS NULL) <> (ally_id IS NULL))
);
--bun:split
CREATE INDEX mail_outbox_pending_idx ON mail_outbox (created_at) WHERE state = 'pending';
--bun:split
CREATE INDEX mail_outbox_tenant_idx ON mail_outbox (tenant_id, state, created_at);
--bun:split
-- A notification of someone who reads a daily digest waits here for it;
-- the digest's outbox row is remembered so its email can list them.
ALTER TABLE notifications ADD COLUMN digest_pending boolean NOT NULL DEFAULT false;
--bun:split
ALTER TABLE notifications ADD COLUMN digest_id uuid REFERENCES mail_outbox (id) ON DELETE SET NULL;
--bun:split
CREATE INDEX notifications_digest_idx ON notifications (user_id) WHERE digest_pending;
