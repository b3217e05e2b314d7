// Package mail sends email over SMTP with github.com/wneessen/go-mail. It
// knows nothing of notifications: it takes a finished message (addresses,
// subject, text and HTML, attachments) and hands it to the configured
// server. Package notify decides what to send and when.
package mail

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"syscall"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// TLS modes of the connection to the SMTP server.
const (
	TLSNone     = "none"     // plain SMTP (a local relay, the demo mailbox)
	TLSStartTLS = "starttls" // STARTTLS required
	TLSImplicit = "tls"      // TLS from the first byte (port 465)
)

// Config is where and how to send. The zero value (no Host) is off.
type Config struct {
	Host     string
	Port     int
	TLS      string
	User     string
	Password string // from the environment only, never a flag
	From     string
	// Timeout bounds connecting and each SMTP command; 0 is 30 seconds.
	Timeout time.Duration
}

// Enabled tells whether email is configured.
func (c Config) Enabled() bool { return c.Host != "" }

// Validate checks the configuration before anything is sent.
func (c Config) Validate() error {
	if !c.Enabled() {
		return nil
	}
	switch c.TLS {
	case TLSNone, TLSStartTLS, TLSImplicit:
	default:
		return fmt.Errorf("smtp TLS mode %q: want none, starttls or tls", c.TLS)
	}
	if c.Port < 1 || c.Port > 65535 {
		return fmt.Errorf("smtp port %d out of range", c.Port)
	}
	if c.From == "" {
		return errors.New("mail from-address is required when SMTP is on")
	}
	if err := gomail.NewMsg().From(c.From); err != nil {
		return fmt.Errorf("mail from-address: %w", err)
	}
	if (c.User == "") != (c.Password == "") {
		return errors.New("smtp user and password go together (password from BONDGENOTEN_SMTP_PASSWORD)")
	}
	return nil
}

// Attachment is a file sent along, e.g. a meeting's .ics.
type Attachment struct {
	Name        string
	ContentType string
	Data        []byte
}

// Message is one email, ready to send.
type Message struct {
	To      string
	Subject string
	Text    string
	HTML    string
	// MessageID is stable per outbox row, so a receiver can tell a rare
	// repeat (see docs/decisions/0008) from a new message.
	MessageID   string
	Language    string
	Attachments []Attachment
}

// Sender delivers messages; safe for concurrent use (one connection per
// Send).
type Sender struct {
	cfg Config
}

// NewSender returns a sender for cfg, which must be enabled and valid.
func NewSender(cfg Config) (*Sender, error) {
	if !cfg.Enabled() {
		return nil, errors.New("mail is off: no SMTP host")
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = 30 * time.Second
	}
	return &Sender{cfg: cfg}, nil
}

// Send connects, sends m and disconnects. It returns nil only when the
// server accepted the message.
func (s *Sender) Send(ctx context.Context, m Message) error {
	msg := gomail.NewMsg()
	if err := msg.From(s.cfg.From); err != nil {
		return err
	}
	if err := msg.To(m.To); err != nil {
		return &Error{Text: "the recipient's address is not valid"}
	}
	msg.Subject(m.Subject)
	msg.SetDate()
	if m.MessageID != "" {
		msg.SetMessageIDWithValue(m.MessageID)
	} else {
		msg.SetMessageID()
	}
	if m.Language != "" {
		msg.SetGenHeader("Content-Language", m.Language)
	}
	// Automatic mail: no out-of-office replies back to us (RFC 3834).
	msg.SetGenHeader("Auto-Submitted", "auto-generated")
	msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	if m.HTML != "" {
		msg.AddAlternativeString(gomail.TypeTextHTML, m.HTML)
	}
	for _, a := range m.Attachments {
		opts := []gomail.FileOption{}
		if a.ContentType != "" {
			opts = append(opts, gomail.WithFileContentType(gomail.ContentType(a.ContentType)))
		}
		if err := msg.AttachReader(a.Name, bytes.NewReader(a.Data), opts...); err != nil {
			return &Error{Text: "attachment could not be added"}
		}
	}
	client, err := gomail.NewClient(s.cfg.Host, s.options()...)
	if err != nil {
		return describe(err)
	}
	if err := client.DialAndSendWithContext(ctx, msg); err != nil {
		return describe(err)
	}
	return nil
}

func (s *Sender) options() []gomail.Option {
	opts := []gomail.Option{gomail.WithPort(s.cfg.Port), gomail.WithTimeout(s.cfg.Timeout)}
	switch s.cfg.TLS {
	case TLSNone:
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	case TLSStartTLS:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	case TLSImplicit:
		opts = append(opts, gomail.WithSSL())
	}
	if s.cfg.User != "" {
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover),
			gomail.WithUsername(s.cfg.User), gomail.WithPassword(s.cfg.Password))
	}
	return opts
}

// Error is a failed delivery, described without the message's addresses
// or content: SMTP servers echo the recipient in their replies, and
// go-mail adds it to its errors, so the text of those never leaves this
// package (it would end up in the administrators' list, River's job
// errors and the logs).
type Error struct {
	Text string
	// Temporary: the server said to try again later (4xx), or the server
	// could not be reached.
	Temporary bool
}

func (e *Error) Error() string { return e.Text }

// describe turns what go-mail or the network returned into an Error.
func describe(err error) *Error {
	var send *gomail.SendError
	if errors.As(err, &send) {
		text := "SMTP " + send.Reason.String()
		if code := send.ErrorCode(); code != 0 {
			text += fmt.Sprintf(": %d", code)
			if s := send.EnhancedStatusCode(); s != "" {
				text += " " + s
			}
		}
		return &Error{Text: text, Temporary: send.IsTemp()}
	}
	var netErr net.Error
	switch {
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &netErr) && netErr.Timeout():
		return &Error{Text: "SMTP server did not answer in time", Temporary: true}
	case errors.Is(err, syscall.ECONNREFUSED):
		return &Error{Text: "SMTP server refused the connection", Temporary: true}
	case errors.Is(err, context.Canceled):
		return &Error{Text: "delivery interrupted", Temporary: true}
	}
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		return &Error{Text: "SMTP server not found", Temporary: true}
	}
	var tlsErr *tls.CertificateVerificationError
	if errors.As(err, &tlsErr) {
		return &Error{Text: "SMTP server's certificate not trusted"}
	}
	return &Error{Text: "SMTP delivery failed", Temporary: true}
}
