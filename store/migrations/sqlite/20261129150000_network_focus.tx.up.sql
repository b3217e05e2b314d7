-- The communities and neighbourhoods a network wants its allies to cover,
-- as the coordinators list them; allies covering none show white spots.
CREATE TABLE network_focus (
    network_id  TEXT NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN ('community', 'neighbourhood')),
    name        TEXT NOT NULL,
    PRIMARY KEY (network_id, kind, name)
);
