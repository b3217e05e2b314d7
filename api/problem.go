package api

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"
	"golang.org/x/text/language"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/ally"
	"github.com/bondgenoten/bondgenoten/ally/sheet"
	"github.com/bondgenoten/bondgenoten/crisis"
	"github.com/bondgenoten/bondgenoten/evaluation"
	"github.com/bondgenoten/bondgenoten/identity"
	"github.com/bondgenoten/bondgenoten/introduction"
	"github.com/bondgenoten/bondgenoten/meeting"
	"github.com/bondgenoten/bondgenoten/network"
	"github.com/bondgenoten/bondgenoten/signal"
	"github.com/bondgenoten/bondgenoten/store"
	"github.com/bondgenoten/bondgenoten/tenant"
)

// Problem is an RFC 9457 problem details body.
type Problem struct {
	Type      string            `json:"type"`
	Title     string            `json:"title"`
	Status    int               `json:"status"`
	Detail    string            `json:"detail,omitempty"`
	Instance  string            `json:"instance,omitempty"`
	Code      string            `json:"code"`
	Errors    map[string]string `json:"errors,omitempty"`
	RequestID string            `json:"requestId,omitempty"`
}

// Codes that exist only at the HTTP level, next to the domain's.
const (
	codeMethodNotAllowed     = "method_not_allowed"
	codeTooLarge             = "too_large"
	codeUnsupportedMediaType = "unsupported_media_type"
	codeTooManyRequests      = "too_many_requests"
)

// retryAfterUnavailable is the Retry-After, in seconds, of a 503: long
// enough for a database failover or a restart of the pool's connections.
const retryAfterUnavailable = "5"

// statusOf is the single mapping from error code to HTTP status.
var statusOf = map[string]int{
	bondgenoten.EINVALID:      http.StatusBadRequest,
	bondgenoten.ENOTFOUND:     http.StatusNotFound,
	bondgenoten.ECONFLICT:     http.StatusConflict,
	bondgenoten.EUNAUTHORIZED: http.StatusUnauthorized,
	bondgenoten.EFORBIDDEN:    http.StatusForbidden,
	bondgenoten.EUNAVAILABLE:  http.StatusServiceUnavailable,
	bondgenoten.EINTERNAL:     http.StatusInternalServerError,
	codeMethodNotAllowed:      http.StatusMethodNotAllowed,
	codeTooLarge:              http.StatusRequestEntityTooLarge,
	codeUnsupportedMediaType:  http.StatusUnsupportedMediaType,
	codeTooManyRequests:       http.StatusTooManyRequests,
}

// codeOfStatus maps Echo's own HTTP errors (router, body limit) back to codes.
func codeOfStatus(status int) string {
	for code, st := range statusOf {
		if st == status {
			return code
		}
	}
	if status >= 500 {
		return bondgenoten.EINTERNAL
	}
	return bondgenoten.EINVALID
}

// handleError is Echo's error handler: every error becomes problem+json.
func (s *Server) handleError(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	lang := requestLanguage(c)
	p := Problem{Instance: c.Request().URL.Path, RequestID: requestID(c)}

	var he *echo.HTTPError
	switch {
	case errors.As(err, &he) && he.Internal == nil:
		p.Status = he.Code
		p.Code = codeOfStatus(he.Code)
	case errors.As(err, &he):
		// An Echo error wrapping a cause, e.g. a panic recovered or a bind failure.
		p.Status = he.Code
		p.Code = codeOfStatus(he.Code)
	default:
		p.Code = bondgenoten.ErrorCode(err)
		if p.Code == bondgenoten.EINTERNAL && store.Unavailable(err) {
			// A driver error no service mapped: the database is out of reach.
			p.Code = bondgenoten.EUNAVAILABLE
		}
		p.Status = statusOf[p.Code]
		if p.Status == 0 {
			p.Status = http.StatusInternalServerError
		}
		if fields := bondgenoten.ErrorFields(err); len(fields) > 0 {
			p.Errors = make(map[string]string, len(fields))
			for name, v := range fields {
				p.Errors[name] = fieldMessage(lang, v)
			}
		}
	}
	if p.Status >= 500 {
		s.cfg.Logger.Error("request failed", "err", err, "request_id", p.RequestID, "path", p.Instance)
	}
	p.Type = "https://bondgenoten.nl/problems/" + strings.ReplaceAll(p.Code, "_", "-")
	p.Title = title(lang, p.Code)
	p.Detail = detail(lang, p.Code)

	h := c.Response().Header()
	if p.Status == http.StatusUnauthorized {
		h.Set(echo.HeaderWWWAuthenticate, `Bearer realm="bondgenoten"`)
	}
	if p.Status == http.StatusServiceUnavailable && h.Get("Retry-After") == "" {
		h.Set("Retry-After", retryAfterUnavailable)
	}
	if p.Status == http.StatusMethodNotAllowed {
		if allow, ok := c.Get(echo.ContextKeyHeaderAllow).(string); ok && allow != "" {
			h.Set(echo.HeaderAllow, allow)
		}
	}
	h.Set(echo.HeaderContentType, "application/problem+json")
	h.Set("Content-Language", lang.String())
	if c.Request().Method == http.MethodHead {
		_ = c.NoContent(p.Status)
		return
	}
	if werr := c.JSON(p.Status, p); werr != nil {
		s.cfg.Logger.Error("writing problem failed", "err", werr, "request_id", p.RequestID)
	}
}

var supportedLanguages = language.NewMatcher([]language.Tag{language.Dutch, language.English})

// requestLanguage picks Dutch or English from Accept-Language; Dutch when
// the header is absent or names neither.
func requestLanguage(c echo.Context) language.Tag {
	tags, _, err := language.ParseAcceptLanguage(c.Request().Header.Get("Accept-Language"))
	if err != nil || len(tags) == 0 {
		return language.Dutch
	}
	_, idx, conf := supportedLanguages.Match(tags...)
	if conf == language.No || idx != 1 {
		return language.Dutch
	}
	return language.English
}

func isEnglish(lang language.Tag) bool { return lang == language.English }

func pick(lang language.Tag, nl, en string) string {
	if isEnglish(lang) {
		return en
	}
	return nl
}

var titles = map[string][2]string{
	bondgenoten.EINVALID:      {"Ongeldige invoer", "Invalid input"},
	bondgenoten.ENOTFOUND:     {"Niet gevonden", "Not found"},
	bondgenoten.ECONFLICT:     {"Conflict met bestaande gegevens", "Conflict with existing data"},
	bondgenoten.EUNAUTHORIZED: {"Niet aangemeld", "Not authenticated"},
	bondgenoten.EFORBIDDEN:    {"Geen toegang", "Forbidden"},
	bondgenoten.EUNAVAILABLE:  {"Tijdelijk niet beschikbaar", "Temporarily unavailable"},
	bondgenoten.EINTERNAL:     {"Interne fout", "Internal error"},
	codeMethodNotAllowed:      {"Methode niet toegestaan", "Method not allowed"},
	codeTooLarge:              {"Verzoek te groot", "Request too large"},
	codeUnsupportedMediaType:  {"Niet-ondersteund inhoudstype", "Unsupported media type"},
	codeTooManyRequests:       {"Te veel verzoeken", "Too many requests"},
}

var details = map[string][2]string{
	bondgenoten.EINVALID:     {"Controleer de gemarkeerde velden.", "Check the fields listed in errors."},
	bondgenoten.EINTERNAL:    {"Er ging iets mis aan onze kant. Vermeld het requestId als u contact opneemt.", "Something went wrong on our side. Quote the requestId when you contact us."},
	bondgenoten.EUNAVAILABLE: {"Probeer het over enkele ogenblikken opnieuw.", "Try again in a few moments."},
	codeTooLarge:             {"De inhoud van het verzoek is groter dan toegestaan.", "The request body is larger than allowed."},
	codeUnsupportedMediaType: {"Stuur de inhoud als application/json.", "Send the body as application/json."},
	codeTooManyRequests:      {"Wacht even en probeer het dan opnieuw (zie Retry-After).", "Wait a moment, then try again (see Retry-After)."},
}

func title(lang language.Tag, code string) string {
	t, ok := titles[code]
	if !ok {
		t = titles[bondgenoten.EINTERNAL]
	}
	return pick(lang, t[0], t[1])
}

func detail(lang language.Tag, code string) string {
	d, ok := details[code]
	if !ok {
		return ""
	}
	return pick(lang, d[0], d[1])
}

// fieldMessages: rule → Dutch and English message; %s takes the rule's parameter.
var fieldMessages = map[bondgenoten.Rule][2]string{
	// The rules that keep text and days storable (decodeJSON,
	// checkRequestText, bondgenoten.AnySpan and the spans by meaning).
	bondgenoten.RuleDateRange:  {"Kies een datum in de periode %s.", "Choose a date in the period %s."},
	meeting.RuleSeriesRange:    {"Elke bijeenkomst van de reeks moet in de periode %s vallen; kies minder bijeenkomsten, een korter interval of een eerdere start.", "Every meeting of the series must fall in the period %s; choose fewer meetings, a shorter interval or an earlier start."},
	ruleDateTime:               {"Ongeldig tijdstip; gebruik RFC 3339, bijvoorbeeld 2026-11-29T19:00:00+01:00.", "Invalid date and time; use RFC 3339, e.g. 2026-11-29T19:00:00+01:00."},
	ruleNUL:                    {"Bevat een NUL-teken (U+0000); dat is niet toegestaan.", "Contains a NUL character (U+0000), which is not allowed."},
	ruleUTF8:                   {"Bevat tekens die geen geldige tekst zijn (UTF-8).", "Contains characters that are not valid text (UTF-8)."},
	bondgenoten.RuleRequired:   {"Dit veld is verplicht.", "This field is required."},
	bondgenoten.RuleMin:        {"Minimaal %s tekens.", "At least %s characters."},
	bondgenoten.RuleMax:        {"Maximaal %s tekens.", "At most %s characters."},
	bondgenoten.RuleSlug:       {"Alleen kleine letters, cijfers en enkele koppeltekens, zonder koppelteken aan begin of eind.", "Only lowercase letters, digits and single hyphens, not at the start or end."},
	bondgenoten.RuleOneOf:      {"Kies een van: %s.", "Choose one of: %s."},
	bondgenoten.RuleUnique:     {"Deze waarde is al in gebruik.", "This value is already taken."},
	bondgenoten.RuleExists:     {"Deze organisatie bestaat niet.", "This organisation does not exist."},
	bondgenoten.RuleKind:       {"Moet een organisatie zijn van soort: %s.", "Must be an organisation of kind: %s."},
	tenant.RuleOversightExists: {"Er is al een lopende toezichtrelatie tussen dit bureau en deze organisatie.", "An open-ended oversight relation between this bureau and this organisation already exists."},
	bondgenoten.RuleGTEField:   {"Moet op of na %s liggen.", "Must be on or after %s."},
	bondgenoten.RuleCursor:     {"Ongeldige cursor; gebruik de waarde van next.", "Invalid cursor; use the value of next."},
	bondgenoten.RuleBetween:    {"Moet liggen tussen %s.", "Must be between %s."},
	bondgenoten.RuleUnknown:    {"Onbekend veld.", "Unknown field."},
	bondgenoten.RuleType:       {"Verkeerd type: verwacht %s.", "Wrong type: expected %s."},
	bondgenoten.RuleDate:       {"Ongeldige datum; gebruik JJJJ-MM-DD.", "Invalid date; use YYYY-MM-DD."},
	bondgenoten.RuleUUID:       {"Ongeldige identificatie (UUID).", "Invalid identifier (UUID)."},
	bondgenoten.RuleJSON:       {"De inhoud is geen geldige JSON.", "The body is not valid JSON."},
	bondgenoten.RuleObject:     {"De inhoud moet een JSON-object zijn.", "The body must be a JSON object."},
	identity.RuleDomain:        {"Geen geldig domein: %s.", "Not a valid domain: %s."},
	identity.RuleDomainTaken:   {"Het domein %s hoort al bij een andere organisatie.", "The domain %s already belongs to another organisation."},
	identity.RuleIssuer:        {"Gebruik de https-URL van de identity provider (http alleen op deze machine).", "Use the identity provider's https URL (http only on this machine)."},
	identity.RuleOpenIDScope:   {"De scopes moeten openid bevatten.", "The scopes must include openid."},
	identity.RuleScope:         {"Een scope bestaat uit letters, cijfers en _ . : / -.", "A scope consists of letters, digits and _ . : / -."},
	identity.RuleRole:          {"Kies rollen uit: %s.", "Choose roles from: %s."},
	identity.RuleNoKey:         {"Er is geen sleutel ingesteld om geheimen te versleutelen (BONDGENOTEN_SECRET_KEY).", "No key is configured to seal secrets (BONDGENOTEN_SECRET_KEY)."},
	bondgenoten.RuleEmail:      {"Geen geldig e-mailadres.", "Not a valid email address."},
	identity.RuleReturnTo:      {"Alleen een pad binnen deze site is toegestaan.", "Only a path within this site is allowed."},
	network.RuleCreatorPartner: {"Uw eigen organisatie moet partner zijn in het netwerk.", "Your own organisation must be a partner in the network."},
	network.RuleLastPartner:    {"De laatste partner van deze kant kan niet vertrekken: een netwerk heeft altijd een gemeente en een politie-eenheid.", "The last partner of this side cannot leave: a network always has a municipality and a police unit."},
	ally.RulePhone:             {"Geen geldig telefoonnummer.", "Not a valid phone number."},
	ally.RuleConsentRequired:   {"Leg eerst de toestemming vast (datum).", "Record the consent first (date)."},
	ally.RuleCap:               {"Dit netwerk heeft al het maximum van %s actieve bondgenoten.", "This network already has its maximum of %s active allies."},
	identity.RuleNotSelf:       {"U kunt uw eigen account niet deactiveren.", "You cannot deactivate your own account."},
	identity.RuleNotOwnRoles:   {"Uw eigen rollen wijzigt een andere beheerder.", "Another administrator changes your own roles."},
	bondgenoten.RuleBoolean:    {"Gebruik true of false.", "Use true or false."},

	// Meetings.
	signal.RuleNotFuture:            {"Dit tijdstip ligt meer dan een dag in de toekomst; een signaal gaat over wat al is waargenomen.", "This moment is more than a day from now; a signal is about what has been noticed."},
	signal.RuleSourceAlly:           {"Kies een bondgenoot van dit netwerk als bron.", "Choose an ally of this network as the source."},
	signal.RuleTheme:                {"Kies een thema van dit netwerk dat niet is gearchiveerd.", "Choose a theme of this network that is not archived."},
	signal.RuleNetworkMeeting:       {"Kies een bijeenkomst van dit netwerk.", "Choose a meeting of this network."},
	signal.RuleNetworkAction:        {"Kies acties van dit netwerk.", "Choose actions of this network."},
	signal.RulePoliceOnly:           {"Alleen medewerkers van een politie-eenheid in dit netwerk schrijven een politienotitie.", "Only staff of a police unit in this network write a police note."},
	signal.RuleNationalTheme:        {"Thema's van de landelijke lijst kunnen niet worden gearchiveerd.", "Themes of the national list cannot be archived."},
	signal.RulePeriod:               {"Een sfeerbeeld beslaat hoogstens %s dagen.", "A mood picture covers at most %s days."},
	signal.RuleAlreadyShared:        {"Dit is al gedeeld met de crisisorganisatie.", "This has already been shared with the crisis organisation."},
	meeting.RuleActiveAlly:          {"Kies een actieve bondgenoot van dit netwerk; een externe voorzitter is niet toegestaan.", "Choose an active ally of this network; an external chair is not allowed."},
	meeting.RuleNextMeetingRequired: {"Plan eerst de volgende bijeenkomst, of leg vast waarom er geen volgende komt.", "Plan the next meeting first, or record why there will be none."},
	meeting.RuleNotStarted:          {"Deze bijeenkomst is nog niet begonnen.", "This meeting has not started yet."},
	meeting.RuleMeetingHeld:         {"Deze bijeenkomst is al gehouden en afgesloten.", "This meeting has already been held and closed."},
	meeting.RuleMeetingCancelled:    {"Deze bijeenkomst is geannuleerd.", "This meeting was cancelled."},
	meeting.RuleNetworkAlly:         {"Kies alleen (actieve) bondgenoten van dit netwerk.", "Choose only (active) allies of this network."},

	// Relationship owners.
	ally.RuleOwnerNotInPartner: {"Kies een coördinator of medewerker van partner %s.", "Choose a coordinator or staff member of partner %s."},
	ally.RuleOnePerPartner:     {"Per partnerorganisatie één relatiebeheerder (%s staat er dubbel in).", "One relationship owner per partner organisation (%s appears twice)."},

	// Import.
	sheet.RuleFormat:                  {"Dit bestand kan niet worden gelezen; gebruik CSV (UTF-8) of XLSX.", "This file cannot be read; use CSV (UTF-8) or XLSX."},
	ally.RuleHeaderUnknown:            {"Onbekende kolom: %s.", "Unknown column: %s."},
	ally.RuleHeaderMissing:            {"De kolom %s ontbreekt.", "The column %s is missing."},
	sheet.RuleMaxRows:                 {"Te veel rijen: maximaal %s.", "Too many rows: at most %s."},
	identity.RuleProposalChanged:      {"Er is intussen een nieuwer voorstel; bekijk dat eerst.", "A newer proposal has been made since; review it first."},
	tenant.RuleTermsChanged:           {"Het bureau heeft het verzoek gewijzigd sinds u het las; bekijk het opnieuw.", "The bureau changed the request since you read it; review it again."},
	tenant.RuleOversightAcceptedTerms: {"De organisatie heeft deze periode geaccepteerd: u kunt hem alleen inkorten. Vraag voor een langere periode opnieuw.", "The organisation accepted this period: you can only shorten it. Ask again for a longer one."},
	sheet.RuleMaxColumns:              {"Te veel kolommen: maximaal %s.", "Too many columns: at most %s."},
	sheet.RuleMaxCell:                 {"Een cel is te lang: maximaal %s tekens.", "A cell is too long: at most %s characters."},
	ally.RuleEmpty:                    {"Het bestand bevat geen rijen.", "The file holds no rows."},
	ally.RuleDuplicate:                {"Dit e-mailadres staat meer dan eens in het bestand.", "This email address appears more than once in the file."},
	ally.RuleEmailExists:              {"Er is al een bondgenoot met dit e-mailadres in het netwerk.", "An ally with this email address is already in the network."},
	ally.RuleFile:                     {"Kies een bestand.", "Choose a file."},
	sheet.RuleMaxSize:                 {"Het bestand is te groot: maximaal %s.", "The file is too large: at most %s."},
	ally.RuleHeaderDuplicate:          {"De kolom %s staat er meer dan eens in.", "The column %s appears more than once."},
	ally.RuleUnnamedColumn:            {"Kolom %s heeft een waarde maar geen kopnaam.", "Column %s has a value but no header."},

	// Crisis mode.
	crisis.RuleCrisisActive:     {"Dit netwerk heeft al een actieve crisis; sluit die eerst af.", "This network already has an active crisis; close it first."},
	crisis.RuleNoActiveCrisis:   {"Dit netwerk heeft geen actieve crisis.", "This network has no active crisis."},
	crisis.RuleCrisisEnded:      {"Deze crisis is afgesloten.", "This crisis has been closed."},
	crisis.RulePollAlly:         {"Deze bondgenoot is niet gevraagd in deze peiling.", "This ally was not asked in this poll."},
	crisis.RuleQuestionOnly:     {"Alleen een vraag uit de achterban krijgt een antwoord.", "Only a question from the constituency gets an answer."},
	crisis.RuleAftercareMeeting: {"Kies een geplande bijeenkomst van dit netwerk die nog moet beginnen.", "Choose a planned meeting of this network that has yet to start."},
	crisis.RuleEmergencyMeeting: {"Kies een spoedbijeenkomst van dit netwerk.", "Choose an emergency meeting of this network."},
	crisis.RuleCrisisTheme:      {"Kies thema's die dit netwerk kent.", "Choose themes this network knows."},
	crisis.RuleCrisisNotFuture:  {"Dit tijdstip ligt meer dan een dag in de toekomst.", "This moment is more than a day from now."},
	crisis.RulePhaseUnchanged:   {"De crisis is al in deze fase.", "The crisis is already in this phase."},

	evaluation.RuleEvaluationOpen:      {"Dit netwerk heeft al een open evaluatie; rond die eerst af.", "This network already has an open evaluation; complete it first."},
	evaluation.RuleEvaluationCompleted: {"Deze evaluatie is afgerond.", "This evaluation has been completed."},
	evaluation.RuleDecisionRequired:    {"Kies voor deze bondgenoot: blijft, pauzeert of wordt vervangen.", "Choose for this ally: keep, pause or replace."},
	evaluation.RuleReplaceReason:       {"Schrijf op waarom deze bondgenoot wordt vervangen.", "Write down why this ally is replaced."},
	evaluation.RuleAnswerRequired:      {"Beantwoord deze vraag met ja of nee.", "Answer this question with yes or no."},
	introduction.RuleAllyOfNetwork:     {"Kies een actieve bondgenoot van dit netwerk.", "Choose an active ally of this network."},
	introduction.RuleNotFuture:         {"Deze datum ligt in de toekomst; vul de dag van het contact in.", "This date is in the future; enter the day of the contact."},
	introduction.RuleBeforeProgramme:   {"Deze datum ligt vóór de start van de introductie.", "This date is before the introduction started."},
	introduction.RuleStepDone:          {"Deze stap is al afgerond.", "This step is done already."},
	introduction.RuleClosed:            {"Deze introductie is afgesloten.", "This introduction is closed."},
	introduction.RuleIntroducer:        {"Kies een actieve collega van een van de partners van dit netwerk.", "Choose an active colleague of one of this network's partners."},
	introduction.RuleStep:              {"Deze stap vinkt u niet zelf af: de bijeenkomst telt mee zodra u op de presentielijst staat.", "You do not tick this step yourself: the meeting counts once you are on its attendance list."},
	introduction.RuleNotOwnProgramme:   {"U kunt alleen met uw eigen introductie werken, of als coördinator van de organisatie van deze collega.", "You can only work on your own introduction, or as a coordinator of this colleague's organisation."},
	introduction.RuleWaiveOwn:          {"Uw eigen introductie kunt u niet laten vervallen; vraag een andere coördinator.", "You cannot waive your own introduction; ask another coordinator."},
	evaluation.RuleEvaluationMeeting:   {"Verbeterpunten worden acties van een bijeenkomst: plan eerst een bijeenkomst van dit netwerk of kies er een.", "Improvement points become actions of a meeting: plan a meeting of this network first or choose one."},
}

func fieldMessage(lang language.Tag, v bondgenoten.FieldViolation) string {
	m, ok := fieldMessages[v.Rule]
	if !ok {
		return pick(lang, "Ongeldige waarde.", "Invalid value.")
	}
	msg := pick(lang, m[0], m[1])
	if strings.Contains(msg, "%s") {
		param := v.Param
		if v.Rule == bondgenoten.RuleOneOf || v.Rule == bondgenoten.RuleKind || v.Rule == identity.RuleRole {
			param = strings.Join(strings.Fields(param), ", ")
		}
		msg = fmt.Sprintf(msg, param)
	}
	return msg
}
