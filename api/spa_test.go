package api

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/bondgenoten/bondgenoten/store"
	"github.com/bondgenoten/bondgenoten/store/storetest"
)

func gzipped(t *testing.T, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	_, _ = w.Write(b)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// The build's compressed copies are sent to browsers that accept them, with
// the original's type and Vary; others get the file as it is.
func TestWebAppSendsPrecompressedFiles(t *testing.T) {
	js := []byte(strings.Repeat("console.log('bondgenoten');\n", 100))
	index := []byte("<!doctype html><title>Bondgenoten</title>" + strings.Repeat("<!-- -->", 200))
	brotli := []byte("not really brotli, but the build's .br file as it is")
	files := fstest.MapFS{
		"index.html":                {Data: index},
		"index.html.gz":             {Data: gzipped(t, index)},
		"assets/index-abc123.js":    {Data: js},
		"assets/index-abc123.js.gz": {Data: gzipped(t, js)},
		"assets/index-abc123.js.br": {Data: brotli},
		"favicon.svg":               {Data: []byte("<svg/>")}, // too small to compress
	}
	s := New(Config{DB: storetest.Open(t, store.SQLite), Logger: discardLogger(), Frontend: files})
	get := func(path, accept string) (enc, ctype, vary string, body []byte) {
		t.Helper()
		req := httptest.NewRequest("GET", path, nil)
		if accept != "" {
			req.Header.Set("Accept-Encoding", accept)
		}
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		if rec.Code != 200 {
			t.Fatalf("GET %s (%q): %d", path, accept, rec.Code)
		}
		return rec.Header().Get("Content-Encoding"), rec.Header().Get("Content-Type"), rec.Header().Get("Vary"), rec.Body.Bytes()
	}
	unzip := func(b []byte) []byte {
		t.Helper()
		r, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		out, err := io.ReadAll(r)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	const asset = "/assets/index-abc123.js"
	cases := []struct{ accept, want string }{
		{"gzip, deflate, br, zstd", "br"}, // Chromium's
		{"gzip, deflate", "gzip"},
		{"br;q=0.5, gzip", "gzip"}, // the higher quality wins
		{"br;q=0, gzip;q=0", ""},   // refused codings are not sent
		{"*", "br"},
		{"identity", ""},
		{"", ""},
		{"br;q=nonsense", ""}, // an unreadable quality counts as refused
	}
	for _, c := range cases {
		enc, ctype, vary, body := get(asset, c.accept)
		if enc != c.want || !strings.HasPrefix(ctype, "text/javascript") || !strings.Contains(vary, "Accept-Encoding") {
			t.Errorf("asset with %q: encoding %q type %q vary %q; want %q, the script's type and Vary", c.accept, enc, ctype, vary, c.want)
			continue
		}
		switch c.want {
		case "br":
			if !bytes.Equal(body, brotli) {
				t.Errorf("asset with %q: not the .br file", c.accept)
			}
		case "gzip":
			if !bytes.Equal(unzip(body), js) {
				t.Errorf("asset with %q: the gzip does not unpack to the file", c.accept)
			}
		default:
			if !bytes.Equal(body, js) {
				t.Errorf("asset with %q: not the plain file", c.accept)
			}
		}
	}
	// index.html, also as the SPA fallback, has only a gzip copy here.
	for _, p := range []string{"/", "/netwerken/123"} {
		enc, ctype, vary, body := get(p, "gzip, br")
		if enc != "gzip" || !strings.HasPrefix(ctype, "text/html") || !strings.Contains(vary, "Accept-Encoding") || !bytes.Equal(unzip(body), index) {
			t.Errorf("GET %s: encoding %q type %q vary %q; want the gzip copy of index.html", p, enc, ctype, vary)
		}
		if enc, _, _, body := get(p, ""); enc != "" || !bytes.Equal(body, index) {
			t.Errorf("GET %s without Accept-Encoding: encoding %q", p, enc)
		}
	}
	if enc, _, vary, _ := get("/favicon.svg", "gzip, br"); enc != "" || vary != "" {
		t.Errorf("a file without compressed copies: encoding %q vary %q; want neither", enc, vary)
	}
}
