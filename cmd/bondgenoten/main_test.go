package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"path/filepath"
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
	if code != 1 {
		t.Fatalf("bad database URL: exit %d", code)
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
