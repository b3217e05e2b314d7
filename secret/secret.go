// Package secret seals small secrets at rest — tenants' OIDC client
// secrets, ID-token hints, later special-category personal data — with
// AES-256-GCM. Every sealed value records the ID of the key that sealed it,
// so keys can rotate: new values use the current key, old ones still open
// with the keys kept beside it.
package secret

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
)

// ErrNoKey means no key is configured, so nothing can be sealed.
var ErrNoKey = errors.New("no secret key configured: set BONDGENOTEN_SECRET_KEY")

// Keyring holds the current key and any older ones still needed to open
// existing values.
type Keyring struct {
	current string
	keys    map[string]cipher.AEAD
}

// ParseKeyring reads a keyring from its text form: one or more base64
// 32-byte keys separated by commas, the first being current. A key may be
// prefixed by an ID ("2026-11:BASE64"); without one, its ID is derived from
// the key. An empty string gives an empty keyring (Seal fails with ErrNoKey).
func ParseKeyring(s string) (*Keyring, error) {
	k := &Keyring{keys: map[string]cipher.AEAD{}}
	for i, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		id, b64, hasID := strings.Cut(part, ":")
		if !hasID {
			b64, id = id, ""
		}
		raw, err := base64.StdEncoding.DecodeString(b64)
		if err != nil || len(raw) != 32 {
			return nil, fmt.Errorf("secret key %d: want 32 bytes in base64 (e.g. openssl rand -base64 32)", i+1)
		}
		if id == "" {
			sum := sha256.Sum256(raw)
			id = hex.EncodeToString(sum[:4])
		}
		block, err := aes.NewCipher(raw)
		if err != nil {
			return nil, err
		}
		aead, err := cipher.NewGCM(block)
		if err != nil {
			return nil, err
		}
		if _, dup := k.keys[id]; dup {
			return nil, fmt.Errorf("secret key ID %q appears twice", id)
		}
		k.keys[id] = aead
		if k.current == "" {
			k.current = id
		}
	}
	return k, nil
}

// CurrentKeyID names the key new values are sealed with ("" when none).
func (k *Keyring) CurrentKeyID() string { return k.current }

// Seal encrypts plaintext with the current key. The additional data binds
// the value to its place (e.g. "tenant_oidc:<tenant id>"), so a sealed value
// copied to another row does not open.
func (k *Keyring) Seal(plaintext []byte, additional string) (sealed []byte, keyID string, err error) {
	if k == nil || k.current == "" {
		return nil, "", ErrNoKey
	}
	aead := k.keys[k.current]
	nonce := make([]byte, aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return nil, "", err
	}
	return aead.Seal(nonce, nonce, plaintext, []byte(additional)), k.current, nil
}

// Open decrypts a value sealed with key keyID and the same additional data.
func (k *Keyring) Open(sealed []byte, keyID, additional string) ([]byte, error) {
	if k == nil {
		return nil, ErrNoKey
	}
	aead, ok := k.keys[keyID]
	if !ok {
		return nil, fmt.Errorf("secret key %q is not configured", keyID)
	}
	if len(sealed) < aead.NonceSize() {
		return nil, errors.New("sealed value too short")
	}
	nonce, box := sealed[:aead.NonceSize()], sealed[aead.NonceSize():]
	plain, err := aead.Open(nil, nonce, box, []byte(additional))
	if err != nil {
		return nil, fmt.Errorf("open sealed value: %w", err)
	}
	return plain, nil
}

// SealEmbedded is Seal with the key ID stored inside the result, for values
// that have no column of their own for it.
func (k *Keyring) SealEmbedded(plaintext []byte, additional string) ([]byte, error) {
	sealed, kid, err := k.Seal(plaintext, additional)
	if err != nil {
		return nil, err
	}
	out := make([]byte, 0, 1+len(kid)+len(sealed))
	out = append(out, byte(len(kid)))
	out = append(out, kid...)
	return append(out, sealed...), nil
}

// OpenEmbedded opens a value made by SealEmbedded.
func (k *Keyring) OpenEmbedded(value []byte, additional string) ([]byte, error) {
	if len(value) < 1 || len(value) < 1+int(value[0]) {
		return nil, errors.New("sealed value too short")
	}
	n := int(value[0])
	return k.Open(value[1+n:], string(value[1:1+n]), additional)
}
