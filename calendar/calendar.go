// Package calendar puts meetings into people's calendars: an iCalendar file
// per meeting, and a personal feed that calendar apps poll with a secret
// address. Events carry the network, time and place only — no names of
// allies — because a calendar leaves our control once subscribed.
package calendar

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"io"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"
	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/identity"
	"github.com/bondgenoten/bondgenoten/meeting"
	"github.com/bondgenoten/bondgenoten/network"
	"github.com/bondgenoten/bondgenoten/store"
	"github.com/bondgenoten/bondgenoten/tenant"
)

// Event is a meeting with the name of its network.
type Event struct {
	Meeting     meeting.Meeting
	NetworkName string
}

// Write renders events as an iCalendar document. publicURL links each event
// to its page in the web app.
func Write(w io.Writer, name, publicURL string, now time.Time, events []Event) error {
	cal := ics.NewCalendarFor("Bondgenoten")
	cal.SetMethod(ics.MethodPublish)
	cal.SetName(name)
	cal.SetXWRCalName(name)
	cal.SetXWRTimezone(bondgenoten.Amsterdam.String())
	cal.SetRefreshInterval("PT1H")
	for _, e := range events {
		m := e.Meeting
		ev := cal.AddEvent(UID(&m))
		ev.SetDtStampTime(now)
		ev.SetModifiedAt(m.UpdatedAt)
		ev.SetSequence(Sequence(&m))
		ev.SetStartAt(m.StartsAt)
		ev.SetEndAt(m.EndsAt())
		summary := "Bijeenkomst " + e.NetworkName
		if m.Kind == meeting.KindEmergency {
			summary = "Spoedbijeenkomst " + e.NetworkName
		}
		ev.SetSummary(singleLine(summary))
		if m.Place != "" {
			ev.SetLocation(singleLine(m.Place))
		}
		url := publicURL + "/netwerken/" + m.NetworkID.String() + "/bijeenkomsten/" + m.ID.String()
		ev.SetURL(url)
		ev.SetDescription("Agenda, aanwezigheid en verslag: " + url)
		ev.SetClass(ics.ClassificationConfidential)
		if m.Status == meeting.StatusCancelled {
			ev.SetStatus(ics.ObjectStatusCancelled)
		} else {
			ev.SetStatus(ics.ObjectStatusConfirmed)
		}
	}
	return cal.SerializeTo(w, ics.WithNewLineWindows)
}

// UID is a meeting's stable identifier in every calendar: the feed and
// the emails' files alike, so a calendar app updates one event.
func UID(m *meeting.Meeting) string { return m.ID.String() + "@bondgenoten" }

// Sequence is a meeting's revision in calendars: the seconds between its
// creation and its last change, so it rises with every change (and a
// cancellation) and is the same in the feed and the emails' files.
func Sequence(m *meeting.Meeting) int { return int(m.UpdatedAt.Unix() - m.CreatedAt.Unix()) }

// Feed is a user's calendar subscription. Only a hash of its token is
// stored, so the address is shown once, when it is made.
type Feed struct {
	bun.BaseModel `bun:"table:calendar_feeds"`

	UserID    uuid.UUID `bun:"user_id,pk,type:uuid"`
	TokenHash []byte    `bun:"token_hash"`
	CreatedAt time.Time `bun:"created_at"`
}

// Service keeps feeds and finds the meetings for them.
type Service struct {
	DB *store.DB
	// Clock tells the time; nil is the system clock.
	Clock bondgenoten.Clock
	// Organizer is the address emails come from (an email's From): the
	// ORGANIZER of the files MeetingFile renders, which RFC 5546 asks of
	// an invitation. Empty leaves it out.
	Organizer string
}

func (s *Service) now() time.Time { return bondgenoten.NowOn(s.Clock) }

func hash(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}

// Get returns the user's feed, or nil when there is none.
func (s *Service) Get(ctx context.Context, userID uuid.UUID) (*Feed, error) {
	var feeds []Feed
	if err := s.DB.For(ctx).NewSelect().Model(&feeds).Where("user_id = ?", userID).Scan(ctx); err != nil {
		return nil, store.MapError(err)
	}
	if len(feeds) == 0 {
		return nil, nil
	}
	return &feeds[0], nil
}

// Renew makes a new secret token for the user; any earlier one stops
// working at once.
func (s *Service) Renew(ctx context.Context, userID uuid.UUID) (token string, feed *Feed, err error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", nil, err
	}
	token = base64.RawURLEncoding.EncodeToString(b)
	feed = &Feed{UserID: userID, TokenHash: hash(token), CreatedAt: s.now()}
	_, err = s.DB.For(ctx).NewInsert().Model(feed).
		On("CONFLICT (user_id) DO UPDATE").Set("token_hash = EXCLUDED.token_hash").Set("created_at = EXCLUDED.created_at").Exec(ctx)
	if err != nil {
		return "", nil, store.MapError(err)
	}
	return token, feed, nil
}

// Revoke ends the user's feed.
func (s *Service) Revoke(ctx context.Context, userID uuid.UUID) error {
	_, err := s.DB.For(ctx).NewDelete().Model((*Feed)(nil)).Where("user_id = ?", userID).Exec(ctx)
	return store.MapError(err)
}

// UserOf returns the active user a token belongs to; an unknown token, or
// one of a deactivated user or suspended organisation, is not found.
func (s *Service) UserOf(ctx context.Context, token string) (uuid.UUID, error) {
	var ids []uuid.UUID
	err := s.DB.For(ctx).NewSelect().Model((*Feed)(nil)).Column("user_id").
		Where("token_hash = ?", hash(token)).Scan(ctx, &ids)
	if err != nil {
		return uuid.Nil, store.MapError(err)
	}
	notFound := bondgenoten.Errorf(bondgenoten.ENOTFOUND, "no such calendar feed")
	if len(ids) == 0 {
		return uuid.Nil, notFound
	}
	// The user and the organisation are identity's and tenant's to tell.
	users, err := identity.UsersIn(ctx, s.DB.For(ctx), ids[:1])
	if err != nil {
		return uuid.Nil, err
	}
	u := users[ids[0]]
	if u == nil || u.Status != identity.StatusActive {
		return uuid.Nil, notFound
	}
	tenants, err := tenant.TenantsIn(ctx, s.DB.For(ctx), []uuid.UUID{u.TenantID})
	if err != nil {
		return uuid.Nil, err
	}
	if t := tenants[u.TenantID]; t == nil || t.Status != tenant.StatusActive {
		return uuid.Nil, notFound
	}
	return ids[0], nil
}

// FeedWindow is how far back a feed reaches; later meetings are all in it.
const FeedWindow = 90 * 24 * time.Hour

// Events returns the meetings of the networks in which any of tenantIDs is
// an active partner, from FeedWindow ago on.
func (s *Service) Events(ctx context.Context, tenantIDs []uuid.UUID) ([]Event, error) {
	out := []Event{}
	if len(tenantIDs) == 0 {
		return out, nil
	}
	// Partners and names are network's, meetings meeting's to tell.
	networkIDs, err := network.NetworksOfIn(ctx, s.DB.For(ctx), tenantIDs)
	if err != nil {
		return nil, err
	}
	meetings, err := meeting.StartingIn(ctx, s.DB.For(ctx), networkIDs, s.now().Add(-FeedWindow), 2000)
	if err != nil {
		return nil, err
	}
	networks, err := network.NetworksIn(ctx, s.DB.For(ctx), networkIDs)
	if err != nil {
		return nil, err
	}
	for _, m := range meetings {
		var name string
		if n := networks[m.NetworkID]; n != nil {
			name = n.Name
		}
		out = append(out, Event{Meeting: m, NetworkName: name})
	}
	return out, nil
}

// singleLine keeps a text on one line: the library escapes line feeds but
// not a bare carriage return, which some calendar readers take for a new
// line — and so for a property of the attacker's choosing.
func singleLine(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r == '\r' || r == '\n' }), " ")
}
