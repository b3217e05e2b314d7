package api

import (
	"bytes"
	"net/http"
	"time"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/bondgenoten/bondgenoten/authz"
	"github.com/bondgenoten/bondgenoten/crisis"
	"github.com/bondgenoten/bondgenoten/identity"
)

// Crisis mode (package crisis). Everyone in the network sees that a crisis
// is active (the banner, the list); its content is for those who read
// signals, and for crisis liaisons (signals read-shared) as aggregates; the
// partners' coordinators change it; the rapid contact list is for
// coordinators and crisis liaisons (contacts read-crisis), only while the
// crisis is active, and every view is audited.

// crisisRoutes are the routes of crisis mode (package crisis).
func (s *Server) crisisRoutes() []route {
	const (
		n    = "/api/v1/networks/:networkId"
		c    = n + "/crises/:crisisId"
		read = authz.Read
	)
	org := inNetwork(authz.Org, read)
	content := inNetwork(authz.Signals, read).or(authz.ReadShared)
	change := inNetwork(authz.Signals, authz.Write)
	contacts := inNetwork(authz.Contacts, authz.ReadCrisis)
	return []route{
		{http.MethodGet, n + "/crises", "listCrises", s.listCrises, org},
		{http.MethodPost, n + "/crises", "activateCrisis", s.activateCrisis, change},
		{http.MethodGet, c, "getCrisis", s.getCrisis, content},
		{http.MethodGet, c + "/timeline", "getCrisisTimeline", s.getCrisisTimeline, content},
		{http.MethodPost, c + "/phase", "changeCrisisPhase", s.changeCrisisPhase, change},
		{http.MethodPut, c + "/emergency-meeting", "linkCrisisEmergencyMeeting", s.linkCrisisEmergencyMeeting, change},
		{http.MethodPost, c + "/entries", "addCrisisEntry", s.addCrisisEntry, change},
		{http.MethodPut, c + "/entries/:entryId/answer", "answerCrisisQuestion", s.answerCrisisQuestion, change},
		{http.MethodPost, c + "/polls", "createCrisisPoll", s.createCrisisPoll, change},
		{http.MethodPost, c + "/polls/:pollId/answers", "recordCrisisPollAnswer", s.recordCrisisPollAnswer, change},
		{http.MethodPost, c + "/close", "closeCrisis", s.closeCrisis, change},
		{http.MethodGet, n + "/crisis-contacts", "getCrisisContacts", s.getCrisisContacts, contacts},
		{http.MethodGet, n + "/crisis-contacts.vcf", "getCrisisContactsVCard", s.getCrisisContactsVCard, contacts},
	}
}

func (s *Server) crises() *crisis.Service { return s.cfg.Crises }

// crisisBannerJSON is what every page of the network shows while a crisis
// is active.
type crisisBannerJSON struct {
	ID        uuid.UUID    `json:"id"`
	Title     string       `json:"title"`
	Phase     crisis.Phase `json:"phase"`
	StartedAt time.Time    `json:"startedAt"`
}

func toCrisisBanner(c *crisis.Crisis) *crisisBannerJSON {
	if c == nil {
		return nil
	}
	return &crisisBannerJSON{c.ID, c.Title, c.Phase, c.StartedAt.UTC()}
}

type crisisSummaryJSON struct {
	ID                 uuid.UUID    `json:"id"`
	NetworkID          uuid.UUID    `json:"networkId"`
	Title              string       `json:"title"`
	Phase              crisis.Phase `json:"phase"`
	Themes             []string     `json:"themes"`
	StartedAt          time.Time    `json:"startedAt"`
	EndedAt            *time.Time   `json:"endedAt"`
	Active             bool         `json:"active"`
	AftercareMeetingID *uuid.UUID   `json:"aftercareMeetingId"`
}

func toCrisisSummary(c *crisis.Crisis) crisisSummaryJSON {
	themes := c.Themes
	if themes == nil {
		themes = []string{}
	}
	return crisisSummaryJSON{c.ID, c.NetworkID, c.Title, c.Phase, themes, c.StartedAt.UTC(), utc(c.EndedAt), c.Active(), c.AftercareMeetingID}
}

func utc(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

type crisisJSON struct {
	crisisSummaryJSON
	Trigger            string     `json:"trigger"`
	EmergencyMeetingID *uuid.UUID `json:"emergencyMeetingId"`
	WentWell           string     `json:"wentWell"`
	ToLearn            string     `json:"toLearn"`
	Lesson             bool       `json:"lesson"`
	CreatedAt          time.Time  `json:"createdAt"`
	UpdatedAt          time.Time  `json:"updatedAt"`
}

func toCrisisJSON(c *crisis.Crisis) crisisJSON {
	return crisisJSON{toCrisisSummary(c), c.Trigger, c.EmergencyMeetingID, c.WentWell, c.ToLearn, c.Lesson, c.CreatedAt, c.UpdatedAt}
}

type crisisEntryJSON struct {
	ID          uuid.UUID        `json:"id"`
	Kind        crisis.EntryKind `json:"kind"`
	At          time.Time        `json:"at"`
	Text        string           `json:"text"`
	AllyID      *uuid.UUID       `json:"allyId"`
	AllyName    string           `json:"allyName"`
	Answer      string           `json:"answer"`
	AnsweredAt  *time.Time       `json:"answeredAt"`
	CarriedBack bool             `json:"carriedBack"`
	PhaseFrom   string           `json:"phaseFrom"`
	PhaseTo     string           `json:"phaseTo"`
}

func toCrisisEntry(e *crisis.Entry, names map[uuid.UUID]string) crisisEntryJSON {
	out := crisisEntryJSON{e.ID, e.Kind, e.At.UTC(), e.Text, e.AllyID, "", e.Answer, utc(e.AnsweredAt), e.CarriedBack, e.PhaseFrom, e.PhaseTo}
	if e.AllyID != nil {
		out.AllyName = names[*e.AllyID]
	}
	return out
}

type crisisDetailJSON struct {
	crisisJSON
	Entries []crisisEntryJSON `json:"entries"`
	Polls   []crisis.PollView `json:"polls"`
	// AnswersVisible tells the web app whether per-ally poll answers are
	// part of the answer (signals read), or aggregates only.
	AnswersVisible bool `json:"answersVisible"`
}

func (s *Server) crisisView(c echo.Context) crisis.View {
	// Routes that change a crisis are for coordinators, who read it in full.
	full := grantedAction(c) != authz.ReadShared
	return crisis.View{Full: full, Names: full && s.mayReadInNetwork(c, authz.Contacts)}
}

func (s *Server) listCrises(c echo.Context) error {
	list, err := s.crises().List(c.Request().Context(), currentNetworkID(c))
	if err != nil {
		return err
	}
	items := make([]crisisSummaryJSON, len(list))
	for i := range list {
		items[i] = toCrisisSummary(&list[i])
	}
	return c.JSON(http.StatusOK, map[string]any{"items": items})
}

func (s *Server) crisisDetail(c echo.Context, id uuid.UUID, status int) error {
	v := s.crisisView(c)
	d, err := s.crises().Detail(c.Request().Context(), currentNetworkID(c), id, v)
	if err != nil {
		return err
	}
	out := crisisDetailJSON{crisisJSON: toCrisisJSON(d.Crisis), Entries: make([]crisisEntryJSON, len(d.Entries)), Polls: d.Polls, AnswersVisible: v.Full}
	for i := range d.Entries {
		out.Entries[i] = toCrisisEntry(&d.Entries[i], d.AllyNames)
	}
	return c.JSON(status, out)
}

func (s *Server) activateCrisis(c echo.Context) error {
	var in crisis.ActivateInput
	if err := s.decodeJSON(c, &in); err != nil {
		return err
	}
	cr, err := s.crises().Activate(c.Request().Context(), currentNetworkID(c), currentUser(c).ID, in)
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderLocation, "/api/v1/networks/"+cr.NetworkID.String()+"/crises/"+cr.ID.String())
	return c.JSON(http.StatusCreated, toCrisisJSON(cr))
}

func (s *Server) getCrisis(c echo.Context) error {
	id, err := pathID(c, "crisisId")
	if err != nil {
		return err
	}
	return s.crisisDetail(c, id, http.StatusOK)
}

func (s *Server) getCrisisTimeline(c echo.Context) error {
	id, err := pathID(c, "crisisId")
	if err != nil {
		return err
	}
	items, err := s.crises().Timeline(c.Request().Context(), currentNetworkID(c), id, s.crisisView(c))
	if err != nil {
		return err
	}
	for i := range items {
		items[i].At = items[i].At.UTC()
	}
	return c.JSON(http.StatusOK, map[string]any{"items": items})
}

func (s *Server) changeCrisisPhase(c echo.Context) error {
	var in crisis.PhaseInput
	if err := s.decodeJSON(c, &in); err != nil {
		return err
	}
	id, err := pathID(c, "crisisId")
	if err != nil {
		return err
	}
	if _, err := s.crises().ChangePhase(c.Request().Context(), currentNetworkID(c), id, currentUser(c).ID, in); err != nil {
		return err
	}
	return s.crisisDetail(c, id, http.StatusOK)
}

func (s *Server) linkCrisisEmergencyMeeting(c echo.Context) error {
	var in struct {
		MeetingID *uuid.UUID `json:"meetingId" validate:"required"`
	}
	if err := s.decodeJSON(c, &in); err != nil {
		return err
	}
	id, err := pathID(c, "crisisId")
	if err != nil {
		return err
	}
	if err := s.validate(in); err != nil {
		return err
	}
	if _, err := s.crises().LinkEmergencyMeeting(c.Request().Context(), currentNetworkID(c), id, *in.MeetingID); err != nil {
		return err
	}
	return s.crisisDetail(c, id, http.StatusOK)
}

func (s *Server) addCrisisEntry(c echo.Context) error {
	var in crisis.EntryInput
	if err := s.decodeJSON(c, &in); err != nil {
		return err
	}
	id, err := pathID(c, "crisisId")
	if err != nil {
		return err
	}
	e, err := s.crises().AddEntry(c.Request().Context(), currentNetworkID(c), id, currentUser(c).ID, in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, toCrisisEntry(e, nil))
}

func (s *Server) answerCrisisQuestion(c echo.Context) error {
	var in crisis.AnswerInput
	if err := s.decodeJSON(c, &in); err != nil {
		return err
	}
	id, err := pathID(c, "crisisId")
	if err != nil {
		return err
	}
	entryID, err := pathID(c, "entryId")
	if err != nil {
		return err
	}
	e, err := s.crises().AnswerQuestion(c.Request().Context(), currentNetworkID(c), id, entryID, in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toCrisisEntry(e, nil))
}

func (s *Server) createCrisisPoll(c echo.Context) error {
	var in crisis.PollInput
	if err := s.decodeJSON(c, &in); err != nil {
		return err
	}
	id, err := pathID(c, "crisisId")
	if err != nil {
		return err
	}
	if _, err := s.crises().CreatePoll(c.Request().Context(), currentNetworkID(c), id, currentUser(c).ID, in); err != nil {
		return err
	}
	return s.crisisDetail(c, id, http.StatusCreated)
}

func (s *Server) recordCrisisPollAnswer(c echo.Context) error {
	var in crisis.PollAnswerInput
	if err := s.decodeJSON(c, &in); err != nil {
		return err
	}
	id, err := pathID(c, "crisisId")
	if err != nil {
		return err
	}
	pollID, err := pathID(c, "pollId")
	if err != nil {
		return err
	}
	if _, err := s.crises().RecordAnswer(c.Request().Context(), currentNetworkID(c), id, pollID, in); err != nil {
		return err
	}
	return s.crisisDetail(c, id, http.StatusOK)
}

func (s *Server) closeCrisis(c echo.Context) error {
	var in crisis.CloseInput
	if err := s.decodeJSON(c, &in); err != nil {
		return err
	}
	id, err := pathID(c, "crisisId")
	if err != nil {
		return err
	}
	if _, err := s.crises().Close(c.Request().Context(), currentNetworkID(c), id, in); err != nil {
		return err
	}
	return s.crisisDetail(c, id, http.StatusOK)
}

type crisisPersonJSON struct {
	identity.Person
	Role   string             `json:"role"`
	Tenant directoryEntryJSON `json:"tenant"`
}

type crisisContactJSON struct {
	crisis.Contact
	Tel string `json:"tel"`
}

type crisisContactsJSON struct {
	Crisis *crisisBannerJSON   `json:"crisis"`
	Allies []crisisContactJSON `json:"allies"`
	People []crisisPersonJSON  `json:"people"`
}

// crisisContacts gathers the rapid contact list: the allies who permit
// contact, and the coordinators and staff of every active partner.
func (s *Server) crisisContacts(c echo.Context) (*crisisContactsJSON, error) {
	ctx := c.Request().Context()
	cr, allies, err := s.crises().ContactAllies(ctx, currentNetworkID(c))
	if err != nil {
		return nil, err
	}
	partners, _ := c.Get(ctxPartners).([]uuid.UUID)
	tenants, err := s.cfg.Tenants.GetMany(ctx, partners)
	if err != nil {
		return nil, err
	}
	out := &crisisContactsJSON{Crisis: toCrisisBanner(cr), Allies: make([]crisisContactJSON, len(allies)), People: []crisisPersonJSON{}}
	for i, a := range allies {
		out.Allies[i] = crisisContactJSON{a, ""}
		if a.Mobile != "" {
			out.Allies[i].Tel = crisis.TelURI(a.Mobile)
		}
	}
	for _, role := range []authz.Role{authz.Coordinator, authz.Staff} {
		holders, err := s.cfg.Identity.HoldersOf(ctx, partners, string(role))
		if err != nil {
			return nil, err
		}
		for _, p := range partners {
			t, ok := tenants[p]
			if !ok {
				continue
			}
			for _, person := range holders[p] {
				out.People = append(out.People, crisisPersonJSON{person, string(role), directoryEntryJSON{t.Slug, t.Name, t.Kind}})
			}
		}
	}
	return out, nil
}

func (s *Server) getCrisisContacts(c echo.Context) error {
	out, err := s.crisisContacts(c)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, out)
}

func (s *Server) getCrisisContactsVCard(c echo.Context) error {
	out, err := s.crisisContacts(c)
	if err != nil {
		return err
	}
	cards := make([]crisis.Card, 0, len(out.Allies)+len(out.People))
	for _, a := range out.Allies {
		cards = append(cards, crisis.Card{Name: a.Name, Mobile: a.Mobile, Email: a.Email, Org: a.Community, Category: "Bondgenoot"})
	}
	for _, p := range out.People {
		category := "Coördinator"
		if p.Role == string(authz.Staff) {
			category = "Medewerker"
		}
		cards = append(cards, crisis.Card{Name: p.Name, Email: p.Email, Org: p.Tenant.Name, Category: category})
	}
	var buf bytes.Buffer
	if err := crisis.WriteVCards(&buf, cards); err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set(echo.HeaderCacheControl, "private, no-store")
	h.Set(echo.HeaderContentDisposition, `attachment; filename="crisiscontacten.vcf"`)
	return c.Blob(http.StatusOK, "text/vcard; charset=utf-8", buf.Bytes())
}
