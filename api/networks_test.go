package api

import (
	"slices"
	"strings"
	"testing"

	"github.com/bondgenoten/bondgenoten/store"
	"github.com/bondgenoten/bondgenoten/store/storetest"
)

type networkBody struct {
	ID       string
	Name     string
	Goals    string
	Partners []struct {
		Tenant       struct{ Slug string }
		Active       bool
		Coordinators []struct{ Email string }
	}
}

func TestNetworksAcrossPartners(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		d := setupDemo(t, db)
		houten, police, staff, advisor, outsider := d.browser(), d.browser(), d.browser(), d.browser(), d.browser()
		houten.login("coordinator@houten.demo")
		police.login("coordinator@basisteam-utrecht-centrum.demo")
		staff.login("staff@houten.demo")
		advisor.login("bureau-advisor@bureau-rvs.demo")
		outsider.login("coordinator@veenendaal.demo")

		// Houten starts a network with two police units.
		resp, body := houten.do("POST", "/api/v1/networks", `{"name":"Bondgenoten Houten","level":"municipality","goals":"Samen sterk","municipality":"houten","policeUnits":["basisteam-utrecht-centrum","basisteam-heuvelrug"]}`, nil)
		if resp.StatusCode != 201 {
			t.Fatalf("create: %d %s", resp.StatusCode, body)
		}
		n := decode[networkBody](t, []byte(body))
		if len(n.Partners) != 3 || len(n.Partners[0].Coordinators) == 0 {
			t.Fatalf("partners: %s", body)
		}
		// A coordinator cannot start a network for others.
		if resp, body := outsider.do("POST", "/api/v1/networks", `{"name":"X","level":"municipality","municipality":"houten","policeUnits":["basisteam-heuvelrug"]}`, nil); resp.StatusCode != 400 || !strings.Contains(body, "municipality") {
			t.Fatalf("network for others: %d %s", resp.StatusCode, body)
		}
		// Staff and the overseeing bureau read; only partners' coordinators edit; others see nothing.
		for name, b := range map[string]*browser{"staff": staff, "advisor": advisor, "police coordinator": police} {
			if resp, _ := b.get("/api/v1/networks/" + n.ID); resp.StatusCode != 200 {
				t.Errorf("%s reading: %d", name, resp.StatusCode)
			}
		}
		for name, b := range map[string]*browser{"staff": staff, "advisor": advisor} {
			if resp, _ := b.do("PATCH", "/api/v1/networks/"+n.ID, `{"name":"Gekaapt","level":"municipality"}`, nil); resp.StatusCode != 403 {
				t.Errorf("%s editing: %d; want 403", name, resp.StatusCode)
			}
		}
		if resp, _ := outsider.get("/api/v1/networks/" + n.ID); resp.StatusCode != 404 {
			t.Errorf("outsider reading: %d; want 404", resp.StatusCode)
		}
		resp, body = police.do("PATCH", "/api/v1/networks/"+n.ID, `{"name":"Bondgenoten Houten","level":"municipality","goals":"Elkaar kennen vóór het spant"}`, nil)
		if resp.StatusCode != 200 || decode[networkBody](t, []byte(body)).Goals != "Elkaar kennen vóór het spant" {
			t.Fatalf("police partner editing: %d %s", resp.StatusCode, body)
		}
		_, body = staff.get("/api/v1/networks")
		if !strings.Contains(body, "Bondgenoten Houten") {
			t.Fatalf("staff's list lacks the network: %s", body)
		}

		// Leaving: the police unit asks; the municipality confirms; not the other way round.
		if resp, _ := houten.do("POST", "/api/v1/networks/"+n.ID+"/partners/basisteam-utrecht-centrum/leave", "", nil); resp.StatusCode != 403 {
			t.Fatalf("removing another partner: %d; want 403", resp.StatusCode)
		}
		if resp, body := police.do("POST", "/api/v1/networks/"+n.ID+"/partners/basisteam-utrecht-centrum/leave", "", nil); resp.StatusCode != 200 {
			t.Fatalf("asking to leave: %d %s", resp.StatusCode, body)
		}
		if resp, _ := police.do("POST", "/api/v1/networks/"+n.ID+"/partners/basisteam-utrecht-centrum/confirm-leave", "", nil); resp.StatusCode != 403 {
			t.Fatalf("confirming one's own leave: %d; want 403", resp.StatusCode)
		}
		resp, body = houten.do("POST", "/api/v1/networks/"+n.ID+"/partners/basisteam-utrecht-centrum/confirm-leave", "", nil)
		if resp.StatusCode != 200 {
			t.Fatalf("confirming: %d %s", resp.StatusCode, body)
		}
		if resp, _ := police.get("/api/v1/networks/" + n.ID); resp.StatusCode != 404 {
			t.Fatalf("a partner that left still reads the network: %d", resp.StatusCode)
		}
	})
}

// TestTheAPITellsWhatTheCallerMayDoInEachNetwork: the web app shows what
// network.permissions allow instead of re-deriving the rules; the bureau
// reads, never writes, and /me names the organisations it reaches.
func TestTheAPITellsWhatTheCallerMayDoInEachNetwork(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		d := setupDemo(t, db)
		type netPerms struct {
			Items []struct {
				Name        string
				Permissions map[string][]string
			}
		}
		perms := func(email, network string) map[string][]string {
			b := d.browser()
			b.login(email)
			_, body := b.get("/api/v1/networks")
			for _, n := range decode[netPerms](t, []byte(body)).Items {
				if n.Name == network {
					return n.Permissions
				}
			}
			t.Fatalf("%s does not see %s: %s", email, network, body)
			return nil
		}
		has := func(p map[string][]string, c, a string) bool { return slices.Contains(p[c], a) }
		coord := perms("coordinator@zeist.demo", "Bondgenoten Zeist")
		staff := perms("staff@zeist.demo", "Bondgenoten Zeist")
		advisor := perms("bureau-advisor@bureau-rvs.demo", "Bondgenoten Zeist")
		switch {
		case !has(coord, "contacts", "write") || !has(coord, "sensitive", "read") || !has(coord, "org", "write"):
			t.Errorf("coordinator's permissions = %v", coord)
		case !has(staff, "contacts", "read") || has(staff, "contacts", "write") || has(staff, "sensitive", "read"):
			t.Errorf("staff's permissions = %v", staff)
		case !has(advisor, "org", "read") || has(advisor, "org", "write") || has(advisor, "contacts", "read"):
			t.Errorf("bureau advisor's permissions = %v; want reading org data only", advisor)
		}
		// Staff are named only to those who work with the allies.
		staffNamed := func(email string) bool {
			b := d.browser()
			b.login("staff@zeist.demo") // so Zeist has a staff member to name
			o := d.browser()
			o.login(email)
			_, body := o.get("/api/v1/networks")
			return strings.Contains(body, "staff@zeist.demo")
		}
		if staffNamed("bureau-advisor@bureau-rvs.demo") {
			t.Error("the bureau sees the names of the partners' staff")
		}
		if !staffNamed("coordinator@zeist.demo") {
			t.Error("a coordinator does not see the partners' staff")
		}
		b := d.browser()
		b.login("bureau-advisor@bureau-rvs.demo")
		_, body := b.get("/api/v1/me")
		me := decode[struct {
			Reach []struct {
				Tenant struct{ Slug string }
				Roles  []string
			}
		}](t, []byte(body))
		found := false
		for _, r := range me.Reach {
			if r.Tenant.Slug == "zeist" && slices.Equal(r.Roles, []string{"overseer"}) {
				found = true
			}
		}
		if !found {
			t.Errorf("/me does not name Zeist as reached through oversight: %s", body)
		}
	})
}
