package secret_test

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"testing"

	"github.com/bondgenoten/bondgenoten/secret"
)

func newKey(t *testing.T) string {
	t.Helper()
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return base64.StdEncoding.EncodeToString(b)
}

func TestSealOpenAndRotate(t *testing.T) {
	oldKey, newKeyText := newKey(t), newKey(t)
	before, err := secret.ParseKeyring("2026-01:" + oldKey)
	if err != nil {
		t.Fatal(err)
	}
	sealed, kid, err := before.Seal([]byte("client-secret"), "tenant_oidc:1")
	if err != nil || kid != "2026-01" || bytes.Contains(sealed, []byte("client-secret")) {
		t.Fatalf("Seal = %x, %q, %v", sealed, kid, err)
	}
	// Rotation: a new current key, the old one kept for reading.
	after, err := secret.ParseKeyring("2026-11:" + newKeyText + ",2026-01:" + oldKey)
	if err != nil {
		t.Fatal(err)
	}
	plain, err := after.Open(sealed, kid, "tenant_oidc:1")
	if err != nil || string(plain) != "client-secret" {
		t.Fatalf("Open after rotation = %q, %v", plain, err)
	}
	if _, kid2, _ := after.Seal([]byte("x"), "a"); kid2 != "2026-11" {
		t.Fatalf("new values sealed with %q; want the current key", kid2)
	}
	// Bound to its place: other additional data does not open it.
	if _, err := after.Open(sealed, kid, "tenant_oidc:2"); err == nil {
		t.Fatal("opened with the wrong additional data")
	}
	// Tampering is detected.
	sealed[len(sealed)-1] ^= 1
	if _, err := after.Open(sealed, kid, "tenant_oidc:1"); err == nil {
		t.Fatal("opened a tampered value")
	}
}

func TestKeyringErrors(t *testing.T) {
	empty, err := secret.ParseKeyring("")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := empty.Seal([]byte("x"), ""); !errors.Is(err, secret.ErrNoKey) {
		t.Fatalf("Seal without key = %v; want ErrNoKey", err)
	}
	for _, bad := range []string{"not-base64!", base64.StdEncoding.EncodeToString([]byte("short")), "a:" + newKey(t) + ",a:" + newKey(t)} {
		if _, err := secret.ParseKeyring(bad); err == nil {
			t.Errorf("ParseKeyring(%q) accepted", bad)
		}
	}
	k, _ := secret.ParseKeyring(newKey(t))
	if len(k.CurrentKeyID()) != 8 {
		t.Fatalf("derived key ID %q", k.CurrentKeyID())
	}
}

func TestSealEmbedded(t *testing.T) {
	k, _ := secret.ParseKeyring("k1:" + newKey(t))
	v, err := k.SealEmbedded([]byte("id-token"), "session:1")
	if err != nil {
		t.Fatal(err)
	}
	got, err := k.OpenEmbedded(v, "session:1")
	if err != nil || string(got) != "id-token" {
		t.Fatalf("OpenEmbedded = %q, %v", got, err)
	}
	if _, err := k.OpenEmbedded(v[:3], "session:1"); err == nil {
		t.Fatal("opened a truncated value")
	}
}
