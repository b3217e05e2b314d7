package bondgenoten

import (
	"encoding/base64"
	"encoding/json"
)

// Page is one page of a collection; Next is the opaque cursor of the page
// after it, or "" on the last page.
type Page[T any] struct {
	Items []T
	Next  string
}

// Page sizes: the default when a client names none, and the largest allowed.
const (
	DefaultPageSize = 100
	MaxPageSize     = 1000
)

// EncodeCursor wraps a keyset position (any JSON-able value) into an opaque
// URL-safe string.
func EncodeCursor(position any) string {
	b, err := json.Marshal(position)
	if err != nil {
		panic(err) // positions are plain structs of strings
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// DecodeCursor reads a cursor made by EncodeCursor into position; a damaged
// cursor is an EINVALID error on the "cursor" field.
func DecodeCursor(cursor string, position any) error {
	b, err := base64.RawURLEncoding.DecodeString(cursor)
	if err == nil {
		err = json.Unmarshal(b, position)
	}
	if err != nil {
		return Invalid("cursor", RuleCursor, "")
	}
	return nil
}

// PageLimit returns limit clamped to a sane page size, or an EINVALID error.
func PageLimit(limit int) (int, error) {
	switch {
	case limit == 0:
		return DefaultPageSize, nil
	case limit < 1 || limit > MaxPageSize:
		return 0, Invalid("limit", RuleBetween, "1-1000")
	}
	return limit, nil
}

// Patch is a field of a partial update (PATCH): Set tells whether the client
// sent the field at all, Value is nil when it sent null.
type Patch[T any] struct {
	Set   bool
	Value *T
}

func (p *Patch[T]) UnmarshalJSON(b []byte) error {
	p.Set = true
	if string(b) == "null" {
		p.Value = nil
		return nil
	}
	var v T
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	p.Value = &v
	return nil
}
