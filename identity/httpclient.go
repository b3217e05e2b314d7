package identity

import (
	"fmt"
	"net"
	"net/http"
	"syscall"
	"time"
)

// NewProviderClient returns the HTTP client for talking to identity
// providers (discovery, keys, token endpoint). Tenant admins choose the
// issuer URL, so the client refuses link-local addresses — among them the
// cloud metadata service at 169.254.169.254 — and multicast, whatever a name
// resolves to. Private ranges stay allowed: government identity providers
// (ADFS and the like) often live on internal networks.
func NewProviderClient() *http.Client {
	dialer := &net.Dialer{
		Timeout: 5 * time.Second,
		Control: func(_, address string, _ syscall.RawConn) error {
			host, _, err := net.SplitHostPort(address)
			if err != nil {
				return err
			}
			ip := net.ParseIP(host)
			if ip == nil || ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() || ip.IsMulticast() || ip.IsUnspecified() {
				return fmt.Errorf("identity provider address %s is not allowed", address)
			}
			return nil
		},
	}
	transport := http.DefaultTransport.(*http.Transport).Clone()
	transport.DialContext = dialer.DialContext
	transport.Proxy = http.ProxyFromEnvironment
	return &http.Client{Transport: transport, Timeout: 15 * time.Second}
}
