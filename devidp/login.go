package devidp

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"html/template"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"
)

// texts are the user-facing strings of the pages, Dutch first.
type texts struct {
	Lang, OtherLang, OtherLangName      string
	Title, Brand, Heading, Intro        string
	ClientLabel, SignInAs, OtherAccount string
	NoUsers, UnknownHint, Cancel        string
	CancelHint, ExpiredTitle, Expired   string
	LoggedOutTitle, LoggedOutHeading    string
	LoggedOut, LanguageNav              string
}

var pageTexts = map[string]texts{
	"nl": {
		Lang: "nl", OtherLang: "en", OtherLangName: "English",
		Title:   "Demo-inlogpagina — Bondgenoten",
		Brand:   "Bondgenoten · demo-identiteitsprovider",
		Heading: "Demo-inlogpagina",
		Intro: "Dit is een fictieve identiteitsprovider, alleen voor de demo en de tests van Bondgenoten. " +
			"Er zijn geen wachtwoorden: kies hieronder een demo-account om mee in te loggen. " +
			"Alle personen, e-mailadressen en organisaties op deze pagina zijn verzonnen.",
		ClientLabel:      "Je logt in bij de applicatie",
		SignInAs:         "Inloggen als",
		OtherAccount:     "Overige accounts",
		NoUsers:          "Er zijn nog geen demo-accounts.",
		UnknownHint:      "Het account uit de inlogaanvraag is onbekend bij deze demo-inlogpagina:",
		Cancel:           "Annuleren",
		CancelHint:       "Terug naar de applicatie zonder in te loggen.",
		ExpiredTitle:     "Inlogpoging onbekend — demo-identiteitsprovider",
		Expired:          "Deze inlogpoging is onbekend, verlopen of al afgerond. Ga terug naar de applicatie en probeer het opnieuw.",
		LoggedOutTitle:   "Uitgelogd — demo-identiteitsprovider",
		LoggedOutHeading: "Uitgelogd",
		LoggedOut:        "Je bent uitgelogd bij de demo-identiteitsprovider van Bondgenoten. Je kunt dit venster sluiten of teruggaan naar de applicatie.",
		LanguageNav:      "Taal",
	},
	"en": {
		Lang: "en", OtherLang: "nl", OtherLangName: "Nederlands",
		Title:   "Demo sign-in page — Bondgenoten",
		Brand:   "Bondgenoten · demo identity provider",
		Heading: "Demo sign-in page",
		Intro: "This is a fictional identity provider, only for the demo and the tests of Bondgenoten. " +
			"There are no passwords: choose a demo account below to sign in with. " +
			"All people, email addresses and organisations on this page are made up.",
		ClientLabel:      "You are signing in to the application",
		SignInAs:         "Sign in as",
		OtherAccount:     "Other accounts",
		NoUsers:          "There are no demo accounts yet.",
		UnknownHint:      "The account in the sign-in request is unknown to this demo sign-in page:",
		Cancel:           "Cancel",
		CancelHint:       "Back to the application without signing in.",
		ExpiredTitle:     "Unknown sign-in attempt — demo identity provider",
		Expired:          "This sign-in attempt is unknown, has expired or was already completed. Go back to the application and try again.",
		LoggedOutTitle:   "Signed out — demo identity provider",
		LoggedOutHeading: "Signed out",
		LoggedOut:        "You have signed out of the Bondgenoten demo identity provider. You can close this window or go back to the application.",
		LanguageNav:      "Language",
	},
}

// pageCSS is inlined and allowed by its hash in the Content-Security-Policy.
// Colours meet WCAG AA contrast on white (#1b1b1b 17:1, #4b4b4b 8.6:1, #0b4f9c 8:1).
const pageCSS = `*{box-sizing:border-box}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;font-size:1rem;line-height:1.5;color:#1b1b1b;background:#fff}
header{display:flex;flex-wrap:wrap;justify-content:space-between;align-items:center;gap:.5rem 1rem;padding:.75rem 1.5rem;border-bottom:4px solid #0b4f9c;background:#f3f6fa}
header p{margin:0;font-weight:600}
a{color:#0b4f9c}
main{max-width:48rem;margin:0 auto;padding:1.5rem}
h1{font-size:1.75rem;margin:0 0 .75rem}
h2{font-size:1.25rem;margin:1.5rem 0 .5rem}
.notice{border-left:6px solid #8a5a00;background:#fff6e0;padding:.75rem 1rem;margin:1rem 0}
.client code{font-size:1rem}
ul{list-style:none;margin:0;padding:0;display:grid;gap:.5rem}
button{display:block;width:100%;min-height:44px;text-align:left;font:inherit;color:#1b1b1b;background:#fff;border:2px solid #0b4f9c;border-radius:6px;padding:.5rem .75rem;cursor:pointer}
button:hover{background:#e6eef8}
button:focus-visible,a:focus-visible{outline:3px solid #1b1b1b;outline-offset:2px}
.name{display:block;font-weight:600}
.email{display:block;color:#4b4b4b}
.cancel{margin-top:2rem}
.cancel button{display:inline-block;width:auto;border-color:#4b4b4b}
.visually-hidden{position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
`

var pageCSP = func() string {
	sum := sha256.Sum256([]byte(pageCSS))
	return "default-src 'none'; style-src 'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) +
		"'; base-uri 'none'; frame-ancestors 'none'"
}()

var pageTmpl = template.Must(template.New("page").Parse(`<!DOCTYPE html>
<html lang="{{.T.Lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>{{.Title}}</title>
<style>{{.CSS}}</style>
</head>
<body>
<header>
<p>{{.T.Brand}}</p>
{{- if .SwitchURL}}
<nav aria-label="{{.T.LanguageNav}}"><a href="{{.SwitchURL}}" lang="{{.T.OtherLang}}" hreflang="{{.T.OtherLang}}">{{.T.OtherLangName}}</a></nav>
{{- end}}
</header>
<main>
{{- if eq .Kind "login"}}
<h1>{{.T.Heading}}</h1>
<p>{{.T.Intro}}</p>
{{- if .ClientID}}
<p class="client">{{.T.ClientLabel}} <code>{{.ClientID}}</code>.</p>
{{- end}}
{{- if .UnknownHint}}
<div class="notice" role="status"><p>{{.T.UnknownHint}} <strong>{{.UnknownHint}}</strong></p></div>
{{- end}}
{{- if .Groups}}
<form method="post" action="{{.Action}}">
<input type="hidden" name="authRequestID" value="{{.AuthRequestID}}">
{{- range $i, $g := .Groups}}
<section aria-labelledby="tenant-{{$i}}">
<h2 id="tenant-{{$i}}">{{$g.Title}}</h2>
<ul>
{{- range $g.Users}}
<li><button type="submit" name="user" value="{{.Subject}}"><span class="visually-hidden">{{$.T.SignInAs}} </span><span class="name">{{.Name}}</span> <span class="email">{{.Email}}</span></button></li>
{{- end}}
</ul>
</section>
{{- end}}
</form>
{{- else}}
<p>{{.T.NoUsers}}</p>
{{- end}}
<form class="cancel" method="post" action="{{.Action}}">
<input type="hidden" name="authRequestID" value="{{.AuthRequestID}}">
<p>{{.T.CancelHint}}</p>
<button type="submit" name="cancel" value="1">{{.T.Cancel}}</button>
</form>
{{- else if eq .Kind "expired"}}
<h1>{{.T.Heading}}</h1>
<p>{{.T.Expired}}</p>
{{- else}}
<h1>{{.T.LoggedOutHeading}}</h1>
<p>{{.T.LoggedOut}}</p>
{{- end}}
</main>
</body>
</html>
`))

type userGroup struct {
	Title string
	Users []User
}

type pageData struct {
	Kind          string // login, expired, logged-out
	T             texts
	Title         string
	CSS           template.CSS
	SwitchURL     string
	Action        string
	AuthRequestID string
	ClientID      string
	UnknownHint   string
	Groups        []userGroup
}

// pickLang returns "nl" or "en": the lang query parameter, then the request's
// ui_locales, then Dutch.
func pickLang(query string, uiLocales []string) string {
	if _, ok := pageTexts[query]; ok {
		return query
	}
	for _, l := range uiLocales {
		base, _, _ := strings.Cut(strings.ToLower(l), "-")
		if _, ok := pageTexts[base]; ok {
			return base
		}
	}
	return "nl"
}

func writePage(w http.ResponseWriter, status int, d pageData) {
	d.CSS = template.CSS(pageCSS)
	var buf bytes.Buffer
	if err := pageTmpl.Execute(&buf, d); err != nil {
		slog.Error("devidp: render page", slog.Any("error", err))
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Security-Policy", pageCSP)
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "DENY")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// groupUsers groups users by tenant slug, in the order the tenants first appear.
func groupUsers(users []User, other string) []userGroup {
	var groups []userGroup
	index := map[string]int{}
	for _, u := range users {
		i, ok := index[u.TenantSlug]
		if !ok {
			title := u.TenantSlug
			if title == "" {
				title = other
			}
			i = len(groups)
			index[u.TenantSlug] = i
			groups = append(groups, userGroup{Title: title})
		}
		groups[i].Users = append(groups[i].Users, u)
	}
	// Accounts without a tenant go last.
	if i, ok := index[""]; ok && i != len(groups)-1 {
		g := groups[i]
		groups = append(slices.Delete(groups, i, i+1), g)
	}
	return groups
}

func (p *Provider) serveLogin(w http.ResponseWriter, r *http.Request) {
	switch r.Method {
	case http.MethodGet, http.MethodHead:
		p.showLogin(w, r)
	case http.MethodPost:
		p.csrf.Handler(http.HandlerFunc(p.chooseLogin)).ServeHTTP(w, r)
	default:
		w.Header().Set("Allow", "GET, HEAD, POST")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
	}
}

func (p *Provider) expired(w http.ResponseWriter, lang string) {
	t := pageTexts[lang]
	writePage(w, http.StatusBadRequest, pageData{Kind: "expired", T: t, Title: t.ExpiredTitle})
}

// showLogin shows the user list, or logs in straight away when login_hint names a
// known user (unless the client asked prompt=select_account).
func (p *Provider) showLogin(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	id := q.Get("authRequestID")
	req, err := p.store.authRequest(id)
	if err != nil || req.done {
		p.expired(w, pickLang(q.Get("lang"), nil))
		return
	}
	selectAccount := slices.Contains(req.prompt, oidc.PromptSelectAccount)
	if req.loginHint != "" && !selectAccount {
		if u, ok := p.store.userByEmail(req.loginHint); ok {
			if err := p.store.completeLogin(id, u.Subject); err != nil {
				p.expired(w, pickLang(q.Get("lang"), req.uiLocales))
				return
			}
			http.Redirect(w, r, p.callbackURL(id), http.StatusFound)
			return
		}
	}
	if slices.Contains(req.prompt, oidc.PromptNone) {
		// No session here and no usable login_hint: the user would have to interact.
		_ = p.store.DeleteAuthRequest(r.Context(), id)
		op.AuthRequestError(w, r, req, oidc.ErrLoginRequired().WithDescription("no known login_hint given"), p.op)
		return
	}

	lang := pickLang(q.Get("lang"), req.uiLocales)
	t := pageTexts[lang]
	d := pageData{
		Kind:          "login",
		T:             t,
		Title:         t.Title,
		Action:        p.base + LoginPath + "?lang=" + lang,
		AuthRequestID: id,
		ClientID:      req.clientID,
		Groups:        groupUsers(p.store.allUsers(), t.OtherAccount),
		SwitchURL:     p.base + LoginPath + "?" + url.Values{"authRequestID": {id}, "lang": {t.OtherLang}}.Encode(),
	}
	if req.loginHint != "" {
		if _, ok := p.store.userByEmail(req.loginHint); !ok {
			d.UnknownHint = req.loginHint
		}
	}
	writePage(w, http.StatusOK, d)
}

// chooseLogin takes the POSTed choice (or the cancellation) and continues the flow at
// op's authorize callback.
func (p *Provider) chooseLogin(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	if err := r.ParseForm(); err != nil {
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	id := r.PostForm.Get("authRequestID")
	req, err := p.store.authRequest(id)
	if err != nil || req.done {
		p.expired(w, pickLang(r.URL.Query().Get("lang"), nil))
		return
	}
	if r.PostForm.Get("cancel") != "" {
		_ = p.store.DeleteAuthRequest(r.Context(), id)
		op.AuthRequestError(w, r, req, oidc.ErrAccessDenied().WithDescription("the user cancelled the login"), p.op)
		return
	}
	if err := p.store.completeLogin(id, r.PostForm.Get("user")); err != nil {
		p.expired(w, pickLang("", req.uiLocales))
		return
	}
	http.Redirect(w, r, p.callbackURL(id), http.StatusSeeOther)
}

func (p *Provider) serveLoggedOut(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	lang := pickLang(r.URL.Query().Get("lang"), nil)
	t := pageTexts[lang]
	writePage(w, http.StatusOK, pageData{
		Kind:      "logged-out",
		T:         t,
		Title:     t.LoggedOutTitle,
		SwitchURL: p.base + LoggedOutPath + "?lang=" + t.OtherLang,
	})
}
