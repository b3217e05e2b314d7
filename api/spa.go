package api

import (
	"errors"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"
)

// spa serves the built web app: files as they are, index.html for every
// other path so the client-side router can take it (SPA fallback). The
// build writes compressed copies beside the text files (name.br, name.gz;
// frontend/vite.config.ts): a browser that accepts one gets it, with the
// original's type, so nothing is compressed per request.
type spa struct {
	files fs.FS
	index map[string][]byte // index.html per content coding; "" is the plain file
}

// codings are the precompressed forms, in the order preferred at equal
// quality: brotli is about a sixth smaller than gzip on our bundles.
type contentCoding struct{ name, suffix string }

var codings = []contentCoding{{"br", ".br"}, {"gzip", ".gz"}}

func newSPA(files fs.FS) *spa {
	s := &spa{files: files, index: map[string][]byte{}}
	if files != nil {
		if b, err := fs.ReadFile(files, "index.html"); err == nil {
			s.index[""] = b
			for _, c := range codings {
				if z, err := fs.ReadFile(files, "index.html"+c.suffix); err == nil {
					s.index[c.name] = z
				}
			}
		}
	}
	return s
}

// acceptedCodings reads Accept-Encoding (RFC 9110 §12.5.3): the codings
// with a quality above zero, "*" standing for any not named.
func acceptedCodings(header string) map[string]float64 {
	out := map[string]float64{}
	for _, part := range strings.Split(header, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		name = strings.ToLower(strings.TrimSpace(name))
		if name == "" {
			continue
		}
		q := 1.0
		for _, p := range strings.Split(params, ";") {
			k, v, ok := strings.Cut(strings.TrimSpace(p), "=")
			if ok && strings.EqualFold(strings.TrimSpace(k), "q") {
				if f, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil {
					q = f
				} else {
					q = 0
				}
			}
		}
		out[name] = q
	}
	return out
}

// coding picks the precompressed form to send, "" for the plain file:
// the accepted one of highest quality among those that exist.
func coding(header string, exists func(contentCoding) bool) contentCoding {
	accepted := acceptedCodings(header)
	var best contentCoding
	bestQ := 0.0
	for _, c := range codings {
		q, named := accepted[c.name]
		if !named {
			q = accepted["*"]
		}
		if q > bestQ && exists(c) {
			best, bestQ = c, q
		}
	}
	return best
}

const notBuilt = `<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Bondgenoten</title></head>
<body><main><h1>Bondgenoten</h1><p>De webapplicatie is niet meegebouwd. Bouw haar met <code>go tool task build</code>.</p>
<p lang="en">The web app was not built into this binary. Build it with <code>go tool task build</code>.</p></main></body></html>`

func (s *spa) serve(c echo.Context) error {
	name := strings.TrimPrefix(path.Clean(c.Request().URL.Path), "/")
	if name != "" && name != "index.html" && s.files != nil {
		if f, err := s.files.Open(name); err == nil {
			stat, serr := f.Stat()
			_ = f.Close()
			if serr == nil && !stat.IsDir() {
				h := c.Response().Header()
				if name == "assets" || strings.HasPrefix(name, "assets/") {
					// Vite puts a content hash in every file name under assets/.
					h.Set(echo.HeaderCacheControl, "public, max-age=31536000, immutable")
				} else {
					h.Set(echo.HeaderCacheControl, "public, max-age=3600")
				}
				s.serveFile(c, name)
				return nil
			}
		} else if !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		if name == "assets" || strings.HasPrefix(name, "assets/") {
			return echo.ErrNotFound // a missing asset must not turn into HTML
		}
	}
	h := c.Response().Header()
	h.Set(echo.HeaderCacheControl, "no-cache")
	if s.index[""] == nil {
		return c.HTML(http.StatusOK, notBuilt)
	}
	h.Add(echo.HeaderVary, echo.HeaderAcceptEncoding)
	enc := coding(c.Request().Header.Get(echo.HeaderAcceptEncoding), func(cc contentCoding) bool { return s.index[cc.name] != nil })
	if enc.name != "" {
		h.Set(echo.HeaderContentEncoding, enc.name)
	}
	return c.HTMLBlob(http.StatusOK, s.index[enc.name])
}

// serveFile sends name, or its precompressed form when the browser takes
// one; both vary by Accept-Encoding when a compressed form exists.
func (s *spa) serveFile(c echo.Context, name string) {
	exists := func(cc contentCoding) bool {
		st, err := fs.Stat(s.files, name+cc.suffix)
		return err == nil && !st.IsDir()
	}
	h := c.Response().Header()
	if slices.ContainsFunc(codings, exists) {
		h.Add(echo.HeaderVary, echo.HeaderAcceptEncoding)
	}
	enc := coding(c.Request().Header.Get(echo.HeaderAcceptEncoding), exists)
	if enc.name == "" {
		http.ServeFileFS(c.Response(), c.Request(), s.files, name)
		return
	}
	if t := mime.TypeByExtension(path.Ext(name)); t != "" {
		h.Set(echo.HeaderContentType, t)
	}
	h.Set(echo.HeaderContentEncoding, enc.name)
	http.ServeFileFS(c.Response(), c.Request(), s.files, name+enc.suffix)
}
