DROP TABLE calendar_feeds;
--bun:split
DROP TABLE ally_owners;
