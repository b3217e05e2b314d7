// Command loadgen sends a bounded burst of GET requests to a Bondgenoten
// server on this machine and prints throughput, latency percentiles and the
// number of errors. It only talks to loopback addresses (127.0.0.0/8,
// localhost, [::1]), checked again on every connection it opens, ignores
// proxy settings and follows no redirects; it stops after -n requests or
// -duration (at most 60s), whichever comes first, or on Ctrl-C.
//
// Against the demo server:
//
//	go build -o /tmp/bg ./cmd/bondgenoten
//	/tmp/bg serve --demo --addr 127.0.0.1:18555 --database sqlite:/tmp/lg/demo.db 2>/tmp/lg/serve.log &
//	go run ./cmd/loadgen -url http://127.0.0.1:18555/api/v1/tenants -n 20000 -c 16
//	kill %1
//
// The exit status is 1 when any request failed (a transport error or a
// status other than 2xx), 2 for bad flags.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

const (
	maxRequests    = 1_000_000
	maxConcurrency = 256
	maxDuration    = 60 * time.Second
)

func main() {
	target := flag.String("url", "http://127.0.0.1:8080/api/v1/tenants", "URL to GET; its host must be a loopback address")
	n := flag.Int("n", 20000, fmt.Sprintf("number of requests (1-%d)", maxRequests))
	c := flag.Int("c", 16, fmt.Sprintf("concurrent requests (1-%d)", maxConcurrency))
	duration := flag.Duration("duration", maxDuration, "stop after this long, at most 60s")
	cookie := flag.String("cookie", "", `Cookie header to send, e.g. "bg_session=…" to measure signed-in routes`)
	flag.Parse()

	if err := checkFlags(*target, *n, *c, *duration); err != nil {
		fmt.Fprintln(os.Stderr, "loadgen:", err)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ctx, cancel := context.WithTimeout(ctx, *duration)
	defer cancel()

	client := newClient(*c)
	if *cookie != "" {
		client.Transport = withCookie{client.Transport, *cookie}
	}
	r := run(ctx, client, *target, *n, *c)
	r.print(os.Stdout, *target, *c)
	if r.errors > 0 {
		os.Exit(1)
	}
}

// checkFlags refuses anything but a bounded run against this machine.
func checkFlags(target string, n, c int, d time.Duration) error {
	u, err := url.Parse(target)
	if err != nil {
		return fmt.Errorf("-url: %w", err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return fmt.Errorf("-url %q: scheme must be http or https", target)
	}
	if !loopbackHost(u.Hostname()) {
		return fmt.Errorf("-url %q: host must be 127.0.0.0/8, localhost or [::1]; loadgen only loads this machine", target)
	}
	if n < 1 || n > maxRequests {
		return fmt.Errorf("-n %d: must be between 1 and %d", n, maxRequests)
	}
	if c < 1 || c > maxConcurrency {
		return fmt.Errorf("-c %d: must be between 1 and %d", c, maxConcurrency)
	}
	if d <= 0 || d > maxDuration {
		return fmt.Errorf("-duration %s: must be more than 0 and at most %s", d, maxDuration)
	}
	return nil
}

func loopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// withCookie sends a session cookie with every request.
type withCookie struct {
	next   http.RoundTripper
	cookie string
}

func (w withCookie) RoundTrip(req *http.Request) (*http.Response, error) {
	req = req.Clone(req.Context())
	req.Header.Set("Cookie", w.cookie)
	return w.next.RoundTrip(req)
}

// newClient returns a client that keeps c connections alive and refuses to
// connect anywhere but loopback, whatever a name resolves to.
func newClient(c int) *http.Client {
	dialer := &net.Dialer{
		Timeout: 5 * time.Second,
		Control: func(_, address string, _ syscall.RawConn) error {
			host, _, err := net.SplitHostPort(address)
			if err != nil {
				return err
			}
			if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
				return fmt.Errorf("refusing to connect to %s: not a loopback address", address)
			}
			return nil
		},
	}
	return &http.Client{
		Transport: &http.Transport{
			Proxy:               nil,
			DialContext:         dialer.DialContext,
			MaxIdleConns:        c,
			MaxIdleConnsPerHost: c,
			IdleConnTimeout:     30 * time.Second,
		},
		Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
}

type result struct {
	latencies []time.Duration // of every completed request, failed ones included
	errors    int
	statuses  map[int]int
	firstErr  error
	elapsed   time.Duration
	stopped   bool // ended by -duration or a signal before -n requests
}

// run sends n requests from c workers and collects their latencies.
func run(ctx context.Context, client *http.Client, target string, n, c int) result {
	var (
		issued atomic.Int64
		mu     sync.Mutex
		wg     sync.WaitGroup
		total  = result{statuses: map[int]int{}}
	)
	start := time.Now()
	for range c {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var (
				lat      []time.Duration
				errs     int
				statuses = map[int]int{}
				firstErr error
			)
			for ctx.Err() == nil && issued.Add(1) <= int64(n) {
				t0 := time.Now()
				status, err := get(ctx, client, target)
				if err != nil && ctx.Err() != nil {
					break // cut off by the deadline or a signal: not the server's fault
				}
				lat = append(lat, time.Since(t0))
				if err == nil && (status < 200 || status > 299) {
					err = fmt.Errorf("status %d", status)
				}
				if status != 0 {
					statuses[status]++
				}
				if err != nil {
					errs++
					if firstErr == nil {
						firstErr = err
					}
				}
			}
			mu.Lock()
			defer mu.Unlock()
			total.latencies = append(total.latencies, lat...)
			total.errors += errs
			for s, k := range statuses {
				total.statuses[s] += k
			}
			if total.firstErr == nil {
				total.firstErr = firstErr
			}
		}()
	}
	wg.Wait()
	total.elapsed = time.Since(start)
	total.stopped = len(total.latencies) < n
	return total
}

// get sends one request and reads the whole body, so the connection is reused.
func get(ctx context.Context, client *http.Client, target string) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	if err != nil {
		return 0, err
	}
	req.Header.Set("User-Agent", "bondgenoten-loadgen")
	resp, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return resp.StatusCode, fmt.Errorf("reading body: %w", err)
	}
	return resp.StatusCode, nil
}

func (r result) print(w io.Writer, target string, c int) {
	done := len(r.latencies)
	fmt.Fprintf(w, "target       %s\n", target)
	fmt.Fprintf(w, "requests     %d with %d concurrent in %s", done, c, r.elapsed.Round(time.Millisecond))
	if r.stopped {
		fmt.Fprint(w, " (stopped early by -duration or a signal)")
	}
	fmt.Fprintln(w)
	if done == 0 {
		fmt.Fprintln(w, "no request completed")
	} else {
		slices.Sort(r.latencies)
		fmt.Fprintf(w, "throughput   %.1f requests/s\n", float64(done)/r.elapsed.Seconds())
		fmt.Fprintf(w, "latency      p50 %s  p90 %s  p99 %s  max %s\n",
			percentile(r.latencies, 50), percentile(r.latencies, 90), percentile(r.latencies, 99), r.latencies[done-1].Round(time.Microsecond))
	}
	codes := make([]int, 0, len(r.statuses))
	for s := range r.statuses {
		codes = append(codes, s)
	}
	slices.Sort(codes)
	parts := make([]string, len(codes))
	for i, s := range codes {
		parts[i] = fmt.Sprintf("%d×%d", s, r.statuses[s])
	}
	if len(parts) == 0 {
		parts = []string{"none"}
	}
	fmt.Fprintf(w, "statuses     %s\n", strings.Join(parts, " "))
	fmt.Fprintf(w, "errors       %d\n", r.errors)
	if r.firstErr != nil {
		fmt.Fprintf(w, "first error  %v\n", r.firstErr)
	}
}

// percentile returns the nearest-rank p-th percentile of sorted latencies.
func percentile(sorted []time.Duration, p int) time.Duration {
	rank := (p*len(sorted) + 99) / 100 // ceil(p/100 × n)
	rank = max(rank, 1)
	return sorted[rank-1].Round(time.Microsecond)
}
