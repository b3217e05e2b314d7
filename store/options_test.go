package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/bondgenoten/bondgenoten/store"
	"github.com/bondgenoten/bondgenoten/store/storetest"
)

// TestPoolOptions: the PostgreSQL pool takes its size from the options (the
// default otherwise); SQLite keeps its single connection whatever is asked.
func TestPoolOptions(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct {
		dialect store.Dialect
		ask     int
		want    int
	}{
		{store.Postgres, 7, 7},
		{store.Postgres, 0, store.DefaultMaxConns},
		{store.SQLite, 7, 1},
	} {
		db, err := store.OpenWith(ctx, storetest.URL(t, c.dialect), store.Options{MaxConns: c.ask})
		if err != nil {
			t.Fatal(err)
		}
		if got := db.Unscoped().Stats().MaxOpenConnections; got != c.want {
			t.Errorf("%s asking %d: pool of %d; want %d", c.dialect, c.ask, got, c.want)
		}
		_ = db.Close()
	}
}

func TestValidateURLTouchesNothing(t *testing.T) {
	for _, bad := range []string{"mysql://x", "sqlite:", "postgres://u:pw@h:notaport/x", "postgres://h/x?sslmode=sometimes"} {
		err := store.ValidateURL(bad)
		if err == nil {
			t.Errorf("ValidateURL(%q) = nil; want an error", bad)
			continue
		}
		if strings.Contains(err.Error(), "pw") {
			t.Errorf("ValidateURL(%q) leaks the password: %v", bad, err)
		}
	}
	for _, good := range []string{"sqlite:data/x.db", "postgres://u:pw@h:5432/x?sslmode=require"} {
		if err := store.ValidateURL(good); err != nil {
			t.Errorf("ValidateURL(%q) = %v", good, err)
		}
	}
}

func TestRedactHidesPasswordOfAnUnparsableURL(t *testing.T) {
	got := store.Redact("postgres://app:s3cret@db:notaport/x")
	if strings.Contains(got, "s3cret") || !strings.Contains(got, "app:xxxxx@db:notaport/x") {
		t.Fatalf("Redact = %q", got)
	}
}
