// Command bondgenoten is the whole product in one binary: the HTTP API with
// the embedded web app, the River workers, and database migrations.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	_ "time/tzdata" // Europe/Amsterdam must resolve in a minimal container too
)

// version is set at build time: -ldflags "-X main.version=…".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

const usage = `bondgenoten — allies networks for municipalities, police units and support bureaus

Usage:
  bondgenoten serve    [flags]   HTTP server (API + web app) and River workers
  bondgenoten worker   [flags]   River workers only (scale-out)
  bondgenoten migrate  [flags]   apply pending migrations and exit (--status lists them)
  bondgenoten version            print the version

Run "bondgenoten <command> --help" for the flags of a command.
`

// run executes one command and returns the process exit code. Errors are
// reported as one line on stderr, never as a stack trace.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	var err error
	switch args[0] {
	case "serve":
		err = serve(ctx, args[1:], stdout, stderr, true)
	case "worker":
		err = serve(ctx, args[1:], stdout, stderr, false)
	case "migrate":
		err = migrate(ctx, args[1:], stdout, stderr)
	case "version", "--version", "-v":
		fmt.Fprintf(stdout, "bondgenoten %s\n", version)
		return 0
	case "help", "--help", "-h":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "bondgenoten: unknown command %q (commands: serve, worker, migrate, version)\n", args[0])
		return 2
	}
	switch {
	case err == nil:
		return 0
	case err == errHelp:
		return 0
	case isUsageError(err):
		fmt.Fprintf(stderr, "bondgenoten %s: %s\n", args[0], oneLine(err))
		return 2
	default:
		fmt.Fprintf(stderr, "bondgenoten %s: %s\n", args[0], oneLine(err))
		return 1
	}
}

// oneLine folds multi-line driver errors (pgx lists every address it tried)
// into a single line for the terminal.
func oneLine(err error) string {
	return strings.NewReplacer("\n\t", "; ", "\n", "; ").Replace(err.Error())
}
