-- The second wall (docs/design.md §5): row-level security on the network content
-- tables. A request about one network sets bondgenoten.network on its
-- connection (store.ScopeToNetwork); rows of any other network are then
-- invisible and cannot be written. Without the setting (jobs, the demo
-- seed, routes not about one network) the policies let everything through.
-- FORCE applies them to the tables' owner too; superusers and roles with
-- BYPASSRLS skip them, so production runs as an ordinary owner role.
CREATE FUNCTION bondgenoten_network_scope() RETURNS uuid
    LANGUAGE sql STABLE
    AS $$ SELECT NULLIF(current_setting('bondgenoten.network', true), '')::uuid $$;
--bun:split
ALTER TABLE networks ENABLE ROW LEVEL SECURITY;
--bun:split
ALTER TABLE networks FORCE ROW LEVEL SECURITY;
--bun:split
CREATE POLICY network_scope ON networks
    USING (bondgenoten_network_scope() IS NULL OR id = bondgenoten_network_scope());
--bun:split
ALTER TABLE network_partners ENABLE ROW LEVEL SECURITY;
--bun:split
ALTER TABLE network_partners FORCE ROW LEVEL SECURITY;
--bun:split
CREATE POLICY network_scope ON network_partners
    USING (bondgenoten_network_scope() IS NULL OR network_id = bondgenoten_network_scope());
--bun:split
ALTER TABLE network_focus ENABLE ROW LEVEL SECURITY;
--bun:split
ALTER TABLE network_focus FORCE ROW LEVEL SECURITY;
--bun:split
CREATE POLICY network_scope ON network_focus
    USING (bondgenoten_network_scope() IS NULL OR network_id = bondgenoten_network_scope());
--bun:split
ALTER TABLE allies ENABLE ROW LEVEL SECURITY;
--bun:split
ALTER TABLE allies FORCE ROW LEVEL SECURITY;
--bun:split
CREATE POLICY network_scope ON allies
    USING (bondgenoten_network_scope() IS NULL OR network_id = bondgenoten_network_scope());
--bun:split
ALTER TABLE ally_owners ENABLE ROW LEVEL SECURITY;
--bun:split
ALTER TABLE ally_owners FORCE ROW LEVEL SECURITY;
--bun:split
CREATE POLICY network_scope ON ally_owners
    USING (bondgenoten_network_scope() IS NULL OR ally_id IN (SELECT id FROM allies));
--bun:split
ALTER TABLE meetings ENABLE ROW LEVEL SECURITY;
--bun:split
ALTER TABLE meetings FORCE ROW LEVEL SECURITY;
--bun:split
CREATE POLICY network_scope ON meetings
    USING (bondgenoten_network_scope() IS NULL OR network_id = bondgenoten_network_scope());
--bun:split
ALTER TABLE actions ENABLE ROW LEVEL SECURITY;
--bun:split
ALTER TABLE actions FORCE ROW LEVEL SECURITY;
--bun:split
CREATE POLICY network_scope ON actions
    USING (bondgenoten_network_scope() IS NULL OR network_id = bondgenoten_network_scope());
--bun:split
ALTER TABLE meeting_invitees ENABLE ROW LEVEL SECURITY;
--bun:split
ALTER TABLE meeting_invitees FORCE ROW LEVEL SECURITY;
--bun:split
CREATE POLICY network_scope ON meeting_invitees
    USING (bondgenoten_network_scope() IS NULL OR meeting_id IN (SELECT id FROM meetings));
--bun:split
ALTER TABLE agenda_items ENABLE ROW LEVEL SECURITY;
--bun:split
ALTER TABLE agenda_items FORCE ROW LEVEL SECURITY;
--bun:split
CREATE POLICY network_scope ON agenda_items
    USING (bondgenoten_network_scope() IS NULL OR meeting_id IN (SELECT id FROM meetings));
--bun:split
ALTER TABLE meeting_attendance ENABLE ROW LEVEL SECURITY;
--bun:split
ALTER TABLE meeting_attendance FORCE ROW LEVEL SECURITY;
--bun:split
CREATE POLICY network_scope ON meeting_attendance
    USING (bondgenoten_network_scope() IS NULL OR meeting_id IN (SELECT id FROM meetings));
--bun:split
ALTER TABLE meeting_decisions ENABLE ROW LEVEL SECURITY;
--bun:split
ALTER TABLE meeting_decisions FORCE ROW LEVEL SECURITY;
--bun:split
CREATE POLICY network_scope ON meeting_decisions
    USING (bondgenoten_network_scope() IS NULL OR meeting_id IN (SELECT id FROM meetings));
