package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	netmail "net/mail"
	"net/url"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"riverqueue.com/riverui"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/ally"
	"github.com/bondgenoten/bondgenoten/api"
	"github.com/bondgenoten/bondgenoten/authz"
	"github.com/bondgenoten/bondgenoten/calendar"
	"github.com/bondgenoten/bondgenoten/crisis"
	"github.com/bondgenoten/bondgenoten/demo"
	"github.com/bondgenoten/bondgenoten/evaluation"
	"github.com/bondgenoten/bondgenoten/frontend"
	"github.com/bondgenoten/bondgenoten/health"
	"github.com/bondgenoten/bondgenoten/identity"
	"github.com/bondgenoten/bondgenoten/introduction"
	"github.com/bondgenoten/bondgenoten/jobs"
	"github.com/bondgenoten/bondgenoten/mail"
	"github.com/bondgenoten/bondgenoten/mailbox"
	"github.com/bondgenoten/bondgenoten/meeting"
	"github.com/bondgenoten/bondgenoten/network"
	"github.com/bondgenoten/bondgenoten/notify"
	"github.com/bondgenoten/bondgenoten/secret"
	"github.com/bondgenoten/bondgenoten/signal"
	"github.com/bondgenoten/bondgenoten/store"
	"github.com/bondgenoten/bondgenoten/tenant"
)

var redact = store.Redact

// openDatabase connects and, when asked, migrates.
func openDatabase(ctx context.Context, cfg *config, logger *slog.Logger, migrate bool) (*store.DB, error) {
	db, err := store.OpenWith(ctx, cfg.database, cfg.storeOptions())
	if err != nil {
		return nil, err
	}
	if migrate {
		applied, err := db.Migrate(ctx)
		if err != nil {
			_ = db.Close()
			return nil, err
		}
		for _, m := range applied {
			logger.Info("migration applied", "migration", m)
		}
	}
	return db, nil
}

// serve runs `serve` (withHTTP) or `worker` (workers only).
func serve(ctx context.Context, args []string, stdout, stderr io.Writer, withHTTP bool) error {
	started := time.Now()
	cmd := "worker"
	if withHTTP {
		cmd = "serve"
	}
	// Every flag and environment value is checked here, before anything
	// touches the database.
	cfg, err := parseConfig(cmd, args, stdout)
	if err != nil {
		return err
	}
	logger := newLogger(stderr, cfg.logLevel)

	keys := cfg.keys
	if keys.CurrentKeyID() == "" && cfg.demo {
		keys, _ = secret.ParseKeyring(demo.SecretKey)
		logger.Warn("demo mode without BONDGENOTEN_SECRET_KEY: using the public demo key; never do this with real data")
	}
	var devIDP http.Handler
	if cfg.demo && withHTTP {
		idp, err := demo.IdentityProvider(cfg.publicURL)
		if err != nil {
			return fmt.Errorf("demo identity provider: %w", err)
		}
		devIDP = idp
	}

	// Claim the address before touching the database, so a taken port fails fast.
	var ln net.Listener
	if withHTTP {
		if ln, err = net.Listen("tcp", cfg.addr); err != nil {
			return fmt.Errorf("cannot listen on %s: %w", cfg.addr, err)
		}
		defer ln.Close()
	}

	db, err := openDatabase(ctx, cfg, logger, cfg.migrate)
	if err != nil {
		return err
	}
	defer db.Close()

	// One clock for the whole process: every service, the enforcer, the
	// workers and the API server tell time and "today" by it.
	var clock bondgenoten.Clock = bondgenoten.SystemClock{}

	enforcer, err := authz.NewWithClock(ctx, db, logger, clock)
	if err != nil {
		return fmt.Errorf("authorization policy: %w", err)
	}
	go enforcer.Run(ctx)

	healthSvc := &health.Service{DB: db, Clock: clock}
	identities := &identity.Service{
		DB: db, Keys: keys, Policy: enforcer, Logger: logger, HTTPClient: identity.NewProviderClient(),
		SessionIdle: cfg.sessionIdle, SessionAbsolute: cfg.sessionMax, Clock: clock,
	}
	// Demo mode catches every email in a real SMTP server of its own,
	// shown at /dev-mail/, unless an SMTP server is configured.
	var devMail *mailbox.Mailbox
	if cfg.demo && withHTTP && !cfg.mail.Enabled() {
		if devMail, err = mailbox.Start("127.0.0.1:0"); err != nil {
			return fmt.Errorf("demo mailbox: %w", err)
		}
		defer devMail.Close()
		cfg.mail = mail.Config{Host: "127.0.0.1", Port: devMail.Addr().Port, TLS: mail.TLSNone, From: demo.MailFrom}
		logger.Info("demo mailbox: every email the product sends is shown at /dev-mail/", "url", cfg.publicURL+"/dev-mail/")
	}
	calendars := &calendar.Service{DB: db, Clock: clock, Organizer: fromAddress(cfg.mail.From)}
	outbox := &notify.Deliverer{DB: db, Addresses: jobs.Addresses{}, Calendar: calendars, PublicURL: cfg.publicURL,
		Domain: mailDomain(cfg.publicURL), Clock: clock}
	if cfg.mail.Enabled() {
		sender, err := mail.NewSender(cfg.mail)
		if err != nil {
			return fmt.Errorf("mail: %w", err)
		}
		outbox.Sender = sender
		logger.Info("email on", "smtp", fmt.Sprintf("%s:%d", cfg.mail.Host, cfg.mail.Port), "tls", cfg.mail.TLS)
	}
	evaluations := &evaluation.Service{DB: db, Clock: clock}
	introductions := &introduction.Service{DB: db, Clock: clock}
	riverClient, err := jobs.NewClient(jobs.Deps{DB: db, Meetings: &meeting.Service{DB: db, Clock: clock}, Health: healthSvc, Identity: identities, Logger: logger, Clock: clock, Outbox: outbox, Evaluations: evaluations,
		Introductions: introductions, Staff: []jobs.StaffReconciler{introductions}}, cfg.workers)
	if err != nil {
		return fmt.Errorf("job client: %w", err)
	}
	identities.Jobs = riverClient
	tenants := &tenant.Service{DB: db, Jobs: riverClient, Admins: identities, Auditor: authz.TenantAudit{Clock: clock}, Clock: clock}
	identities.Tenants = tenants
	networks := &network.Service{DB: db, Tenants: tenants, Clock: clock}
	identities.Networks = networks
	allies := &ally.Service{DB: db, Keys: keys, Clock: clock}
	meetings := &meeting.Service{DB: db, Clock: clock}
	signals := &signal.Service{DB: db, Clock: clock}
	crises := &crisis.Service{DB: db, Clock: clock, Signals: signals}

	// The operators' own organisation always exists, so its SSO can be set
	// up (with the bootstrap token) before the first operator signs in.
	if _, err := tenants.EnsurePlatform(ctx, tenant.PlatformSlug, "Platformbeheer"); err != nil {
		return fmt.Errorf("platform organisation: %w", err)
	}

	if cfg.demo {
		if err := demo.Seed(ctx, tenants); err != nil {
			return err
		}
		if err := demo.SeedNetworks(ctx, networks, tenants); err != nil {
			return err
		}
		if err := demo.SeedAllies(ctx, allies, networks, tenants); err != nil {
			return err
		}
		if err := demo.SeedMeetings(ctx, meetings, allies, networks, tenants); err != nil {
			return err
		}
		if err := demo.SeedSignals(ctx, signals, allies, networks, tenants); err != nil {
			return err
		}
		if err := demo.SeedCrisis(ctx, crises, meetings, allies, networks, tenants); err != nil {
			return err
		}
		if err := demo.SeedEvaluations(ctx, evaluations, allies, networks, tenants); err != nil {
			return err
		}
		if withHTTP {
			if err := demo.SeedSSO(ctx, tenants, identities, cfg.publicURL); err != nil {
				return err
			}
			if err := demo.SeedIntroductions(ctx, introductions, networks, tenants, cfg.publicURL+"/dev-idp"); err != nil {
				return err
			}
		}
		logger.Info("demo organisations seeded", "tenants", len(demo.Tenants))
	}

	if cfg.workers {
		if err := riverClient.Start(ctx); err != nil {
			return fmt.Errorf("start workers: %w", err)
		}
	}

	var srv *http.Server
	serveErr := make(chan error, 1)
	if withHTTP {
		jobsUI, err := riverui.NewHandler(&riverui.HandlerOpts{
			Endpoints: riverui.NewEndpoints(riverClient, nil), Logger: logger, Prefix: strings.TrimSuffix(api.JobsUIPrefix, "/"),
			JobListHideArgsByDefault: true,
		})
		if err != nil {
			return fmt.Errorf("river ui: %w", err)
		}
		if err := jobsUI.Start(ctx); err != nil {
			return fmt.Errorf("river ui: %w", err)
		}
		registry := prometheus.NewRegistry()
		registry.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
			jobs.NewCollector(db, logger))
		apiServer := api.New(api.Config{
			DB: db, Tenants: tenants, Health: healthSvc, Identity: identities, Networks: networks, Allies: allies, Meetings: meetings, Signals: signals, Crises: crises, Evaluations: evaluations, Introductions: introductions, Calendar: calendars, Authz: enforcer, Logger: logger,
			PublicURL: cfg.publicURLParsed, DevIDP: devIDP, DevMail: devMailHandler(devMail), Jobs: jobsUI, PublicRateLimit: cfg.publicRateLimit, TrustedProxies: cfg.trustedProxies,
			MaxInFlightPerUser: cfg.maxInFlight,
			OperatorToken:      cfg.operatorToken, Frontend: frontend.Dist(), Metrics: registry,
			Clock: clock,
		})
		srv = apiServer.HTTPServer(cfg.addr)
		go func() { serveErr <- srv.Serve(ln) }()
	}
	logger.Info("ready", "command", cmd, "addr", cfg.addr, "database", describeDatabase(cfg.database),
		"dialect", db.Engine, "workers", cfg.workers, "demo", cfg.demo, "version", version,
		"startup", time.Since(started).Round(time.Millisecond).String())

	select {
	case <-ctx.Done():
		logger.Info("shutting down", "timeout", cfg.shutdownTimeout.String())
	case err := <-serveErr:
		return fmt.Errorf("http server: %w", err)
	}

	// Stop taking requests and let those in flight finish, then let running
	// jobs finish; both bounded by the shutdown timeout.
	shutdownCtx, cancel := context.WithTimeout(context.Background(), cfg.shutdownTimeout)
	defer cancel()
	var errs []error
	if srv != nil {
		if err := srv.Shutdown(shutdownCtx); err != nil {
			errs = append(errs, fmt.Errorf("http shutdown: %w", err))
		}
	}
	if cfg.workers {
		if err := riverClient.Stop(shutdownCtx); err != nil {
			errs = append(errs, fmt.Errorf("stopping workers: %w", err))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}
	logger.Info("stopped")
	return nil
}

// migrate runs `migrate` and `migrate --status`.
func migrate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, err := parseConfig("migrate", args, stdout)
	if err != nil {
		return err
	}
	logger := newLogger(stderr, cfg.logLevel)
	db, err := openDatabase(ctx, cfg, logger, !cfg.status)
	if err != nil {
		return err
	}
	defer db.Close()
	if !cfg.status {
		fmt.Fprintln(stdout, "migrations are current")
		return nil
	}
	status, err := db.MigrationStatus(ctx)
	if err != nil {
		return err
	}
	for _, s := range status {
		state := "pending"
		if s.Applied {
			state = "applied"
		}
		fmt.Fprintf(stdout, "%-8s %-12s %s\n", state, s.Component, s.Name)
	}
	return nil
}

// devMailHandler is the demo mailbox's page, or nil (404) without one.
func devMailHandler(box *mailbox.Mailbox) http.Handler {
	if box == nil {
		return nil
	}
	return box.Handler("/dev-mail/")
}

// mailDomain names the Message-IDs of the product's email after the host
// it is reached at.
func mailDomain(publicURL string) string {
	if u, err := url.Parse(publicURL); err == nil && u.Hostname() != "" {
		return u.Hostname()
	}
	return "bondgenoten.invalid"
}

// fromAddress is the bare address of a From such as "Bondgenoten
// <noreply@example.nl>", the ORGANIZER of the invitations sent by email.
func fromAddress(from string) string {
	if a, err := netmail.ParseAddress(from); err == nil {
		return a.Address
	}
	return ""
}
