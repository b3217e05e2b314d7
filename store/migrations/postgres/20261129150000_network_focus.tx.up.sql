-- The communities and neighbourhoods a network wants its allies to cover,
-- as the coordinators list them; allies covering none show white spots.
CREATE TABLE network_focus (
    network_id  uuid NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
    kind        text NOT NULL CHECK (kind IN ('community', 'neighbourhood')),
    name        text NOT NULL,
    PRIMARY KEY (network_id, kind, name)
);
