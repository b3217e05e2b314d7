package api

import (
	"errors"
	"io/fs"
	"net/http"
	"path"
	"strings"

	"github.com/labstack/echo/v4"
)

// spa serves the built web app: files as they are, index.html for every
// other path so the client-side router can take it (SPA fallback).
type spa struct {
	files fs.FS
	index []byte
}

func newSPA(files fs.FS) *spa {
	s := &spa{files: files}
	if files != nil {
		s.index, _ = fs.ReadFile(files, "index.html")
	}
	return s
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
				http.ServeFileFS(c.Response(), c.Request(), s.files, name)
				return nil
			}
		} else if !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		if name == "assets" || strings.HasPrefix(name, "assets/") {
			return echo.ErrNotFound // a missing asset must not turn into HTML
		}
	}
	c.Response().Header().Set(echo.HeaderCacheControl, "no-cache")
	if s.index == nil {
		return c.HTML(http.StatusOK, notBuilt)
	}
	return c.HTMLBlob(http.StatusOK, s.index)
}
