package mailbox

import (
	"html/template"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"
)

// Handler serves the mailbox under prefix (e.g. "/dev-mail/"): a list of
// the received emails, each email as text and as HTML, and its
// attachments. Demo mode only: the caller mounts it with --demo and
// nowhere else.
func (b *Mailbox) Handler(prefix string) http.Handler {
	return http.StripPrefix(strings.TrimSuffix(prefix, "/"), http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
		if len(parts) == 1 && parts[0] == "" {
			b.list(w, prefix)
			return
		}
		id, err := strconv.Atoi(parts[0])
		if err != nil {
			http.NotFound(w, r)
			return
		}
		m, ok := b.Message(id)
		if !ok {
			http.NotFound(w, r)
			return
		}
		switch {
		case len(parts) == 1:
			b.show(w, prefix, m)
		case len(parts) == 2 && parts[1] == "html" && m.HTML != "":
			// The email's own HTML, alone and without scripts.
			// Shown in a frame of the message page (this origin only).
			w.Header().Del("X-Frame-Options")
			w.Header().Set("Content-Security-Policy", "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'")
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			_, _ = w.Write([]byte(m.HTML))
		case len(parts) == 3 && parts[1] == "attachments":
			data, ok := m.Attachments[parts[2]]
			if !ok {
				http.NotFound(w, r)
				return
			}
			ct := mime.TypeByExtension(path.Ext(parts[2]))
			if ct == "" {
				ct = "application/octet-stream"
			}
			w.Header().Set("Content-Type", ct)
			w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": parts[2]}))
			_, _ = w.Write(data)
		case len(parts) == 2 && parts[1] == "raw":
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			_, _ = w.Write(m.Raw)
		default:
			http.NotFound(w, r)
		}
	}))
}

var amsterdam = func() *time.Location {
	if l, err := time.LoadLocation("Europe/Amsterdam"); err == nil {
		return l
	}
	return time.UTC
}()

var pages = template.Must(template.New("").Funcs(template.FuncMap{
	"when": func(t time.Time) string { return t.In(amsterdam).Format("02-01-2006 15:04:05") },
	"join": func(s []string) string { return strings.Join(s, ", ") },
}).Parse(`
{{define "head"}}<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}} — Demopostvak Bondgenoten</title>
<style>
body{font-family:system-ui,sans-serif;margin:0;padding:1rem;color:#1a1a1a;background:#fff;line-height:1.5;max-width:60rem}
a{color:#0b4f9c}a:focus{outline:3px solid #1a1a1a;outline-offset:2px}
.note{background:#fff4ce;border-left:4px solid #8a6d00;padding:.5rem 1rem}
ol{padding:0;list-style:none}li{border-bottom:1px solid #ccc;padding:.5rem 0;overflow-wrap:anywhere}
.meta{color:#4a4a4a;font-size:.9rem}
pre{white-space:pre-wrap;overflow-wrap:anywhere;background:#f3f3f3;padding:1rem}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}dd{margin:0;overflow-wrap:anywhere}
iframe{width:100%;min-height:24rem;border:1px solid #ccc}
</style></head><body><main>{{end}}
{{define "list"}}{{template "head" .}}
<h1>Demopostvak</h1>
<p class="note">Alleen in de demo: elke e-mail die Bondgenoten verstuurt, komt hier binnen in plaats van bij de ontvanger. <span lang="en">Demo only: every email the product sends arrives here.</span></p>
<p><a href="/">Terug naar Bondgenoten</a></p>
{{if .Messages}}<h2>{{len .Messages}} {{if eq (len .Messages) 1}}e-mail{{else}}e-mails{{end}}, nieuwste eerst</h2>
<ol>{{range .Messages}}<li><a href="{{$.Prefix}}{{.ID}}">{{if .Subject}}{{.Subject}}{{else}}(geen onderwerp){{end}}</a>
<div class="meta">aan {{join .To}} · {{when .ReceivedAt}}</div></li>{{end}}</ol>
{{else}}<p>Nog geen e-mail ontvangen.</p>{{end}}
</main></body></html>{{end}}
{{define "show"}}{{template "head" .}}
<p><a href="{{.Prefix}}">Alle e-mails</a></p>
<h1>{{if .M.Subject}}{{.M.Subject}}{{else}}(geen onderwerp){{end}}</h1>
<dl><dt>Van</dt><dd>{{.M.From}}</dd><dt>Aan</dt><dd>{{join .M.To}}</dd><dt>Ontvangen</dt><dd>{{when .M.ReceivedAt}}</dd>
<dt>Message-ID</dt><dd>{{.M.MessageID}}</dd></dl>
<h2>Tekst</h2><pre>{{.M.Text}}</pre>
{{if .M.HTML}}<h2>Opgemaakt</h2><iframe title="Opgemaakte versie van deze e-mail" sandbox src="{{.Prefix}}{{.M.ID}}/html"></iframe>{{end}}
{{if .M.Attachments}}<h2>Bijlagen</h2><ul>{{range $name, $_ := .M.Attachments}}<li><a href="{{$.Prefix}}{{$.M.ID}}/attachments/{{$name}}">{{$name}}</a></li>{{end}}</ul>{{end}}
<p><a href="{{.Prefix}}{{.M.ID}}/raw">Broncode van de e-mail</a></p>
</main></body></html>{{end}}
`))

func (b *Mailbox) list(w http.ResponseWriter, prefix string) {
	msgs := b.Messages()
	for i, j := 0, len(msgs)-1; i < j; i, j = i+1, j-1 {
		msgs[i], msgs[j] = msgs[j], msgs[i]
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_ = pages.ExecuteTemplate(w, "list", map[string]any{"Title": "Alle e-mails", "Prefix": prefix, "Messages": msgs})
}

func (b *Mailbox) show(w http.ResponseWriter, prefix string, m Message) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_ = pages.ExecuteTemplate(w, "show", map[string]any{"Title": m.Subject, "Prefix": prefix, "M": m})
}
