-- Allies of a network: contact data, consent, vetting, and optional
-- representativeness attributes; religion and background (special-category
-- data) are sealed and need recorded explicit consent.
CREATE TABLE allies (
    id                       TEXT PRIMARY KEY,
    network_id               TEXT NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
    name                     TEXT NOT NULL,
    mobile                   TEXT NOT NULL DEFAULT '',
    email                    TEXT NOT NULL DEFAULT '',
    organisation             TEXT NOT NULL DEFAULT '',
    constituency             TEXT NOT NULL DEFAULT '',
    neighbourhood            TEXT NOT NULL DEFAULT '',
    starts_on                TEXT,
    status                   TEXT NOT NULL CHECK (status IN ('candidate', 'active', 'paused', 'left')),
    left_on                  TEXT,
    left_reason              TEXT NOT NULL DEFAULT '',
    contact_permitted        INTEGER NOT NULL DEFAULT 0,
    consent_on               TEXT,
    consent_scope            TEXT NOT NULL DEFAULT '',
    consent_how              TEXT NOT NULL DEFAULT '',
    intake_done              INTEGER NOT NULL DEFAULT 0,
    code_of_conduct_signed   INTEGER NOT NULL DEFAULT 0,
    interests_declared       INTEGER NOT NULL DEFAULT 0,
    age_band                 TEXT NOT NULL DEFAULT '',
    gender                   TEXT NOT NULL DEFAULT '',
    special_consent_on       TEXT,
    special_consent_how      TEXT NOT NULL DEFAULT '',
    special_sealed           BLOB,
    created_at               TIMESTAMP NOT NULL,
    updated_at               TIMESTAMP NOT NULL
);
--bun:split
CREATE INDEX allies_network_idx ON allies (network_id, status);
