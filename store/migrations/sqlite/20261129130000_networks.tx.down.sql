DROP TABLE network_partners;
--bun:split
DROP TABLE networks;
