package calendar

import (
	"bytes"
	"context"

	ics "github.com/arran4/golang-ical"
	"github.com/google/uuid"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/meeting"
	"github.com/bondgenoten/bondgenoten/network"
	"github.com/bondgenoten/bondgenoten/notify"
)

// MeetingFile renders the calendar file attached to an email about a
// meeting: one VEVENT with METHOD:REQUEST (the invitation, or its update)
// or METHOD:CANCEL (notify.CalendarRequest, notify.CalendarCancel). The UID
// is the feed's, SEQUENCE rises with every change, and a cancellation
// carries STATUS:CANCELLED. A meeting cancelled by the time the email is
// sent is rendered as its cancellation whatever was asked: the file tells
// the truth when it is read. It holds the time, the place, the network's
// name and the kind of meeting — never a name of an ally — and no link, as
// allies do not sign in. The meeting must belong to a network in which
// tenantID (the email's tenant) is an active partner; otherwise it is not
// found.
func (s *Service) MeetingFile(ctx context.Context, tenantID, meetingID uuid.UUID, method string) (filename string, data []byte, err error) {
	if method != notify.CalendarRequest && method != notify.CalendarCancel {
		return "", nil, bondgenoten.Invalid("method", bondgenoten.RuleOneOf, notify.CalendarRequest+" "+notify.CalendarCancel)
	}
	db := s.DB.For(ctx)
	notFound := bondgenoten.Errorf(bondgenoten.ENOTFOUND, "no such meeting")
	// Meetings are meeting's, networks and partners network's to tell.
	ms, err := meeting.MeetingsByIDIn(ctx, db, []uuid.UUID{meetingID})
	if err != nil {
		return "", nil, err
	}
	m := ms[meetingID]
	if m == nil {
		return "", nil, notFound
	}
	partners, err := network.ActivePartnersIn(ctx, db, []uuid.UUID{m.NetworkID})
	if err != nil {
		return "", nil, err
	}
	if !contains(partners[m.NetworkID], tenantID) {
		return "", nil, notFound
	}
	nets, err := network.NetworksIn(ctx, db, []uuid.UUID{m.NetworkID})
	if err != nil {
		return "", nil, err
	}
	var name string
	if n := nets[m.NetworkID]; n != nil {
		name = n.Name
	}
	if m.Status == meeting.StatusCancelled {
		method = notify.CalendarCancel
	}
	var buf bytes.Buffer
	if err := s.invite(&buf, m, name, method); err != nil {
		return "", nil, err
	}
	day := bondgenoten.DateOf(m.StartsAt).String()
	return "bijeenkomst-" + day + ".ics", buf.Bytes(), nil
}

func contains(ids []uuid.UUID, id uuid.UUID) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// invite writes the one-event iCalendar document of m with method.
func (s *Service) invite(buf *bytes.Buffer, m *meeting.Meeting, networkName, method string) error {
	cal := ics.NewCalendarFor("Bondgenoten")
	if method == notify.CalendarCancel {
		cal.SetMethod(ics.MethodCancel)
	} else {
		cal.SetMethod(ics.MethodRequest)
	}
	ev := cal.AddEvent(UID(m))
	ev.SetDtStampTime(s.now())
	ev.SetModifiedAt(m.UpdatedAt)
	ev.SetSequence(Sequence(m))
	ev.SetStartAt(m.StartsAt)
	ev.SetEndAt(m.EndsAt())
	summary, description := "Bijeenkomst "+networkName, "Bijeenkomst van het bondgenotennetwerk "+networkName+"."
	if m.Kind == meeting.KindEmergency {
		summary, description = "Spoedbijeenkomst "+networkName, "Spoedbijeenkomst van het bondgenotennetwerk "+networkName+"."
	}
	if method == notify.CalendarCancel {
		summary, description = "Afgezegd: "+summary, "Afgezegd. "+description
	}
	ev.SetSummary(singleLine(summary))
	ev.SetDescription(singleLine(description))
	if m.Place != "" {
		ev.SetLocation(singleLine(m.Place))
	}
	if s.Organizer != "" {
		ev.SetOrganizer("mailto:"+s.Organizer, ics.WithCN("Bondgenoten"))
	}
	ev.SetClass(ics.ClassificationConfidential)
	if method == notify.CalendarCancel {
		ev.SetStatus(ics.ObjectStatusCancelled)
	} else {
		ev.SetStatus(ics.ObjectStatusConfirmed)
	}
	return cal.SerializeTo(buf, ics.WithNewLineWindows)
}
