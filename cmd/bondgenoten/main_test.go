package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bondgenoten/bondgenoten/store"
	"github.com/bondgenoten/bondgenoten/store/storetest"
)

func runCmd(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(context.Background(), args, &out, &errOut)
	return code, out.String(), errOut.String()
}

// oneLine checks that an error is reported as exactly one line, no trace.
func assertOneLine(t *testing.T, stderr, want string) {
	t.Helper()
	if strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, want) || strings.Contains(stderr, "goroutine") {
		t.Fatalf("stderr = %q; want one line containing %q", stderr, want)
	}
}

func TestBadInvocations(t *testing.T) {
	code, _, stderr := runCmd(t, "serve", "--bogus")
	if code != 2 {
		t.Fatalf("bad flag: exit %d; want 2", code)
	}
	assertOneLine(t, stderr, "flag provided but not defined: -bogus")

	code, _, stderr = runCmd(t, "frobnicate")
	if code != 2 {
		t.Fatalf("unknown command: exit %d", code)
	}
	assertOneLine(t, stderr, `unknown command "frobnicate"`)

	code, _, stderr = runCmd(t, "serve", "--database", "mysql://x")
	if code != 2 {
		t.Fatalf("bad database URL: exit %d; want 2 (a bad flag value)", code)
	}
	assertOneLine(t, stderr, "database URL must start with sqlite: or postgres://")

	code, _, stderr = runCmd(t, "migrate", "--database", "postgres://nobody:secret@127.0.0.1:1/x?connect_timeout=2")
	if code != 1 {
		t.Fatalf("unreachable database: exit %d", code)
	}
	assertOneLine(t, stderr, "connect to postgres")
	if strings.Contains(stderr, "secret") {
		t.Fatalf("password leaked: %q", stderr)
	}
}

func TestBadEnvironment(t *testing.T) {
	t.Setenv("BONDGENOTEN_DEMO", "maybe")
	code, _, stderr := runCmd(t, "serve")
	if code != 2 {
		t.Fatalf("exit %d; want 2", code)
	}
	assertOneLine(t, stderr, `BONDGENOTEN_DEMO="maybe" is not a boolean`)
}

func TestVersionAndHelp(t *testing.T) {
	if code, out, _ := runCmd(t, "version"); code != 0 || !strings.HasPrefix(out, "bondgenoten ") {
		t.Fatalf("version: %d %q", code, out)
	}
	if code, out, _ := runCmd(t, "serve", "--help"); code != 0 || !strings.Contains(out, "-addr") || !strings.Contains(out, "DATABASE_URL") {
		t.Fatalf("serve --help: %d %q", code, out)
	}
}

func TestMigrateAndStatus(t *testing.T) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			url := storetest.URL(t, d)
			if code, out, _ := runCmd(t, "migrate", "--database", url, "--status"); code != 0 || !strings.HasPrefix(out, "pending ") {
				t.Fatalf("status before: %d %q", code, out)
			}
			if code, out, errOut := runCmd(t, "migrate", "--database", url); code != 0 || !strings.Contains(out, "current") {
				t.Fatalf("migrate: %d %q %q", code, out, errOut)
			}
			code, out, _ := runCmd(t, "migrate", "--database", url, "--status")
			if code != 0 || strings.HasPrefix(out, "pending") || strings.Contains(out, "\npending") || !strings.Contains(out, "applied  bondgenoten") {
				t.Fatalf("status after: %d %q", code, out)
			}
		})
	}
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// TestServeDemoEndToEnd starts the real server with workers on each
// database, twice on the same one (demo seeding is idempotent), and stops
// it as SIGTERM would.
func TestServeDemoEndToEnd(t *testing.T) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			url := storetest.URL(t, d)
			for round := range 2 {
				addr := freeAddr(t)
				ctx, cancel := context.WithCancel(context.Background())
				var stderr bytes.Buffer
				exited := make(chan int, 1)
				go func() {
					exited <- run(ctx, []string{"serve", "--demo", "--addr", addr, "--database", url}, &bytes.Buffer{}, &stderr)
				}()
				waitReady(t, addr, exited)

				resp, err := http.Get("http://" + addr + "/api/v1/tenants")
				if err != nil {
					t.Fatal(err)
				}
				var page struct{ Items []struct{ Slug string } }
				_ = json.NewDecoder(resp.Body).Decode(&page)
				resp.Body.Close()
				if len(page.Items) != 11 {
					t.Fatalf("round %d: directory has %d tenants; want 11", round, len(page.Items))
				}

				cancel() // what SIGINT/SIGTERM does through signal.NotifyContext
				select {
				case code := <-exited:
					if code != 0 {
						t.Fatalf("exit %d after shutdown; stderr: %s", code, stderr.String())
					}
				case <-time.After(30 * time.Second):
					t.Fatal("serve did not stop")
				}
				if !strings.Contains(stderr.String(), `"msg":"stopped"`) {
					t.Fatalf("no clean stop logged: %s", stderr.String())
				}
			}
		})
	}
}

func waitReady(t *testing.T, addr string, exited <-chan int) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case code := <-exited:
			t.Fatalf("serve exited early with %d", code)
		default:
		}
		resp, err := http.Get("http://" + addr + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatal("serve did not become ready")
}

func TestServeRefusesTakenAddress(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	db := filepath.Join(t.TempDir(), "x.db")
	code, _, stderr := runCmd(t, "serve", "--addr", ln.Addr().String(), "--database", "sqlite:"+db)
	if code != 1 {
		t.Fatalf("exit %d; want 1", code)
	}
	assertOneLine(t, stderr, fmt.Sprintf("cannot listen on %s", ln.Addr()))
}

// TestConfigIsValidatedBeforeTheDatabase: a bad flag or environment value
// is refused with exit code 2 and one line before anything touches the
// database, so the SQLite file (and its directory) never comes to exist.
func TestConfigIsValidatedBeforeTheDatabase(t *testing.T) {
	cases := []struct {
		name string
		env  map[string]string
		args []string
		want string
	}{
		{"malformed secret key", map[string]string{"BONDGENOTEN_SECRET_KEY": "not-a-key"}, []string{"serve"}, "BONDGENOTEN_SECRET_KEY: secret key 1"},
		{"malformed secret key, worker", map[string]string{"BONDGENOTEN_SECRET_KEY": "c2hvcnQ="}, []string{"worker"}, "BONDGENOTEN_SECRET_KEY"},
		{"public URL with a path", nil, []string{"serve", "--public-url", "https://x.example/app"}, "--public-url"},
		{"trusted proxy not a CIDR", nil, []string{"serve", "--trusted-proxies", "10.0.0.1"}, "--trusted-proxies"},
		{"idle below the minimum", nil, []string{"serve", "--session-idle", "5s"}, "--session-idle 5s: want at least 1m"},
		{"max below idle", nil, []string{"serve", "--session-idle", "2h", "--session-max", "1h"}, "--session-max 1h: want at least --session-idle (2h)"},
		{"pool too small", nil, []string{"serve", "--db-max-conns", "0"}, "--db-max-conns 0: want at least 2"},
		{"pool size from env not a number", map[string]string{"BONDGENOTEN_DB_MAX_CONNS": "many"}, []string{"migrate"}, `BONDGENOTEN_DB_MAX_CONNS="many" is not a whole number`},
		{"connect timeout zero", nil, []string{"worker", "--db-connect-timeout", "0s"}, "--db-connect-timeout must be positive"},
		{"rate limit negative", nil, []string{"serve", "--public-rate-limit", "-1"}, "--public-rate-limit"},
		{"no requests per person", nil, []string{"serve", "--max-requests-per-user", "0"}, "--max-requests-per-user 0: want at least 1"},
		{"empty sqlite path", nil, []string{"migrate", "--database", "sqlite:"}, "needs a file path"},
		{"malformed postgres URL", nil, []string{"migrate", "--database", "postgres://u:pw@host:notaport/x"}, "not a valid PostgreSQL URL"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for k, v := range c.env {
				t.Setenv(k, v)
			}
			dir := filepath.Join(t.TempDir(), "data")
			path := filepath.Join(dir, "bondgenoten.db")
			args := append(c.args, "--addr", freeAddr(t))
			if c.args[0] != "serve" {
				args = c.args
			}
			if !slices.Contains(args, "--database") {
				args = append(args, "--database", "sqlite:"+path)
			}
			// Bounded: a value that is wrongly accepted would start serving.
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			var out, errOut bytes.Buffer
			code := run(ctx, args, &out, &errOut)
			if code != 2 {
				t.Fatalf("exit %d; want 2; stderr: %s", code, errOut.String())
			}
			assertOneLine(t, errOut.String(), c.want)
			if strings.Contains(errOut.String(), "pw@") {
				t.Fatalf("password leaked: %s", errOut.String())
			}
			if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
				t.Fatalf("the database directory exists after a refused configuration (%v): the database was touched", err)
			}
		})
	}
}

func TestPoolSizeFlag(t *testing.T) {
	cfg, err := parseConfig("serve", []string{"--db-max-conns", "7", "--db-connect-timeout", "3s"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if o := cfg.storeOptions(); o.MaxConns != 7 || o.ConnectTimeout != 3*time.Second {
		t.Fatalf("store options = %+v; want 7 connections, 3s", o)
	}
	t.Setenv("BONDGENOTEN_DB_MAX_CONNS", "9")
	if cfg, err = parseConfig("worker", nil, io.Discard); err != nil || cfg.storeOptions().MaxConns != 9 {
		t.Fatalf("from the environment: %+v, %v; want 9", cfg, err)
	}
	t.Setenv("BONDGENOTEN_DB_MAX_CONNS", "")
	if cfg, err = parseConfig("migrate", nil, io.Discard); err != nil || cfg.storeOptions().MaxConns != store.DefaultMaxConns {
		t.Fatalf("default: %+v, %v; want %d", cfg, err, store.DefaultMaxConns)
	}
}
