-- Allies of a network: contact data, consent, vetting, and optional
-- representativeness attributes; religion and background (special-category
-- data) are sealed and need recorded explicit consent.
CREATE TABLE allies (
    id                       uuid PRIMARY KEY,
    network_id               uuid NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
    name                     text NOT NULL,
    mobile                   text NOT NULL DEFAULT '',
    email                    text NOT NULL DEFAULT '',
    organisation             text NOT NULL DEFAULT '',
    constituency             text NOT NULL DEFAULT '',
    neighbourhood            text NOT NULL DEFAULT '',
    starts_on                text,
    status                   text NOT NULL CHECK (status IN ('candidate', 'active', 'paused', 'left')),
    left_on                  text,
    left_reason              text NOT NULL DEFAULT '',
    contact_permitted        boolean NOT NULL DEFAULT false,
    consent_on               text,
    consent_scope            text NOT NULL DEFAULT '',
    consent_how              text NOT NULL DEFAULT '',
    intake_done              boolean NOT NULL DEFAULT false,
    code_of_conduct_signed   boolean NOT NULL DEFAULT false,
    interests_declared       boolean NOT NULL DEFAULT false,
    age_band                 text NOT NULL DEFAULT '',
    gender                   text NOT NULL DEFAULT '',
    special_consent_on       text,
    special_consent_how      text NOT NULL DEFAULT '',
    special_sealed           bytea,
    created_at               timestamptz NOT NULL,
    updated_at               timestamptz NOT NULL
);
--bun:split
CREATE INDEX allies_network_idx ON allies (network_id, status);
