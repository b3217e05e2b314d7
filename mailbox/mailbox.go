// Package mailbox is a real SMTP server in the process (with
// github.com/emersion/go-smtp) that keeps what it receives in memory: the
// demo's mailbox at /dev-mail/, so a new user sees every email the product
// sends, and the peer of the tests, so mail is tested over SMTP and not
// against a fake. It is never part of a production deployment.
package mailbox

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"mime"
	"mime/multipart"
	"net"
	"net/mail"
	"strings"
	"sync"
	"time"

	"github.com/emersion/go-smtp"
)

// Message is one received email.
type Message struct {
	ID         int
	ReceivedAt time.Time
	From       string
	To         []string
	Subject    string
	MessageID  string
	Raw        []byte
	Text       string
	HTML       string
	// Attachments by file name.
	Attachments map[string][]byte
}

// Mailbox is a running SMTP server and what it received.
type Mailbox struct {
	server *smtp.Server
	ln     net.Listener

	mu       sync.Mutex
	messages []Message
	changed  chan struct{}
	// stall, when set, holds every DATA command until the channel closes
	// (tests: a server that hangs in the middle of a delivery).
	stall    chan struct{}
	stalled  int
	received int // ever, including those dropped beyond Max
	// reject, when set, refuses recipients ending in it with a 550 that
	// names them, as real servers do (tests: an address that bounces).
	reject string
}

// RejectRecipients makes the server refuse every recipient address ending
// in suffix ("" accepts all again).
func (b *Mailbox) RejectRecipients(suffix string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.reject = suffix
}

// Max is how many messages the mailbox keeps; older ones are dropped.
const Max = 1000

// Start listens on addr (e.g. "127.0.0.1:0") and serves SMTP without TLS
// or authentication.
func Start(addr string) (*Mailbox, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	b := &Mailbox{ln: ln, changed: make(chan struct{})}
	s := smtp.NewServer(b)
	s.Domain = "localhost"
	s.MaxMessageBytes = 10 << 20
	s.MaxRecipients = 50
	s.ReadTimeout = time.Minute
	s.WriteTimeout = time.Minute
	s.ErrorLog = log.New(io.Discard, "", 0)
	b.server = s
	go func() { _ = s.Serve(ln) }()
	return b, nil
}

// Addr is where the server listens.
func (b *Mailbox) Addr() *net.TCPAddr { return b.ln.Addr().(*net.TCPAddr) }

// Close stops the server.
func (b *Mailbox) Close() error { return b.server.Close() }

// Stall makes every following DATA command hang until Release.
func (b *Mailbox) Stall() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.stall == nil {
		b.stall = make(chan struct{})
	}
}

// Release lets stalled and later DATA commands through.
func (b *Mailbox) Release() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.stall != nil {
		close(b.stall)
		b.stall = nil
	}
}

// Stalled counts the deliveries that have hung in DATA so far.
func (b *Mailbox) Stalled() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.stalled
}

// Messages returns what was received, newest last.
func (b *Mailbox) Messages() []Message {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]Message(nil), b.messages...)
}

// Message returns the message with id.
func (b *Mailbox) Message(id int) (Message, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, m := range b.messages {
		if m.ID == id {
			return m, true
		}
	}
	return Message{}, false
}

// Wait returns the messages kept once at least n were received since the
// start, or ctx ends.
func (b *Mailbox) Wait(ctx context.Context, n int) ([]Message, error) {
	for {
		b.mu.Lock()
		got, received, changed := append([]Message(nil), b.messages...), b.received, b.changed
		b.mu.Unlock()
		if received >= n {
			return got, nil
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return got, fmt.Errorf("mailbox received %d messages, want %d: %w", received, n, ctx.Err())
		}
	}
}

func (b *Mailbox) add(m Message) {
	b.mu.Lock()
	defer b.mu.Unlock()
	m.ID = 1
	if n := len(b.messages); n > 0 {
		m.ID = b.messages[n-1].ID + 1
	}
	b.messages = append(b.messages, m)
	b.received++
	if len(b.messages) > Max {
		b.messages = b.messages[len(b.messages)-Max:]
	}
	close(b.changed)
	b.changed = make(chan struct{})
}

// NewSession implements smtp.Backend.
func (b *Mailbox) NewSession(*smtp.Conn) (smtp.Session, error) { return &session{box: b}, nil }

type session struct {
	box  *Mailbox
	from string
	to   []string
}

func (s *session) Reset()        { s.from, s.to = "", nil }
func (s *session) Logout() error { return nil }
func (s *session) Mail(from string, _ *smtp.MailOptions) error {
	s.from = from
	return nil
}

func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.box.mu.Lock()
	reject := s.box.reject
	s.box.mu.Unlock()
	if reject != "" && strings.HasSuffix(to, reject) {
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1},
			Message: "<" + to + ">: Recipient address rejected: User unknown"}
	}
	s.to = append(s.to, to)
	return nil
}

func (s *session) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.box.mu.Lock()
	stall := s.box.stall
	if stall != nil {
		s.box.stalled++
	}
	s.box.mu.Unlock()
	if stall != nil {
		<-stall
		// A stalled delivery is never accepted: the client gave up (or was
		// killed) long before.
		return errors.New("stalled")
	}
	m := parse(raw)
	m.ReceivedAt, m.From, m.To = time.Now().UTC(), s.from, append([]string(nil), s.to...)
	s.box.add(m)
	return nil
}

// parse reads the parts the mailbox page shows; a message it cannot read
// is kept raw.
func parse(raw []byte) Message {
	m := Message{Raw: raw, Attachments: map[string][]byte{}}
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return m
	}
	dec := new(mime.WordDecoder)
	m.Subject, _ = dec.DecodeHeader(msg.Header.Get("Subject"))
	m.MessageID = msg.Header.Get("Message-Id")
	walk(&m, msg.Header.Get("Content-Type"), msg.Header.Get("Content-Transfer-Encoding"), "", msg.Body)
	return m
}

func walk(m *Message, contentType, encoding, disposition string, body io.Reader) {
	mediaType, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		mediaType = "text/plain"
	}
	if strings.HasPrefix(mediaType, "multipart/") {
		mr := multipart.NewReader(body, params["boundary"])
		for {
			p, err := mr.NextRawPart()
			if err != nil {
				return
			}
			walk(m, p.Header.Get("Content-Type"), p.Header.Get("Content-Transfer-Encoding"), p.Header.Get("Content-Disposition"), p)
		}
	}
	data, err := io.ReadAll(decode(encoding, body))
	if err != nil {
		return
	}
	if _, dp, err := mime.ParseMediaType(disposition); err == nil && dp["filename"] != "" {
		m.Attachments[dp["filename"]] = data
		return
	}
	switch mediaType {
	case "text/plain":
		if m.Text == "" {
			m.Text = string(data)
		}
	case "text/html":
		if m.HTML == "" {
			m.HTML = string(data)
		}
	default:
		if name := params["name"]; name != "" {
			m.Attachments[name] = data
		}
	}
}
