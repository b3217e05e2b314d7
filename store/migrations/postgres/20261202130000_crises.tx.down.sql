DROP TABLE crisis_poll_answers;
--bun:split
DROP TABLE crisis_polls;
--bun:split
DROP TABLE crisis_entries;
--bun:split
DROP TABLE crises;
