DROP INDEX notifications_digest_idx;
--bun:split
ALTER TABLE notifications DROP COLUMN digest_id;
--bun:split
ALTER TABLE notifications DROP COLUMN digest_pending;
--bun:split
DROP TABLE mail_outbox;
--bun:split
DROP TABLE notification_preferences;
