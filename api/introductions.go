package api

import (
	"net/http"
	"time"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/authz"
	"github.com/bondgenoten/bondgenoten/introduction"
)

// A new colleague's network introduction (package introduction). The
// person reads and works on their own programme (onboarding read-own,
// write-own); the coordinators of the person's organisation read and work
// on it and waive it (onboarding write), its tenant administrators read it
// (onboarding read); the allies appear by name only to those who read
// contacts, recorded in the audit trail; the printable sheet with the
// allies' contact details is a read of contacts (audited, failing closed).
// Bureaus overseeing the person's organisation see percentages only
// (onboarding read-progress), with no names.

// introductionRoutes are the routes of the network introduction.
func (s *Server) introductionRoutes() []route {
	const (
		n = "/api/v1/networks/:networkId"
		p = n + "/introductions/:introductionId"
	)
	write := inNetwork(authz.Onboarding, authz.Write).or(authz.WriteOwn)
	return []route{
		{http.MethodGet, "/api/v1/me/introductions", "listMyIntroductions", s.listMyIntroductions, self(authz.Read)},
		{http.MethodGet, n + "/introductions", "listIntroductions", s.listIntroductions,
			inNetwork(authz.Onboarding, authz.Read).or(authz.ReadOwn, authz.ReadProgress)},
		{http.MethodGet, p, "getIntroduction", s.getIntroduction, inNetwork(authz.Onboarding, authz.Read).or(authz.ReadOwn)},
		{http.MethodGet, p + "/sheet", "getIntroductionSheet", s.getIntroductionSheet, inNetwork(authz.Contacts, authz.Read)},
		{http.MethodPost, p + "/contacts", "logIntroductionContact", s.logIntroductionContact, write},
		{http.MethodPost, p + "/steps/:step", "completeIntroductionStep", s.completeIntroductionStep, write},
		{http.MethodPost, p + "/waive", "waiveIntroduction", s.waiveIntroduction, inNetwork(authz.Onboarding, authz.Write)},
	}
}

func (s *Server) introductions() *introduction.Service { return s.cfg.Introductions }

type introductionSummaryJSON struct {
	ID          uuid.UUID             `json:"id"`
	NetworkID   uuid.UUID             `json:"networkId"`
	NetworkName string                `json:"networkName"`
	PersonName  *string               `json:"personName"`
	Status      introduction.Status   `json:"status"`
	StartedOn   bondgenoten.Date      `json:"startedOn"`
	DueOn       bondgenoten.Date      `json:"dueOn"`
	ClosedOn    *bondgenoten.Date     `json:"closedOn"`
	Overdue     bool                  `json:"overdue"`
	Mine        bool                  `json:"mine"`
	Progress    introduction.Progress `json:"progress"`
}

func (s *Server) toIntroductionSummary(c echo.Context, sum *introduction.Summary, names bool) introductionSummaryJSON {
	out := introductionSummaryJSON{ID: sum.ID, NetworkID: sum.NetworkID, NetworkName: sum.NetworkName, Status: sum.Status,
		StartedOn: sum.StartedOn, DueOn: sum.DueOn(), ClosedOn: sum.ClosedOn, Mine: sum.UserID == currentUser(c).ID,
		Overdue: sum.Open() && !s.today().Before(sum.DueOn()), Progress: sum.Progress}
	if names {
		name := sum.PersonName
		out.PersonName = &name
	}
	return out
}

func (s *Server) listMyIntroductions(c echo.Context) error {
	list, err := s.introductions().Mine(c.Request().Context(), currentUser(c).ID)
	if err != nil {
		return err
	}
	items := make([]introductionSummaryJSON, len(list))
	for i := range list {
		items[i] = s.toIntroductionSummary(c, &list[i], true)
	}
	return c.JSON(http.StatusOK, map[string]any{"items": items, "next": nil})
}

// tenantsWith lists the network's partners in which the caller holds
// onboarding action a.
func (s *Server) tenantsWith(c echo.Context, a authz.Action) []uuid.UUID {
	user := currentUser(c)
	partners, _ := c.Get(ctxPartners).([]uuid.UUID)
	out := []uuid.UUID{}
	for _, t := range partners {
		if s.cfg.Authz.Allowed(user.ID, t, authz.Onboarding, a) {
			out = append(out, t)
		}
	}
	return out
}

func (s *Server) listIntroductions(c echo.Context) error {
	ctx := c.Request().Context()
	me := currentUser(c).ID
	var tenants []uuid.UUID
	access, names := "full", true
	switch grantedAction(c) {
	case authz.Read:
		tenants = s.tenantsWith(c, authz.Read)
	case authz.ReadProgress:
		tenants, access, names = s.tenantsWith(c, authz.ReadProgress), "progress", false
	default: // read-own: the caller's own programmes only
		tenants, access = []uuid.UUID{}, "own"
	}
	list, err := s.introductions().List(ctx, currentNetworkID(c), nil)
	if err != nil {
		return err
	}
	items := []introductionSummaryJSON{}
	total := 0
	for i := range list {
		sum := &list[i]
		in := sum.UserID == me && names
		for _, t := range tenants {
			in = in || t == sum.TenantID
		}
		if !in {
			continue
		}
		items = append(items, s.toIntroductionSummary(c, sum, names))
		total += sum.Progress.Percent
	}
	var average *int
	if len(items) > 0 {
		a := total / len(items)
		average = &a
	}
	return c.JSON(http.StatusOK, map[string]any{"items": items, "next": nil, "access": access, "averagePercent": average})
}

// programme reads the route's programme and checks that the caller may
// act on it: their own, or one of a person of an organisation in which
// they hold onboarding action a (coordinators write, tenant
// administrators read). Someone else's answers 403 (not_own_programme).
func (s *Server) programme(c echo.Context, a authz.Action) (*introduction.Programme, error) {
	id, err := pathID(c, "introductionId")
	if err != nil {
		return nil, err
	}
	p, err := s.introductions().Get(c.Request().Context(), currentNetworkID(c), id)
	if err != nil {
		return nil, err
	}
	user := currentUser(c)
	if p.UserID == user.ID {
		return p, nil
	}
	if grantedAction(c) != authz.ReadOwn && grantedAction(c) != authz.WriteOwn &&
		s.cfg.Authz.Allowed(user.ID, p.TenantID, authz.Onboarding, a) {
		return p, nil
	}
	return nil, &bondgenoten.Error{Code: bondgenoten.EFORBIDDEN, Message: "not a programme the caller may " + string(a),
		Fields: map[string]bondgenoten.FieldViolation{"introductionId": {Rule: introduction.RuleNotOwnProgramme}}}
}

type introductionAllyJSON struct {
	AllyID       *uuid.UUID                `json:"allyId"`
	Name         *string                   `json:"name"`
	Organisation *string                   `json:"organisation"`
	Constituency *string                   `json:"constituency"`
	Suggested    []introduction.Introducer `json:"suggested"`
	Contact      *introduction.Contact     `json:"contact"`
	Mobile       *string                   `json:"mobile,omitempty"`
	Email        *string                   `json:"email,omitempty"`
}

type introductionJSON struct {
	introductionSummaryJSON
	// Names tells whether allies are shown by name (the caller reads contacts).
	Names        bool                      `json:"names"`
	Goals        string                    `json:"goals"`
	Expectations string                    `json:"expectations"`
	Allies       []introductionAllyJSON    `json:"allies"`
	Meeting      introduction.MeetingStep  `json:"meeting"`
	Steps        []introduction.StepDone   `json:"steps"`
	Liaisons     []introduction.Introducer `json:"liaisons"`
	Partners     []string                  `json:"partners"`
	WaiveReason  string                    `json:"waiveReason"`
	CanWrite     bool                      `json:"canWrite"`
	CanWaive     bool                      `json:"canWaive"`
}

func (s *Server) toIntroductionJSON(c echo.Context, d *introduction.Detail, names, contacts bool) introductionJSON {
	user := currentUser(c)
	own := d.UserID == user.ID
	coordinator := s.cfg.Authz.Allowed(user.ID, d.TenantID, authz.Onboarding, authz.Write)
	out := introductionJSON{introductionSummaryJSON: s.toIntroductionSummary(c, &d.Summary, true), Names: names,
		Goals: d.Goals, Expectations: d.Expectations, Allies: []introductionAllyJSON{}, Meeting: d.Meeting, Steps: d.Steps,
		Liaisons: d.Liaisons, Partners: d.Partners, WaiveReason: d.WaiveReason,
		CanWrite: d.Open() && (own || coordinator), CanWaive: d.Open() && coordinator && !own}
	for _, a := range d.Allies {
		v := introductionAllyJSON{Suggested: a.Suggested, Contact: a.Contact}
		if names {
			id, name, org, con := a.AllyID, a.Name, a.Organisation, a.Constituency
			v.AllyID, v.Name, v.Organisation, v.Constituency = &id, &name, &org, &con
		} else if v.Contact != nil {
			c := *v.Contact
			c.AllyID = uuid.Nil // who it was stays with those who read contacts
			v.Contact = &c
		}
		if contacts {
			mobile, email := a.Mobile, a.Email
			v.Mobile, v.Email = &mobile, &email
		}
		out.Allies = append(out.Allies, v)
	}
	return out
}

// answerIntroduction answers d as the caller may see it: allies by name
// to those who read contacts, recorded in the audit trail first.
func (s *Server) answerIntroduction(c echo.Context, status int, d *introduction.Detail) error {
	names := s.mayReadInNetwork(c, authz.Contacts)
	if names {
		if err := s.recordAudit(c, currentUser(c), currentUser(c).TenantID,
			access{scope: scopeNetwork, category: authz.Contacts, action: authz.Read}, d.ID.String(), true); err != nil {
			return err
		}
	}
	return c.JSON(status, s.toIntroductionJSON(c, d, names, false))
}

func (s *Server) getIntroduction(c echo.Context) error {
	p, err := s.programme(c, authz.Read)
	if err != nil {
		return err
	}
	d, err := s.introductions().Detail(c.Request().Context(), p.NetworkID, p.ID)
	if err != nil {
		return err
	}
	return s.answerIntroduction(c, http.StatusOK, d)
}

// getIntroductionSheet is the printable sheet: the allies to meet with
// their contact details. The route is a read of contacts, so the audit
// trail records it (and the request fails when it cannot) before this runs.
func (s *Server) getIntroductionSheet(c echo.Context) error {
	id, err := pathID(c, "introductionId")
	if err != nil {
		return err
	}
	p, err := s.introductions().Get(c.Request().Context(), currentNetworkID(c), id)
	if err != nil {
		return err
	}
	user := currentUser(c)
	if p.UserID != user.ID && !s.cfg.Authz.Allowed(user.ID, p.TenantID, authz.Onboarding, authz.Read) {
		return &bondgenoten.Error{Code: bondgenoten.EFORBIDDEN, Message: "not a programme the caller may read",
			Fields: map[string]bondgenoten.FieldViolation{"introductionId": {Rule: introduction.RuleNotOwnProgramme}}}
	}
	d, err := s.introductions().Detail(c.Request().Context(), p.NetworkID, p.ID)
	if err != nil {
		return err
	}
	out := s.toIntroductionJSON(c, d, true, true)
	return c.JSON(http.StatusOK, map[string]any{"introduction": out, "printedAt": s.now().UTC().Format(time.RFC3339)})
}

func (s *Server) logIntroductionContact(c echo.Context) error {
	// The body first: text the product refuses is refused before anything is looked up.
	var in introduction.ContactInput
	if err := s.decodeJSON(c, &in); err != nil {
		return err
	}
	p, err := s.programme(c, authz.Write)
	if err != nil {
		return err
	}
	d, err := s.introductions().LogContact(c.Request().Context(), p.NetworkID, p.ID, currentUser(c).ID, in)
	if err != nil {
		return err
	}
	return s.answerIntroduction(c, http.StatusOK, d)
}

func (s *Server) completeIntroductionStep(c echo.Context) error {
	var in introduction.StepInput
	if err := s.decodeJSON(c, &in); err != nil {
		return err
	}
	p, err := s.programme(c, authz.Write)
	if err != nil {
		return err
	}
	d, err := s.introductions().CompleteStep(c.Request().Context(), p.NetworkID, p.ID, currentUser(c).ID, introduction.Step(c.Param("step")), in)
	if err != nil {
		return err
	}
	return s.answerIntroduction(c, http.StatusOK, d)
}

func (s *Server) waiveIntroduction(c echo.Context) error {
	var in introduction.WaiveInput
	if err := s.decodeJSON(c, &in); err != nil {
		return err
	}
	p, err := s.programme(c, authz.Write)
	if err != nil {
		return err
	}
	if p.UserID == currentUser(c).ID {
		// Nobody waives their own introduction.
		return &bondgenoten.Error{Code: bondgenoten.EFORBIDDEN, Message: "nobody waives their own programme",
			Fields: map[string]bondgenoten.FieldViolation{"introductionId": {Rule: introduction.RuleWaiveOwn}}}
	}
	d, err := s.introductions().Waive(c.Request().Context(), p.NetworkID, p.ID, currentUser(c).ID, in)
	if err != nil {
		return err
	}
	return s.answerIntroduction(c, http.StatusOK, d)
}
