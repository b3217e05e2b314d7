DROP TABLE mood_pictures;
--bun:split
DROP TABLE signal_actions;
--bun:split
DROP TABLE signals;
--bun:split
DROP TABLE signal_themes;
--bun:split
ALTER TABLE networks DROP COLUMN signal_feedback_days;
