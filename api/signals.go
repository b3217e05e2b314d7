package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/authz"
	"github.com/bondgenoten/bondgenoten/signal"
	"github.com/bondgenoten/bondgenoten/tenant"
)

// Signals live in a network. The enforcement point lets crisis liaisons in
// with signals read-shared and staff with write-own; the handlers pass the
// form that held to package signal as a Viewer, which narrows the answer.

// signalRoutes are the routes of signals, themes, the tension picture and
// mood pictures (package signal).
func (s *Server) signalRoutes() []route {
	const (
		read, write = authz.Read, authz.Write
		n           = "/api/v1/networks/:networkId"
		sg          = n + "/signals/:signalId"
		mood        = n + "/mood-pictures/:moodPictureId"
	)
	readSignals := inNetwork(authz.Signals, read).or(authz.ReadShared)
	writeSignals := inNetwork(authz.Signals, write)
	logSignals := inNetwork(authz.Signals, write).or(authz.WriteOwn)
	return []route{
		{http.MethodGet, n + "/signal-themes", "listSignalThemes", s.listSignalThemes, readSignals},
		{http.MethodPost, n + "/signal-themes", "createSignalTheme", s.createSignalTheme, writeSignals},
		{http.MethodPost, n + "/signal-themes/:themeKey/archive", "archiveSignalTheme", s.setSignalThemeArchived(true), writeSignals},
		{http.MethodPost, n + "/signal-themes/:themeKey/restore", "restoreSignalTheme", s.setSignalThemeArchived(false), writeSignals},
		{http.MethodGet, n + "/signals", "listSignals", s.listSignals, readSignals},
		{http.MethodPost, n + "/signals", "createSignal", s.createSignal, logSignals},
		{http.MethodGet, sg, "getSignal", s.getSignal, readSignals},
		{http.MethodPut, sg, "updateSignal", s.updateSignal, logSignals},
		{http.MethodPut, sg + "/assessment", "assessSignal", s.assessSignal, writeSignals},
		{http.MethodPut, sg + "/feedback", "recordSignalFeedback", s.recordSignalFeedback, writeSignals},
		{http.MethodPost, sg + "/share", "shareSignal", s.shareSignal, writeSignals},
		{http.MethodGet, sg + "/police-note", "getSignalPoliceNote", s.getSignalPoliceNote, inNetwork(authz.Signals, read)},
		{http.MethodPut, sg + "/police-note", "putSignalPoliceNote", s.putSignalPoliceNote, logSignals},
		{http.MethodGet, n + "/tension", "getNetworkTension", s.getNetworkTension, inNetwork(authz.Tension, read).or(authz.ReadAggregate)},
		{http.MethodGet, "/api/v1/tenants/:tenant/tension", "getTenantTension", s.getTenantTension, inTenant(authz.Tension, read).or(authz.ReadAggregate)},
		{http.MethodGet, n + "/mood-pictures", "listMoodPictures", s.listMoodPictures, readSignals},
		{http.MethodPost, n + "/mood-pictures", "createMoodPicture", s.createMoodPicture, writeSignals},
		{http.MethodGet, mood, "getMoodPicture", s.getMoodPicture, readSignals},
		{http.MethodPut, mood, "updateMoodPicture", s.updateMoodPicture, writeSignals},
		{http.MethodPost, mood + "/share", "shareMoodPicture", s.shareMoodPicture, writeSignals},
		{http.MethodGet, mood + "/pdf", "getMoodPicturePDF", s.getMoodPicturePDF, readSignals},
		{http.MethodGet, mood + "/text", "getMoodPictureText", s.getMoodPictureText, readSignals},
	}
}

// signalViewer is the caller as package signal needs to know them.
func (s *Server) signalViewer(c echo.Context) (signal.Viewer, error) {
	user := currentUser(c)
	partners, _ := c.Get(ctxPartners).([]uuid.UUID)
	v := signal.Viewer{
		UserID: user.ID, TenantID: user.TenantID,
		SharedOnly: grantedAction(c) == authz.ReadShared,
		WriteAll:   s.cfg.Authz.AllowedInNetwork(user.ID, user.TenantID, partners, authz.Signals, authz.Write),
	}
	own, err := s.cfg.Tenants.Get(c.Request().Context(), user.TenantID)
	if err != nil {
		return v, err
	}
	v.Police = signal.IsPolicePartner(partners, own.ID, own.Kind)
	return v, nil
}

type signalSourceJSON struct {
	Kind     signal.SourceKind `json:"kind"`
	AllyID   *uuid.UUID        `json:"allyId"`
	AllyName *string           `json:"allyName"`
	Other    string            `json:"other"`
}

type signalAssessmentJSON struct {
	Picture    string     `json:"picture"`
	Judgement  string     `json:"judgement"`
	Decision   string     `json:"decision"`
	AssessedAt *time.Time `json:"assessedAt"`
	AssessedBy *string    `json:"assessedBy"`
}

type signalFeedbackJSON struct {
	Text      string            `json:"text"`
	FedBackOn *bondgenoten.Date `json:"fedBackOn"`
	DueOn     bondgenoten.Date  `json:"dueOn"`
	Overdue   bool              `json:"overdue"`
}

type sharedJSON struct {
	At time.Time `json:"at"`
	By string    `json:"by"`
}

type personRefJSON struct {
	ID   uuid.UUID `json:"id"`
	Name string    `json:"name"`
}

type signalJSON struct {
	ID            uuid.UUID            `json:"id"`
	NetworkID     uuid.UUID            `json:"networkId"`
	MeetingID     *uuid.UUID           `json:"meetingId"`
	ObservedAt    time.Time            `json:"observedAt"`
	Source        signalSourceJSON     `json:"source"`
	Theme         string               `json:"theme"`
	ThemeLabel    string               `json:"themeLabel"`
	Area          string               `json:"area"`
	Community     string               `json:"community"`
	Level         int                  `json:"level"`
	Evidence      signal.Evidence      `json:"evidence"`
	Phase         signal.Phase         `json:"phase"`
	Description   string               `json:"description"`
	Urgent        bool                 `json:"urgent"`
	Status        signal.Status        `json:"status"`
	Assessment    signalAssessmentJSON `json:"assessment"`
	ActionIDs     []uuid.UUID          `json:"actionIds"`
	Feedback      signalFeedbackJSON   `json:"feedback"`
	Shared        *sharedJSON          `json:"shared"`
	HasPoliceNote *bool                `json:"hasPoliceNote"`
	CreatedBy     *personRefJSON       `json:"createdBy"`
	CreatedAt     time.Time            `json:"createdAt"`
	UpdatedAt     time.Time            `json:"updatedAt"`
	MayEdit       bool                 `json:"mayEdit"`
	MayAssess     bool                 `json:"mayAssess"`
}

// signalWriter turns signals into JSON for one caller: the source ally's
// name only for those who read contacts, the police note's presence only
// for the police.
type signalWriter struct {
	viewer       signal.Viewer
	seesContacts bool
	labels       map[string]string
	today        bondgenoten.Date
}

func (s *Server) newSignalWriter(c echo.Context, v signal.Viewer) (*signalWriter, error) {
	themes, err := s.cfg.Signals.Themes(c.Request().Context(), currentNetworkID(c), requestLanguage(c))
	if err != nil {
		return nil, err
	}
	labels := make(map[string]string, len(themes))
	for _, t := range themes {
		labels[t.Key] = t.Label
	}
	return &signalWriter{viewer: v, seesContacts: s.mayReadInNetwork(c, authz.Contacts), labels: labels, today: s.today()}, nil
}

func (w *signalWriter) json(sg *signal.Signal) signalJSON {
	out := signalJSON{
		ID: sg.ID, NetworkID: sg.NetworkID, MeetingID: sg.MeetingID, ObservedAt: sg.ObservedAt.UTC(),
		Source: signalSourceJSON{Kind: sg.SourceKind, Other: sg.SourceOther},
		Theme:  sg.Theme, ThemeLabel: w.labels[sg.Theme], Area: sg.Area, Community: sg.Community, Level: sg.Level,
		Evidence: sg.Evidence, Phase: sg.Phase, Description: sg.Description, Urgent: sg.Urgent, Status: sg.Status,
		Assessment: signalAssessmentJSON{Picture: sg.AssessmentPicture, Judgement: sg.AssessmentJudgement, Decision: sg.AssessmentDecision, AssessedAt: sg.AssessedAt},
		ActionIDs:  sg.ActionIDs,
		Feedback:   signalFeedbackJSON{Text: sg.Feedback, FedBackOn: sg.FedBackOn, DueOn: sg.FeedbackDueOn, Overdue: sg.FeedbackOverdue(w.today)},
		CreatedAt:  sg.CreatedAt.UTC(), UpdatedAt: sg.UpdatedAt.UTC(),
		MayEdit: !w.viewer.SharedOnly && w.viewer.MayEdit(sg), MayAssess: w.viewer.WriteAll,
	}
	if out.ThemeLabel == "" {
		out.ThemeLabel = sg.Theme
	}
	if out.ActionIDs == nil {
		out.ActionIDs = []uuid.UUID{}
	}
	if sg.AssessedAt != nil {
		t := sg.AssessedAt.UTC()
		out.Assessment.AssessedAt, out.Assessment.AssessedBy = &t, &sg.AssessedByName
	}
	if sg.SourceKind == signal.SourceAlly && w.seesContacts {
		out.Source.AllyID = sg.SourceAllyID
		if sg.SourceAllyID != nil {
			name := sg.SourceAllyName
			out.Source.AllyName = &name
		}
	}
	if sg.SharedAt != nil {
		out.Shared = &sharedJSON{At: sg.SharedAt.UTC(), By: sg.SharedByName}
	}
	if w.viewer.Police {
		has := sg.PoliceNote != ""
		out.HasPoliceNote = &has
	}
	if sg.CreatedBy != nil {
		out.CreatedBy = &personRefJSON{*sg.CreatedBy, sg.CreatedByName}
	}
	return out
}

// answerSignal answers one signal as the caller sees it.
func (s *Server) answerSignal(c echo.Context, status int, v signal.Viewer, sg *signal.Signal) error {
	w, err := s.newSignalWriter(c, v)
	if err != nil {
		return err
	}
	return c.JSON(status, w.json(sg))
}

func (s *Server) signalID(c echo.Context) (uuid.UUID, error) { return pathID(c, "signalId") }

func (s *Server) listSignalThemes(c echo.Context) error {
	themes, err := s.cfg.Signals.Themes(c.Request().Context(), currentNetworkID(c), requestLanguage(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"items": themes})
}

func (s *Server) createSignalTheme(c echo.Context) error {
	var in signal.ThemeInput
	if err := s.decodeJSON(c, &in); err != nil {
		return err
	}
	t, err := s.cfg.Signals.AddTheme(c.Request().Context(), currentNetworkID(c), in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, t)
}

func (s *Server) setSignalThemeArchived(archived bool) echo.HandlerFunc {
	return func(c echo.Context) error {
		t, err := s.cfg.Signals.SetThemeArchived(c.Request().Context(), currentNetworkID(c), c.Param("themeKey"), archived)
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, t)
	}
}

// queryBools reads optional true/false query parameters.
func queryBools(c echo.Context, names map[string]**bool) error {
	fields := map[string]bondgenoten.FieldViolation{}
	for name, dst := range names {
		if v := c.QueryParam(name); v != "" {
			b, err := strconv.ParseBool(v)
			if err != nil {
				fields[name] = bondgenoten.FieldViolation{Rule: bondgenoten.RuleBoolean}
				continue
			}
			*dst = &b
		}
	}
	if len(fields) > 0 {
		return &bondgenoten.Error{Code: bondgenoten.EINVALID, Message: "invalid query", Fields: fields}
	}
	return nil
}

func (s *Server) listSignals(c echo.Context) error {
	v, err := s.signalViewer(c)
	if err != nil {
		return err
	}
	f := signal.Filter{Status: signal.Status(c.QueryParam("status")), Theme: c.QueryParam("theme"), Cursor: c.QueryParam("cursor")}
	if err := queryBools(c, map[string]**bool{"urgent": &f.Urgent, "shared": &f.Shared, "feedbackOverdue": &f.FeedbackOverdue}); err != nil {
		return err
	}
	if f.Limit, err = queryLimit(c); err != nil {
		return err
	}
	page, err := s.cfg.Signals.List(c.Request().Context(), currentNetworkID(c), v, f)
	if err != nil {
		return err
	}
	w, err := s.newSignalWriter(c, v)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, newPage(page, w.json))
}

func (s *Server) createSignal(c echo.Context) error {
	v, err := s.signalViewer(c)
	if err != nil {
		return err
	}
	var in signal.Input
	if err := s.decodeJSON(c, &in); err != nil {
		return err
	}
	sg, err := s.cfg.Signals.Log(c.Request().Context(), currentNetworkID(c), v, in)
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderLocation, "/api/v1/networks/"+sg.NetworkID.String()+"/signals/"+sg.ID.String())
	return s.answerSignal(c, http.StatusCreated, v, sg)
}

// withSignal runs do on the path's signal id with the caller's viewer.
func (s *Server) withSignal(c echo.Context, do func(id uuid.UUID, v signal.Viewer) (*signal.Signal, error)) error {
	id, err := s.signalID(c)
	if err != nil {
		return err
	}
	v, err := s.signalViewer(c)
	if err != nil {
		return err
	}
	sg, err := do(id, v)
	if err != nil {
		return err
	}
	return s.answerSignal(c, http.StatusOK, v, sg)
}

func (s *Server) getSignal(c echo.Context) error {
	return s.withSignal(c, func(id uuid.UUID, v signal.Viewer) (*signal.Signal, error) {
		return s.cfg.Signals.Get(c.Request().Context(), currentNetworkID(c), id, v)
	})
}

func (s *Server) updateSignal(c echo.Context) error {
	var in signal.Input
	if err := s.decodeJSON(c, &in); err != nil {
		return err
	}
	return s.withSignal(c, func(id uuid.UUID, v signal.Viewer) (*signal.Signal, error) {
		return s.cfg.Signals.Update(c.Request().Context(), currentNetworkID(c), id, v, in)
	})
}

func (s *Server) assessSignal(c echo.Context) error {
	var in signal.AssessmentInput
	if err := s.decodeJSON(c, &in); err != nil {
		return err
	}
	return s.withSignal(c, func(id uuid.UUID, v signal.Viewer) (*signal.Signal, error) {
		return s.cfg.Signals.Assess(c.Request().Context(), currentNetworkID(c), id, v, in)
	})
}

func (s *Server) recordSignalFeedback(c echo.Context) error {
	var in signal.FeedbackInput
	if err := s.decodeJSON(c, &in); err != nil {
		return err
	}
	return s.withSignal(c, func(id uuid.UUID, v signal.Viewer) (*signal.Signal, error) {
		return s.cfg.Signals.RecordFeedback(c.Request().Context(), currentNetworkID(c), id, v, in)
	})
}

func (s *Server) shareSignal(c echo.Context) error {
	return s.withSignal(c, func(id uuid.UUID, v signal.Viewer) (*signal.Signal, error) {
		return s.cfg.Signals.Share(c.Request().Context(), currentNetworkID(c), id, v)
	})
}

type policeNoteJSON struct {
	Text string `json:"text" validate:"max=5000"`
}

func (s *Server) getSignalPoliceNote(c echo.Context) error {
	id, err := s.signalID(c)
	if err != nil {
		return err
	}
	v, err := s.signalViewer(c)
	if err != nil {
		return err
	}
	text, err := s.cfg.Signals.PoliceNote(c.Request().Context(), currentNetworkID(c), id, v)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, policeNoteJSON{text})
}

func (s *Server) putSignalPoliceNote(c echo.Context) error {
	id, err := s.signalID(c)
	if err != nil {
		return err
	}
	var in policeNoteJSON
	if err := s.decodeJSON(c, &in); err != nil {
		return err
	}
	if err := s.validate(in); err != nil {
		return err
	}
	v, err := s.signalViewer(c)
	if err != nil {
		return err
	}
	text, err := s.cfg.Signals.SetPoliceNote(c.Request().Context(), currentNetworkID(c), id, v, in.Text)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, policeNoteJSON{text})
}

func (s *Server) getNetworkTension(c echo.Context) error {
	p, err := s.cfg.Signals.Tension(c.Request().Context(), []uuid.UUID{currentNetworkID(c)}, requestLanguage(c))
	if err != nil {
		return err
	}
	if !s.mayReadInNetwork(c, authz.Signals) {
		p.Coarsen(ownThemeLabel(c))
	}
	return c.JSON(http.StatusOK, p)
}

type tenantTensionJSON struct {
	*signal.Picture
	Networks []networkTensionJSON `json:"networks"`
}

type networkTensionJSON struct {
	ID    uuid.UUID     `json:"id"`
	Name  string        `json:"name"`
	Level *int          `json:"level"`
	Trend *signal.Trend `json:"trend"`
}

// ownThemeLabel stands for a network's own theme to those who see counts
// in bands: its label is words a coordinator wrote.
func ownThemeLabel(c echo.Context) string {
	return pick(requestLanguage(c), "Eigen thema van het netwerk", "The network's own theme")
}

// Exact counts in the tension picture are for those who read every signal
// behind them (signals: read); everyone else — bureaus, crisis liaisons,
// tenant administrators — sees them in bands (signal.Band), so no
// difference of two figures gives one signal away (docs/decisions/0007 §17).

// getTenantTension is a municipality's (or police unit's) picture across
// the networks it is an active partner in.
func (s *Server) getTenantTension(c echo.Context) error {
	ctx := c.Request().Context()
	t := targetTenant(c)
	if t.Kind != tenant.KindMunicipality && t.Kind != tenant.KindPoliceUnit {
		return bondgenoten.Errorf(bondgenoten.ENOTFOUND, "no networks in this organisation")
	}
	nets, err := s.cfg.Networks.List(ctx, []uuid.UUID{t.ID})
	if err != nil {
		return err
	}
	ids := make([]uuid.UUID, len(nets))
	for i, n := range nets {
		ids[i] = n.ID
	}
	lang := requestLanguage(c)
	all, err := s.cfg.Signals.Tension(ctx, ids, lang)
	if err != nil {
		return err
	}
	each := map[uuid.UUID][]uuid.UUID{}
	for _, id := range ids {
		each[id] = []uuid.UUID{id}
	}
	per, err := s.cfg.Signals.RegionTension(ctx, each, lang)
	if err != nil {
		return err
	}
	out := tenantTensionJSON{Picture: all, Networks: make([]networkTensionJSON, 0, len(ids))}
	for _, n := range nets {
		p := per[n.ID]
		out.Networks = append(out.Networks, networkTensionJSON{n.ID, n.Name, p.Level, p.Trend})
	}
	user := currentUser(c)
	if !s.cfg.Authz.Allowed(user.ID, t.ID, authz.Signals, authz.Read) {
		out.Picture.Coarsen(ownThemeLabel(c))
	}
	return c.JSON(http.StatusOK, out)
}

type moodJSON struct {
	ID         uuid.UUID        `json:"id"`
	NetworkID  uuid.UUID        `json:"networkId"`
	PeriodFrom bondgenoten.Date `json:"periodFrom"`
	PeriodTo   bondgenoten.Date `json:"periodTo"`
	Title      string           `json:"title"`
	Body       string           `json:"body"`
	Shared     *sharedJSON      `json:"shared"`
	CreatedAt  time.Time        `json:"createdAt"`
	UpdatedAt  time.Time        `json:"updatedAt"`
}

type moodSummaryJSON struct {
	ID         uuid.UUID        `json:"id"`
	PeriodFrom bondgenoten.Date `json:"periodFrom"`
	PeriodTo   bondgenoten.Date `json:"periodTo"`
	Title      string           `json:"title"`
	Shared     *sharedJSON      `json:"shared"`
	UpdatedAt  time.Time        `json:"updatedAt"`
}

func moodShared(m *signal.MoodPicture) *sharedJSON {
	if m.SharedAt == nil {
		return nil
	}
	return &sharedJSON{At: m.SharedAt.UTC(), By: m.SharedByName}
}

func toMoodJSON(m *signal.MoodPicture) moodJSON {
	return moodJSON{m.ID, m.NetworkID, m.PeriodFrom, m.PeriodTo, m.Title, m.Body, moodShared(m), m.CreatedAt.UTC(), m.UpdatedAt.UTC()}
}

func (s *Server) moodID(c echo.Context) (uuid.UUID, error) { return pathID(c, "moodPictureId") }

func (s *Server) listMoodPictures(c echo.Context) error {
	v, err := s.signalViewer(c)
	if err != nil {
		return err
	}
	list, err := s.cfg.Signals.Moods(c.Request().Context(), currentNetworkID(c), v)
	if err != nil {
		return err
	}
	items := make([]moodSummaryJSON, len(list))
	for i := range list {
		m := &list[i]
		items[i] = moodSummaryJSON{m.ID, m.PeriodFrom, m.PeriodTo, m.Title, moodShared(m), m.UpdatedAt.UTC()}
	}
	return c.JSON(http.StatusOK, map[string]any{"items": items})
}

func (s *Server) createMoodPicture(c echo.Context) error {
	v, err := s.signalViewer(c)
	if err != nil {
		return err
	}
	var in signal.PeriodInput
	if err := s.decodeJSON(c, &in); err != nil {
		return err
	}
	m, err := s.cfg.Signals.DraftMood(c.Request().Context(), currentNetworkID(c), v, in, requestLanguage(c))
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderLocation, "/api/v1/networks/"+m.NetworkID.String()+"/mood-pictures/"+m.ID.String())
	return c.JSON(http.StatusCreated, toMoodJSON(m))
}

// withMood runs do on the path's mood picture with the caller's viewer.
func (s *Server) withMood(c echo.Context, do func(id uuid.UUID, v signal.Viewer) (*signal.MoodPicture, error)) (*signal.MoodPicture, error) {
	id, err := s.moodID(c)
	if err != nil {
		return nil, err
	}
	v, err := s.signalViewer(c)
	if err != nil {
		return nil, err
	}
	return do(id, v)
}

func (s *Server) readMood(c echo.Context) (*signal.MoodPicture, error) {
	return s.withMood(c, func(id uuid.UUID, v signal.Viewer) (*signal.MoodPicture, error) {
		return s.cfg.Signals.Mood(c.Request().Context(), currentNetworkID(c), id, v)
	})
}

func (s *Server) getMoodPicture(c echo.Context) error {
	m, err := s.readMood(c)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toMoodJSON(m))
}

func (s *Server) updateMoodPicture(c echo.Context) error {
	var in signal.MoodInput
	if err := s.decodeJSON(c, &in); err != nil {
		return err
	}
	m, err := s.withMood(c, func(id uuid.UUID, v signal.Viewer) (*signal.MoodPicture, error) {
		return s.cfg.Signals.UpdateMood(c.Request().Context(), currentNetworkID(c), id, v, in)
	})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toMoodJSON(m))
}

func (s *Server) shareMoodPicture(c echo.Context) error {
	m, err := s.withMood(c, func(id uuid.UUID, v signal.Viewer) (*signal.MoodPicture, error) {
		return s.cfg.Signals.ShareMood(c.Request().Context(), currentNetworkID(c), id, v)
	})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toMoodJSON(m))
}

func (s *Server) getMoodPicturePDF(c echo.Context) error {
	m, err := s.readMood(c)
	if err != nil {
		return err
	}
	n, _, err := s.cfg.Networks.Get(c.Request().Context(), m.NetworkID)
	if err != nil {
		return err
	}
	doc, err := m.PDF(n.Name, requestLanguage(c), m.UpdatedAt)
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderContentDisposition, `attachment; filename="sfeerbeeld-`+m.PeriodFrom.String()+`.pdf"`)
	return c.Blob(http.StatusOK, "application/pdf", doc)
}

func (s *Server) getMoodPictureText(c echo.Context) error {
	m, err := s.readMood(c)
	if err != nil {
		return err
	}
	return c.Blob(http.StatusOK, "text/plain; charset=utf-8", []byte(m.PlainText()))
}

// signalFigures are the network's signal counts for its overview, for
// those who read signals (nil for the others).
func (s *Server) signalFigures(c echo.Context) (*signal.FeedbackFigures, error) {
	user := currentUser(c)
	partners, _ := c.Get(ctxPartners).([]uuid.UUID)
	all := s.cfg.Authz.AllowedInNetwork(user.ID, user.TenantID, partners, authz.Signals, authz.Read)
	shared := s.cfg.Authz.AllowedInNetwork(user.ID, user.TenantID, partners, authz.Signals, authz.ReadShared)
	if !all && !shared {
		return nil, nil
	}
	return s.cfg.Signals.Figures(c.Request().Context(), currentNetworkID(c), signal.Viewer{UserID: user.ID, SharedOnly: !all})
}
