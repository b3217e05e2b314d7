DROP TABLE meeting_cadence_alerts;
--bun:split
DROP INDEX meetings_reminder_idx;
--bun:split
ALTER TABLE meetings DROP COLUMN reminded_at;
