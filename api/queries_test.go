package api

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/uptrace/bun"

	"github.com/bondgenoten/bondgenoten/network"
	"github.com/bondgenoten/bondgenoten/store"
	"github.com/bondgenoten/bondgenoten/store/storetest"
)

// queryCounter counts the statements the database runs.
type queryCounter struct{ n atomic.Int64 }

func (q *queryCounter) BeforeQuery(ctx context.Context, _ *bun.QueryEvent) context.Context {
	return ctx
}
func (q *queryCounter) AfterQuery(context.Context, *bun.QueryEvent) { q.n.Add(1) }

// TestListingNetworksCostsTheSameAtAnyLength: a bureau overseeing hundreds
// of municipalities lists their networks in as many statements as one.
func TestListingNetworksCostsTheSameAtAnyLength(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		d := setupDemo(t, db)
		counter := &queryCounter{}
		db.Unscoped().AddQueryHook(counter)
		advisor := d.browser()
		advisor.login("bureau-advisor@bureau-rvs.demo")
		measure := func() (int64, int) {
			before := counter.n.Load()
			resp, body := advisor.get("/api/v1/networks")
			if resp.StatusCode != 200 {
				t.Fatalf("networks: %d %s", resp.StatusCode, body)
			}
			return counter.n.Load() - before, strings.Count(body, `"maxActiveAllies"`)
		}
		few, n1 := measure()
		ctx := context.Background()
		utrecht := mustTenant(t, d, "utrecht")
		for i := range 100 {
			if _, _, err := d.server.cfg.Networks.Create(ctx, utrecht, network.CreateInput{
				Input:        network.Input{Name: fmt.Sprintf("Wijknetwerk %03d", i), Level: "neighbourhood"},
				Municipality: "utrecht", PoliceUnits: []string{"basisteam-utrecht-centrum"},
			}); err != nil {
				t.Fatal(err)
			}
		}
		many, n2 := measure()
		if n2 != n1+100 {
			t.Fatalf("listed %d then %d networks; want 100 more", n1, n2)
		}
		if many != few {
			t.Fatalf("listing %d networks took %d statements, %d networks %d; want the same", n1, few, n2, many)
		}
		t.Logf("%d statements for %d and for %d networks", few, n1, n2)
	})
}
