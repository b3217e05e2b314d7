package api

import (
	"net/http"
	"time"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/meeting"
)

// Meetings live in a network: authorize (scopeNetwork) checked org (dates,
// cadence) or minutes (contents, actions) permission through its partners.

type meetingJSON struct {
	ID              uuid.UUID      `json:"id"`
	NetworkID       uuid.UUID      `json:"networkId"`
	Kind            meeting.Kind   `json:"kind"`
	StartsAt        time.Time      `json:"startsAt"`
	EndsAt          time.Time      `json:"endsAt"`
	DurationMinutes int            `json:"durationMinutes"`
	Place           string         `json:"place"`
	ChairAllyID     *uuid.UUID     `json:"chairAllyId"`
	MealPlanned     bool           `json:"mealPlanned"`
	MealNotes       string         `json:"mealNotes"`
	InvitedAllyIDs  []uuid.UUID    `json:"invitedAllyIds"`
	Status          meeting.Status `json:"status"`
	SeriesID        *uuid.UUID     `json:"seriesId"`
	AgendaItems     int            `json:"agendaItems"`
	CancelReason    string         `json:"cancelReason"`
	NoNextReason    string         `json:"noNextReason"`
	ClosedAt        *time.Time     `json:"closedAt"`
	CreatedAt       time.Time      `json:"createdAt"`
	UpdatedAt       time.Time      `json:"updatedAt"`
}

func toMeetingJSON(m *meeting.Meeting) *meetingJSON {
	if m == nil {
		return nil
	}
	invited := m.InvitedAllyIDs
	if invited == nil {
		invited = []uuid.UUID{}
	}
	return &meetingJSON{m.ID, m.NetworkID, m.Kind, m.StartsAt.UTC(), m.EndsAt().UTC(), m.DurationMinutes, m.Place, m.ChairAllyID,
		m.MealPlanned, m.MealNotes, invited, m.Status, m.SeriesID, m.AgendaItems, m.CancelReason, m.NoNextReason,
		m.ClosedAt, m.CreatedAt, m.UpdatedAt}
}

type chairJSON struct {
	ID   uuid.UUID `json:"id"`
	Name string    `json:"name"`
}

type meetingDetailJSON struct {
	*meetingJSON
	Chair      *chairJSON           `json:"chair"`
	Agenda     []meeting.AgendaItem `json:"agenda"`
	Attendance []meeting.Attendance `json:"attendance"`
	Minutes    string               `json:"minutes"`
	Decisions  []string             `json:"decisions"`
	Actions    []actionJSON         `json:"actions"`
	Next       *meetingJSON         `json:"nextMeeting"`
}

type actionJSON struct {
	meeting.ActionInput
	ID              uuid.UUID `json:"id"`
	NetworkID       uuid.UUID `json:"networkId"`
	MeetingID       uuid.UUID `json:"meetingId"`
	MeetingStartsAt time.Time `json:"meetingStartsAt"`
	Overdue         bool      `json:"overdue"`
	CreatedAt       time.Time `json:"createdAt"`
	UpdatedAt       time.Time `json:"updatedAt"`
}

func toActionJSON(a *meeting.Action, today bondgenoten.Date) actionJSON {
	return actionJSON{
		ActionInput: meeting.ActionInput{Title: a.Title, OwnerParty: a.OwnerParty, OwnerName: a.OwnerName, DueOn: a.DueOn, Status: a.Status, Feedback: a.Feedback},
		ID:          a.ID, NetworkID: a.NetworkID, MeetingID: a.MeetingID, MeetingStartsAt: a.MeetingStartsAt.UTC(),
		Overdue: a.Overdue(today), CreatedAt: a.CreatedAt, UpdatedAt: a.UpdatedAt,
	}
}

func (s *Server) meetingID(c echo.Context) (uuid.UUID, error) { return pathID(c, "meetingId") }

func (s *Server) listMeetings(c echo.Context) error {
	f := meeting.Filter{Status: meeting.Status(c.QueryParam("status")), Cursor: c.QueryParam("cursor")}
	fields := map[string]bondgenoten.FieldViolation{}
	for name, dst := range map[string]**bondgenoten.Date{"from": &f.From, "to": &f.To} {
		if v := c.QueryParam(name); v != "" {
			d, err := bondgenoten.ParseDate(v)
			if err != nil {
				fields[name] = bondgenoten.FieldViolation{Rule: bondgenoten.RuleDate}
				continue
			}
			*dst = &d
		}
	}
	switch c.QueryParam("order") {
	case "", "asc":
	case "desc":
		f.Descending = true
	default:
		fields["order"] = bondgenoten.FieldViolation{Rule: bondgenoten.RuleOneOf, Param: "asc desc"}
	}
	limit, err := queryLimit(c)
	if err != nil {
		return err
	}
	f.Limit = limit
	if len(fields) > 0 {
		return &bondgenoten.Error{Code: bondgenoten.EINVALID, Message: "invalid query", Fields: fields}
	}
	page, err := s.cfg.Meetings.List(c.Request().Context(), currentNetworkID(c), f)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, newPage(page, toMeetingJSON))
}

func (s *Server) createMeeting(c echo.Context) error {
	var in meeting.Input
	if err := s.decodeJSON(c, &in); err != nil {
		return err
	}
	m, err := s.cfg.Meetings.Plan(c.Request().Context(), currentNetworkID(c), in)
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderLocation, "/api/v1/networks/"+m.NetworkID.String()+"/meetings/"+m.ID.String())
	return c.JSON(http.StatusCreated, toMeetingJSON(m))
}

func (s *Server) planMeetingSeries(c echo.Context) error {
	var in meeting.SeriesInput
	if err := s.decodeJSON(c, &in); err != nil {
		return err
	}
	list, err := s.cfg.Meetings.PlanSeries(c.Request().Context(), currentNetworkID(c), in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, newPage(bondgenoten.Page[meeting.Meeting]{Items: list}, toMeetingJSON))
}

// meetingDetail answers the full meeting after a read or a change to its
// record.
func (s *Server) meetingDetail(c echo.Context, id uuid.UUID) error {
	d, err := s.cfg.Meetings.Detail(c.Request().Context(), currentNetworkID(c), id)
	if err != nil {
		return err
	}
	today := s.today()
	out := meetingDetailJSON{meetingJSON: toMeetingJSON(d.Meeting), Agenda: d.Agenda, Attendance: d.Attendance,
		Minutes: d.Minutes, Decisions: d.Decisions, Actions: make([]actionJSON, len(d.Actions)), Next: toMeetingJSON(d.Next)}
	if d.Chair != nil {
		out.Chair = &chairJSON{d.Chair.ID, d.Chair.Name}
	}
	for i := range d.Actions {
		out.Actions[i] = toActionJSON(&d.Actions[i], today)
	}
	return c.JSON(http.StatusOK, out)
}

func (s *Server) getMeeting(c echo.Context) error {
	id, err := s.meetingID(c)
	if err != nil {
		return err
	}
	return s.meetingDetail(c, id)
}

func (s *Server) updateMeeting(c echo.Context) error {
	id, err := s.meetingID(c)
	if err != nil {
		return err
	}
	var in meeting.Input
	if err := s.decodeJSON(c, &in); err != nil {
		return err
	}
	m, err := s.cfg.Meetings.Update(c.Request().Context(), currentNetworkID(c), id, in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toMeetingJSON(m))
}

func (s *Server) putMeetingAgenda(c echo.Context) error {
	id, err := s.meetingID(c)
	if err != nil {
		return err
	}
	var in meeting.AgendaInput
	if err := s.decodeJSON(c, &in); err != nil {
		return err
	}
	if in.Items == nil {
		return bondgenoten.Invalid("items", bondgenoten.RuleRequired, "")
	}
	if err := s.cfg.Meetings.PutAgenda(c.Request().Context(), currentNetworkID(c), id, in); err != nil {
		return err
	}
	return s.meetingDetail(c, id)
}

func (s *Server) putMeetingReport(c echo.Context) error {
	id, err := s.meetingID(c)
	if err != nil {
		return err
	}
	var in meeting.Report
	if err := s.decodeJSON(c, &in); err != nil {
		return err
	}
	if err := s.cfg.Meetings.PutReport(c.Request().Context(), currentNetworkID(c), id, in); err != nil {
		return err
	}
	return s.meetingDetail(c, id)
}

func (s *Server) closeMeeting(c echo.Context) error {
	id, err := s.meetingID(c)
	if err != nil {
		return err
	}
	var in struct {
		NoNextReason string `json:"noNextReason"`
	}
	if err := s.decodeJSON(c, &in); err != nil {
		return err
	}
	if _, err := s.cfg.Meetings.Close(c.Request().Context(), currentNetworkID(c), id, in.NoNextReason); err != nil {
		return err
	}
	return s.meetingDetail(c, id)
}

func (s *Server) cancelMeeting(c echo.Context) error {
	id, err := s.meetingID(c)
	if err != nil {
		return err
	}
	var in struct {
		Reason string `json:"reason"`
	}
	if err := s.decodeJSON(c, &in); err != nil {
		return err
	}
	m, err := s.cfg.Meetings.Cancel(c.Request().Context(), currentNetworkID(c), id, in.Reason)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toMeetingJSON(m))
}

func (s *Server) createAction(c echo.Context) error {
	id, err := s.meetingID(c)
	if err != nil {
		return err
	}
	var in meeting.ActionInput
	if err := s.decodeJSON(c, &in); err != nil {
		return err
	}
	a, err := s.cfg.Meetings.CreateAction(c.Request().Context(), currentNetworkID(c), id, in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, toActionJSON(a, s.today()))
}

func (s *Server) updateAction(c echo.Context) error {
	id, err := pathID(c, "actionId")
	if err != nil {
		return err
	}
	var in meeting.ActionInput
	if err := s.decodeJSON(c, &in); err != nil {
		return err
	}
	a, err := s.cfg.Meetings.UpdateAction(c.Request().Context(), currentNetworkID(c), id, in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toActionJSON(a, s.today()))
}

func (s *Server) listActions(c echo.Context) error {
	f := meeting.ActionFilter{Status: meeting.ActionStatus(c.QueryParam("status")), Party: meeting.Party(c.QueryParam("party")), Cursor: c.QueryParam("cursor")}
	if err := queryBools(c, map[string]**bool{"overdue": &f.Overdue}); err != nil {
		return err
	}
	limit, err := queryLimit(c)
	if err != nil {
		return err
	}
	f.Limit = limit
	today := s.today()
	page, err := s.cfg.Meetings.ListActions(c.Request().Context(), currentNetworkID(c), f, today)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, newPage(page, func(a *meeting.Action) actionJSON { return toActionJSON(a, today) }))
}

func (s *Server) getNetworkOverview(c echo.Context) error {
	o, err := s.cfg.Meetings.Overview(c.Request().Context(), currentNetworkID(c))
	if err != nil {
		return err
	}
	cad := o.Cadence
	signals, err := s.signalFigures(c)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{
		"activeAllies": o.ActiveAllies, "maxActiveAllies": o.MaxActiveAllies, "signals": signals,
		"cadence": map[string]any{
			"targetPerYear": cad.TargetPerYear, "minimumPerYear": cad.MinimumPerYear, "heldLast12Months": cad.HeldLast12Months,
			"lastHeld": toMeetingJSON(cad.LastHeld), "nextMeeting": toMeetingJSON(cad.NextMeeting),
			"planNextBy": cad.PlanNextBy, "overdue": cad.Overdue, "onTarget": cad.OnTarget,
		},
	})
}

func (s *Server) getNetworkBalance(c echo.Context) error {
	b, err := s.cfg.Meetings.Balance(c.Request().Context(), currentNetworkID(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"since": b.Since, "agenda": b.Agenda, "actions": b.Actions})
}

func (s *Server) getChairRotation(c echo.Context) error {
	turns, err := s.cfg.Meetings.ChairRotation(c.Request().Context(), currentNetworkID(c))
	if err != nil {
		return err
	}
	type turnJSON struct {
		AllyID        uuid.UUID  `json:"allyId"`
		Name          string     `json:"name"`
		TimesChaired  int        `json:"timesChaired"`
		LastChairedAt *time.Time `json:"lastChairedAt"`
	}
	items := make([]turnJSON, len(turns))
	for i, t := range turns {
		items[i] = turnJSON{t.AllyID, t.Name, t.TimesChaired, t.LastChairedAt}
	}
	return c.JSON(http.StatusOK, map[string]any{"items": items})
}
