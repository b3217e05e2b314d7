package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"
)

func TestCheckFlagsOnlyAllowsBoundedLocalRuns(t *testing.T) {
	ok := []string{"http://127.0.0.1:8080/x", "http://localhost/x", "http://[::1]:9/x", "https://127.0.0.2/"}
	for _, u := range ok {
		if err := checkFlags(u, 10, 2, time.Second); err != nil {
			t.Errorf("%s refused: %v", u, err)
		}
	}
	bad := []struct {
		url  string
		n, c int
		d    time.Duration
	}{
		{"http://10.0.0.1/", 10, 2, time.Second},
		{"http://example.com/", 10, 2, time.Second},
		{"http://192.168.1.1/", 10, 2, time.Second},
		{"ftp://127.0.0.1/", 10, 2, time.Second},
		{"http://127.0.0.1/", 0, 2, time.Second},
		{"http://127.0.0.1/", maxRequests + 1, 2, time.Second},
		{"http://127.0.0.1/", 10, 0, time.Second},
		{"http://127.0.0.1/", 10, 2, 2 * time.Minute},
	}
	for _, b := range bad {
		if err := checkFlags(b.url, b.n, b.c, b.d); err == nil {
			t.Errorf("checkFlags(%s, n=%d, c=%d, %s) accepted", b.url, b.n, b.c, b.d)
		}
	}
}

func TestRunCountsStatusesAndErrors(t *testing.T) {
	calls := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls++
		if calls%5 == 0 {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		_, _ = w.Write([]byte("ok"))
	}))
	defer srv.Close()
	r := run(context.Background(), newClient(1), srv.URL, 50, 1)
	if len(r.latencies) != 50 || r.statuses[200] != 40 || r.statuses[503] != 10 || r.errors != 10 {
		t.Fatalf("result = %d latencies, statuses %v, %d errors; want 50, 40×200 10×503, 10 errors", len(r.latencies), r.statuses, r.errors)
	}
}

func TestTheCookieIsSentWithEveryRequest(t *testing.T) {
	var without atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if c, err := r.Cookie("bg_session"); err != nil || c.Value != "geheim" {
			without.Add(1)
		}
	}))
	defer srv.Close()
	client := newClient(2)
	client.Transport = withCookie{client.Transport, "bg_session=geheim"}
	if r := run(context.Background(), client, srv.URL, 20, 2); r.errors != 0 || without.Load() != 0 {
		t.Fatalf("errors %d, requests without the cookie %d", r.errors, without.Load())
	}
}
