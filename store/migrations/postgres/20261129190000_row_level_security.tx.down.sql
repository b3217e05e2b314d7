DROP POLICY network_scope ON meeting_decisions;
--bun:split
ALTER TABLE meeting_decisions NO FORCE ROW LEVEL SECURITY;
--bun:split
ALTER TABLE meeting_decisions DISABLE ROW LEVEL SECURITY;
--bun:split
DROP POLICY network_scope ON meeting_attendance;
--bun:split
ALTER TABLE meeting_attendance NO FORCE ROW LEVEL SECURITY;
--bun:split
ALTER TABLE meeting_attendance DISABLE ROW LEVEL SECURITY;
--bun:split
DROP POLICY network_scope ON agenda_items;
--bun:split
ALTER TABLE agenda_items NO FORCE ROW LEVEL SECURITY;
--bun:split
ALTER TABLE agenda_items DISABLE ROW LEVEL SECURITY;
--bun:split
DROP POLICY network_scope ON meeting_invitees;
--bun:split
ALTER TABLE meeting_invitees NO FORCE ROW LEVEL SECURITY;
--bun:split
ALTER TABLE meeting_invitees DISABLE ROW LEVEL SECURITY;
--bun:split
DROP POLICY network_scope ON actions;
--bun:split
ALTER TABLE actions NO FORCE ROW LEVEL SECURITY;
--bun:split
ALTER TABLE actions DISABLE ROW LEVEL SECURITY;
--bun:split
DROP POLICY network_scope ON meetings;
--bun:split
ALTER TABLE meetings NO FORCE ROW LEVEL SECURITY;
--bun:split
ALTER TABLE meetings DISABLE ROW LEVEL SECURITY;
--bun:split
DROP POLICY network_scope ON ally_owners;
--bun:split
ALTER TABLE ally_owners NO FORCE ROW LEVEL SECURITY;
--bun:split
ALTER TABLE ally_owners DISABLE ROW LEVEL SECURITY;
--bun:split
DROP POLICY network_scope ON allies;
--bun:split
ALTER TABLE allies NO FORCE ROW LEVEL SECURITY;
--bun:split
ALTER TABLE allies DISABLE ROW LEVEL SECURITY;
--bun:split
DROP POLICY network_scope ON network_focus;
--bun:split
ALTER TABLE network_focus NO FORCE ROW LEVEL SECURITY;
--bun:split
ALTER TABLE network_focus DISABLE ROW LEVEL SECURITY;
--bun:split
DROP POLICY network_scope ON network_partners;
--bun:split
ALTER TABLE network_partners NO FORCE ROW LEVEL SECURITY;
--bun:split
ALTER TABLE network_partners DISABLE ROW LEVEL SECURITY;
--bun:split
DROP POLICY network_scope ON networks;
--bun:split
ALTER TABLE networks NO FORCE ROW LEVEL SECURITY;
--bun:split
ALTER TABLE networks DISABLE ROW LEVEL SECURITY;
--bun:split
DROP FUNCTION bondgenoten_network_scope();
