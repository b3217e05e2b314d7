-- Who keeps in touch with an ally on each partner side: at most one person
-- per partner organisation.
CREATE TABLE ally_owners (
    ally_id    uuid NOT NULL REFERENCES allies (id) ON DELETE CASCADE,
    tenant_id  uuid NOT NULL REFERENCES tenants (id),
    user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (ally_id, tenant_id)
);
--bun:split
CREATE INDEX ally_owners_user_idx ON ally_owners (user_id);
--bun:split
-- A user's calendar feed: only a hash of the secret token is kept.
CREATE TABLE calendar_feeds (
    user_id     uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    token_hash  bytea NOT NULL UNIQUE,
    created_at  timestamptz NOT NULL
);
