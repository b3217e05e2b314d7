package identity_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/bondgenoten/bondgenoten/identity"
)

func TestProviderClientRefusesMetadataAddresses(t *testing.T) {
	client := identity.NewProviderClient()
	for _, u := range []string{"http://169.254.169.254/latest/meta-data/", "http://[fe80::1]:80/", "http://0.0.0.0:80/"} {
		req, _ := http.NewRequestWithContext(context.Background(), "GET", u, nil)
		_, err := client.Do(req)
		if err == nil || !strings.Contains(err.Error(), "is not allowed") {
			t.Errorf("GET %s: %v; want a refusal by the dialer", u, err)
		}
	}
}
