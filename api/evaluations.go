package api

import (
	"net/http"
	"time"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/authz"
	"github.com/bondgenoten/bondgenoten/evaluation"
)

// The half-yearly evaluation (package evaluation). The partners'
// coordinators write it; staff and tenant administrators read it (the
// allies by name only for those who read contacts, recorded in the audit
// trail as a read of contacts); bureaus overseeing a partner read status,
// dates and figures only (evaluations read-summary).

// evaluationRoutes are the routes of the half-yearly evaluation.
func (s *Server) evaluationRoutes() []route {
	const (
		n = "/api/v1/networks/:networkId"
		e = n + "/evaluations/:evaluationId"
	)
	read := inNetwork(authz.Evaluations, authz.Read).or(authz.ReadSummary)
	write := inNetwork(authz.Evaluations, authz.Write)
	return []route{
		{http.MethodGet, n + "/evaluations", "listEvaluations", s.listEvaluations, read},
		{http.MethodPost, n + "/evaluations", "startEvaluation", s.startEvaluation, write},
		{http.MethodGet, e, "getEvaluation", s.getEvaluation, read},
		{http.MethodPut, e, "saveEvaluation", s.saveEvaluation, write},
		{http.MethodPost, e + "/complete", "completeEvaluation", s.completeEvaluation, write},
		{http.MethodGet, e + "/pdf", "getEvaluationPDF", s.getEvaluationPDF, read},
	}
}

func (s *Server) evaluations() *evaluation.Service { return s.cfg.Evaluations }

type evaluationSummaryJSON struct {
	ID          uuid.UUID         `json:"id"`
	NetworkID   uuid.UUID         `json:"networkId"`
	Status      evaluation.Status `json:"status"`
	PeriodFrom  bondgenoten.Date  `json:"periodFrom"`
	PeriodTo    *bondgenoten.Date `json:"periodTo"`
	OpenedOn    bondgenoten.Date  `json:"openedOn"`
	DueOn       bondgenoten.Date  `json:"dueOn"`
	CompletedAt *time.Time        `json:"completedAt"`
	Overdue     bool              `json:"overdue"`
}

func (s *Server) toEvaluationSummary(e *evaluation.Evaluation) evaluationSummaryJSON {
	return evaluationSummaryJSON{e.ID, e.NetworkID, e.Status, e.PeriodFrom, e.PeriodTo, e.OpenedOn, e.DueOn, utc(e.CompletedAt), e.Overdue(s.today())}
}

type evaluationAnswersJSON struct {
	RightPeople     *bool  `json:"rightPeople"`
	RightPeopleNote string `json:"rightPeopleNote"`
	GoalsClear      *bool  `json:"goalsClear"`
	GoalsNote       string `json:"goalsNote"`
	Goals           string `json:"goals"`
	Expectations    string `json:"expectations"`
	Conclusion      string `json:"conclusion"`
}

type evaluationJSON struct {
	evaluationSummaryJSON
	NetworkName string `json:"networkName"`
	// Access is how much the caller sees: full, no-names or summary.
	Access         string                      `json:"access"`
	Figures        *evaluation.Figures         `json:"figures"`
	Answers        *evaluationAnswersJSON      `json:"answers"`
	DecisionCounts map[evaluation.Decision]int `json:"decisionCounts"`
	Decisions      []evaluation.DecisionView   `json:"decisions"`
	Points         []evaluation.Point          `json:"points"`
	MeetingID      *uuid.UUID                  `json:"meetingId"`
}

var accessNames = map[evaluation.Access]string{
	evaluation.AccessFull: "full", evaluation.AccessNoNames: "no-names", evaluation.AccessSummary: "summary",
}

func (s *Server) toEvaluationJSON(d *evaluation.Detail, a evaluation.Access) evaluationJSON {
	out := evaluationJSON{evaluationSummaryJSON: s.toEvaluationSummary(d.Evaluation), NetworkName: d.NetworkName,
		Access: accessNames[a], Figures: d.Figures}
	if a == evaluation.AccessSummary {
		return out
	}
	out.Answers = &evaluationAnswersJSON{d.RightPeople, d.RightPeopleNote, d.GoalsClear, d.GoalsNote, d.Goals, d.Expectations, d.Conclusion}
	out.DecisionCounts = d.Counts()
	out.Points = d.Points
	out.MeetingID = d.MeetingID
	if a == evaluation.AccessFull {
		out.Decisions = d.Decisions
	}
	return out
}

// evaluationAccess is how much of an evaluation the caller sees, and
// records in the audit trail that allies are shown by name (the network's
// evaluation as the object) before anything is served.
func (s *Server) evaluationAccess(c echo.Context, id uuid.UUID) (evaluation.Access, error) {
	if grantedAction(c) == authz.ReadSummary {
		return evaluation.AccessSummary, nil
	}
	if !s.mayReadInNetwork(c, authz.Contacts) {
		return evaluation.AccessNoNames, nil
	}
	err := s.recordAudit(c, currentUser(c), currentUser(c).TenantID,
		access{scope: scopeNetwork, category: authz.Contacts, action: authz.Read}, id.String(), true)
	return evaluation.AccessFull, err
}

func (s *Server) listEvaluations(c echo.Context) error {
	list, err := s.evaluations().List(c.Request().Context(), currentNetworkID(c))
	if err != nil {
		return err
	}
	items := make([]evaluationSummaryJSON, len(list))
	for i := range list {
		items[i] = s.toEvaluationSummary(&list[i])
	}
	return c.JSON(http.StatusOK, map[string]any{"items": items, "next": nil})
}

func (s *Server) startEvaluation(c echo.Context) error {
	e, err := s.evaluations().Start(c.Request().Context(), currentNetworkID(c))
	if err != nil {
		return err
	}
	d, err := s.evaluations().Get(c.Request().Context(), e.NetworkID, e.ID)
	if err != nil {
		return err
	}
	return s.answerEvaluation(c, http.StatusCreated, d)
}

// answerEvaluation answers d as the caller may see it.
func (s *Server) answerEvaluation(c echo.Context, status int, d *evaluation.Detail) error {
	a, err := s.evaluationAccess(c, d.ID)
	if err != nil {
		return err
	}
	if status == http.StatusCreated {
		c.Response().Header().Set(echo.HeaderLocation, "/api/v1/networks/"+d.NetworkID.String()+"/evaluations/"+d.ID.String())
	}
	return c.JSON(status, s.toEvaluationJSON(d, a))
}

func (s *Server) readEvaluation(c echo.Context) (*evaluation.Detail, error) {
	id, err := pathID(c, "evaluationId")
	if err != nil {
		return nil, err
	}
	return s.evaluations().Get(c.Request().Context(), currentNetworkID(c), id)
}

func (s *Server) getEvaluation(c echo.Context) error {
	d, err := s.readEvaluation(c)
	if err != nil {
		return err
	}
	return s.answerEvaluation(c, http.StatusOK, d)
}

func (s *Server) saveEvaluation(c echo.Context) error {
	// The body first: text the product refuses is refused before anything is looked up.
	var in evaluation.SaveInput
	if err := s.decodeJSON(c, &in); err != nil {
		return err
	}
	id, err := pathID(c, "evaluationId")
	if err != nil {
		return err
	}
	d, err := s.evaluations().Save(c.Request().Context(), currentNetworkID(c), id, in)
	if err != nil {
		return err
	}
	return s.answerEvaluation(c, http.StatusOK, d)
}

func (s *Server) completeEvaluation(c echo.Context) error {
	// The body first: text the product refuses is refused before anything is looked up.
	var in evaluation.CompleteInput
	if err := s.decodeJSON(c, &in); err != nil {
		return err
	}
	id, err := pathID(c, "evaluationId")
	if err != nil {
		return err
	}
	d, err := s.evaluations().Complete(c.Request().Context(), currentNetworkID(c), id, currentUser(c).ID, in)
	if err != nil {
		return err
	}
	return s.answerEvaluation(c, http.StatusOK, d)
}

func (s *Server) getEvaluationPDF(c echo.Context) error {
	d, err := s.readEvaluation(c)
	if err != nil {
		return err
	}
	a, err := s.evaluationAccess(c, d.ID)
	if err != nil {
		return err
	}
	doc, err := d.PDF(requestLanguage(c), a, d.UpdatedAt)
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderContentDisposition, `attachment; filename="evaluatie-`+d.OpenedOn.String()+`.pdf"`)
	return c.Blob(http.StatusOK, "application/pdf", doc)
}
