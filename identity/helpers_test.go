package identity_test

import (
	"strings"

	"github.com/uptrace/bun"
)

func bunIdent(s string) bun.Ident { return bun.Ident(s) }

func containsAll(s string, parts ...string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}
