package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"golang.org/x/term"

	"github.com/bondgenoten/bondgenoten/api"
	"github.com/bondgenoten/bondgenoten/identity"
	"github.com/bondgenoten/bondgenoten/mail"
	"github.com/bondgenoten/bondgenoten/secret"
	"github.com/bondgenoten/bondgenoten/store"
)

// config holds the settings of serve, worker and migrate. Each flag falls
// back to an environment variable, then to a default that runs the product
// on SQLite without any setup.
type config struct {
	addr             string
	database         string
	demo             bool
	migrate          bool
	workers          bool
	status           bool
	logLevel         string
	shutdownTimeout  time.Duration
	publicURL        string
	sessionIdle      time.Duration
	sessionMax       time.Duration
	publicRateLimit  int
	maxInFlight      int
	trustedProxies   []*net.IPNet
	operatorToken    string // environment only: secrets stay off the command line
	secretKeys       string // environment only (BONDGENOTEN_SECRET_KEY)
	dbMaxConns       int
	dbConnectTimeout time.Duration
	mail             mail.Config // Password from the environment only (BONDGENOTEN_SMTP_PASSWORD)

	// Parsed forms, checked before anything touches the database.
	keys            *secret.Keyring // serve and worker
	publicURLParsed *url.URL        // serve
}

// minDBMaxConns: a network request holds one PostgreSQL connection for its
// whole duration, while the workers and the policy poll need their own.
const minDBMaxConns = 2

// storeOptions are the pool options for store.OpenWith.
func (c *config) storeOptions() store.Options {
	return store.Options{MaxConns: c.dbMaxConns, ConnectTimeout: c.dbConnectTimeout}
}

var errHelp = errors.New("help requested")

// usageError is a bad flag or environment value: exit code 2.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }

func isUsageError(err error) bool {
	var u usageError
	return errors.As(err, &u)
}

func envString(name, def string) string {
	if v, ok := os.LookupEnv(name); ok && v != "" {
		return v
	}
	return def
}

// envParsed reads a variable with parse; a value that does not parse is an
// error (what says what was expected) rather than silently the default.
func envParsed[T any](name string, def T, parse func(string) (T, error), what string, errs *[]error) T {
	v, ok := os.LookupEnv(name)
	if !ok || v == "" {
		return def
	}
	x, err := parse(v)
	if err != nil {
		*errs = append(*errs, fmt.Errorf("%s=%q is not %s", name, v, what))
		return def
	}
	return x
}

func envBool(name string, def bool, errs *[]error) bool {
	return envParsed(name, def, strconv.ParseBool, "a boolean (use true or false)", errs)
}

func envDuration(name string, def time.Duration, errs *[]error) time.Duration {
	return envParsed(name, def, time.ParseDuration, "a duration (e.g. 25s)", errs)
}

func envInt(name string, def int, errs *[]error) int {
	return envParsed(name, def, strconv.Atoi, "a whole number", errs)
}

// parseConfig reads flags for command cmd ("serve", "worker", "migrate").
func parseConfig(cmd string, args []string, stdout io.Writer) (*config, error) {
	var envErrs []error
	c := &config{operatorToken: os.Getenv("BONDGENOTEN_OPERATOR_TOKEN"), secretKeys: os.Getenv("BONDGENOTEN_SECRET_KEY")}
	var trustedProxies string
	fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // we print one clear line ourselves
	fs.StringVar(&c.database, "database", envString("DATABASE_URL", "sqlite:data/bondgenoten.db"),
		"database URL: sqlite:PATH or postgres://… (env DATABASE_URL)")
	fs.IntVar(&c.dbMaxConns, "db-max-conns", envInt("BONDGENOTEN_DB_MAX_CONNS", store.DefaultMaxConns, &envErrs),
		"most PostgreSQL connections this process opens; SQLite always uses one (env BONDGENOTEN_DB_MAX_CONNS)")
	fs.DurationVar(&c.dbConnectTimeout, "db-connect-timeout", envDuration("BONDGENOTEN_DB_CONNECT_TIMEOUT", store.DefaultConnectTimeout, &envErrs),
		"give up one attempt to connect to PostgreSQL after this long; a connect_timeout in the URL wins (env BONDGENOTEN_DB_CONNECT_TIMEOUT)")
	fs.StringVar(&c.logLevel, "log-level", envString("BONDGENOTEN_LOG_LEVEL", "info"),
		"debug, info, warn or error (env BONDGENOTEN_LOG_LEVEL)")
	if cmd == "serve" || cmd == "worker" {
		fs.BoolVar(&c.migrate, "migrate", envBool("BONDGENOTEN_MIGRATE", true, &envErrs),
			"apply pending migrations at start, under a lock (env BONDGENOTEN_MIGRATE)")
		fs.BoolVar(&c.demo, "demo", envBool("BONDGENOTEN_DEMO", false, &envErrs),
			"seed the fictional demo organisations (env BONDGENOTEN_DEMO)")
		fs.StringVar(&c.mail.Host, "smtp-host", envString("BONDGENOTEN_SMTP_HOST", ""),
			"SMTP server for notifications by email; empty turns email off (env BONDGENOTEN_SMTP_HOST)")
		fs.IntVar(&c.mail.Port, "smtp-port", envInt("BONDGENOTEN_SMTP_PORT", 587, &envErrs),
			"SMTP port (env BONDGENOTEN_SMTP_PORT)")
		fs.StringVar(&c.mail.TLS, "smtp-tls", envString("BONDGENOTEN_SMTP_TLS", mail.TLSStartTLS),
			"starttls, tls (implicit, port 465) or none (env BONDGENOTEN_SMTP_TLS)")
		fs.StringVar(&c.mail.User, "smtp-user", envString("BONDGENOTEN_SMTP_USER", ""),
			"SMTP user; the password comes from BONDGENOTEN_SMTP_PASSWORD only (env BONDGENOTEN_SMTP_USER)")
		fs.StringVar(&c.mail.From, "mail-from", envString("BONDGENOTEN_MAIL_FROM", ""),
			"From address of the product's email, e.g. Bondgenoten <noreply@example.nl> (env BONDGENOTEN_MAIL_FROM)")
		fs.StringVar(&c.publicURL, "public-url", envString("BONDGENOTEN_PUBLIC_URL", ""),
			"URL browsers use to reach this service, for cookies, SSO callbacks and the links in emails; default http://<addr> (env BONDGENOTEN_PUBLIC_URL)")
		fs.DurationVar(&c.shutdownTimeout, "shutdown-timeout", envDuration("BONDGENOTEN_SHUTDOWN_TIMEOUT", 25*time.Second, &envErrs),
			"how long to let requests and jobs finish on SIGTERM (env BONDGENOTEN_SHUTDOWN_TIMEOUT)")
	}
	if cmd == "serve" {
		fs.StringVar(&c.addr, "addr", envString("BONDGENOTEN_ADDR", "127.0.0.1:8080"),
			"listen address (env BONDGENOTEN_ADDR)")
		fs.BoolVar(&c.workers, "workers", envBool("BONDGENOTEN_WORKERS", true, &envErrs),
			"also run the River workers in this process (env BONDGENOTEN_WORKERS)")
		fs.DurationVar(&c.sessionIdle, "session-idle", envDuration("BONDGENOTEN_SESSION_IDLE", 30*time.Minute, &envErrs),
			"end a session after this long without requests (env BONDGENOTEN_SESSION_IDLE)")
		fs.DurationVar(&c.sessionMax, "session-max", envDuration("BONDGENOTEN_SESSION_MAX", 12*time.Hour, &envErrs),
			"end a session this long after login (env BONDGENOTEN_SESSION_MAX)")
		fs.IntVar(&c.publicRateLimit, "public-rate-limit", envInt("BONDGENOTEN_PUBLIC_RATE_LIMIT", 600, &envErrs),
			"requests a minute one client address may make to the routes that need no sign-in; 0 turns it off (env BONDGENOTEN_PUBLIC_RATE_LIMIT)")
		fs.IntVar(&c.maxInFlight, "max-requests-per-user", envInt("BONDGENOTEN_MAX_REQUESTS_PER_USER", api.DefaultMaxInFlightPerUser, &envErrs),
			"requests one signed-in person may have served at once; beyond it 429 (env BONDGENOTEN_MAX_REQUESTS_PER_USER)")
		fs.StringVar(&trustedProxies, "trusted-proxies", envString("BONDGENOTEN_TRUSTED_PROXIES", ""),
			"comma-separated CIDRs of load balancers whose X-Forwarded-For names the client (env BONDGENOTEN_TRUSTED_PROXIES)")
	}
	if cmd == "worker" {
		c.workers = true
	}
	if cmd == "migrate" {
		fs.BoolVar(&c.status, "status", false, "list migrations and whether each is applied")
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprintf(stdout, "Usage: bondgenoten %s [flags]\n\nFlags:\n", cmd)
			fs.SetOutput(stdout)
			fs.PrintDefaults()
			return nil, errHelp
		}
		return nil, usageError{fmt.Errorf("%v (see bondgenoten %s --help)", err, cmd)}
	}
	if fs.NArg() > 0 {
		return nil, usageError{fmt.Errorf("unexpected argument %q (see bondgenoten %s --help)", fs.Arg(0), cmd)}
	}
	if len(envErrs) > 0 {
		return nil, usageError{errors.Join(envErrs...)}
	}
	if _, err := parseLevel(c.logLevel); err != nil {
		return nil, usageError{err}
	}
	if c.shutdownTimeout < 0 {
		return nil, usageError{errors.New("--shutdown-timeout must not be negative")}
	}
	if err := store.ValidateURL(c.database); err != nil {
		return nil, usageError{fmt.Errorf("--database: %w", err)}
	}
	if c.dbMaxConns < minDBMaxConns {
		return nil, usageError{fmt.Errorf("--db-max-conns %d: want at least %d", c.dbMaxConns, minDBMaxConns)}
	}
	if c.dbConnectTimeout <= 0 {
		return nil, usageError{errors.New("--db-connect-timeout must be positive")}
	}
	if cmd == "serve" || cmd == "worker" {
		keys, err := secret.ParseKeyring(c.secretKeys)
		if err != nil {
			return nil, usageError{fmt.Errorf("BONDGENOTEN_SECRET_KEY: %w", err)}
		}
		c.keys = keys
		c.mail.Password = os.Getenv("BONDGENOTEN_SMTP_PASSWORD")
		if err := c.mail.Validate(); err != nil {
			return nil, usageError{err}
		}
		if c.publicURL == "" && cmd == "worker" && c.mail.Enabled() {
			return nil, usageError{errors.New("--public-url is required for the links in emails when the worker sends them")}
		}
	}
	if cmd == "serve" && c.publicURL == "" {
		c.publicURL = "http://" + c.addr
	}
	if (cmd == "serve" || cmd == "worker") && c.publicURL != "" {
		u, err := url.Parse(c.publicURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || (u.Path != "" && u.Path != "/") {
			return nil, usageError{fmt.Errorf("--public-url %q: want scheme://host[:port] without a path", c.publicURL)}
		}
		c.publicURL = strings.TrimSuffix(c.publicURL, "/")
		c.publicURLParsed, _ = url.Parse(c.publicURL)
	}
	if cmd == "serve" {
		if c.sessionIdle < identity.MinSessionIdle {
			return nil, usageError{fmt.Errorf("--session-idle %s: want at least %s", shortDuration(c.sessionIdle), shortDuration(identity.MinSessionIdle))}
		}
		if c.sessionMax < c.sessionIdle {
			return nil, usageError{fmt.Errorf("--session-max %s: want at least --session-idle (%s)", shortDuration(c.sessionMax), shortDuration(c.sessionIdle))}
		}
		if c.publicRateLimit < 0 {
			return nil, usageError{errors.New("--public-rate-limit must not be negative")}
		}
		if c.maxInFlight < 1 {
			return nil, usageError{fmt.Errorf("--max-requests-per-user %d: want at least 1", c.maxInFlight)}
		}
		for _, cidr := range strings.Split(trustedProxies, ",") {
			if cidr = strings.TrimSpace(cidr); cidr == "" {
				continue
			}
			_, n, err := net.ParseCIDR(cidr)
			if err != nil {
				return nil, usageError{fmt.Errorf("--trusted-proxies: %q is not a CIDR such as 10.0.0.0/8", cidr)}
			}
			c.trustedProxies = append(c.trustedProxies, n)
		}
	}
	return c, nil
}

// shortDuration prints 1m rather than 1m0s.
func shortDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

func parseLevel(s string) (slog.Level, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(s)); err != nil {
		return 0, fmt.Errorf("log level %q: use debug, info, warn or error", s)
	}
	return l, nil
}

// newLogger logs JSON when stderr is not a terminal (containers, CI) and
// readable text when a person watches.
func newLogger(w io.Writer, level string) *slog.Logger {
	l, _ := parseLevel(level)
	opts := &slog.HandlerOptions{Level: l}
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		return slog.New(slog.NewTextHandler(w, opts))
	}
	return slog.New(slog.NewJSONHandler(w, opts))
}

// describeDatabase names the database for logs without secrets.
func describeDatabase(url string) string {
	if strings.HasPrefix(url, "sqlite:") {
		return url
	}
	return redact(url)
}
