DROP TABLE actions;
--bun:split
DROP TABLE meeting_decisions;
--bun:split
DROP TABLE meeting_attendance;
--bun:split
DROP TABLE agenda_items;
--bun:split
DROP TABLE meeting_invitees;
--bun:split
DROP TABLE meetings;
