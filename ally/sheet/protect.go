package sheet

import (
	"strings"
	"unicode/utf8"
)

// Protect defuses formula injection (OWASP "CSV injection"): a cell a
// spreadsheet could evaluate gets a leading apostrophe, so it shows as
// text. That is every cell starting with = + - @, tab or CR, or with their
// full-width forms, which spreadsheets take too — with no exception for
// what looks like a phone number or a sum: "+1-1-1-1-1-1" is both. A value
// already starting with apostrophes before such a character gets one more,
// so that Unprotect can tell the two apart.
func Protect(v string) string {
	if formulaLike(strings.TrimLeft(v, "'")) {
		return "'" + v
	}
	return v
}

// Unprotect undoes protect, so Export → Import gives back the same values.
// It runs on a workbook's cells too: one saved from a protected CSV may
// keep the apostrophes.
func Unprotect(v string) string {
	if strings.HasPrefix(v, "'") && formulaLike(strings.TrimLeft(v, "'")) {
		return v[1:]
	}
	return v
}

// formulaLike tells whether a spreadsheet may take v, typed into a cell or
// read from a CSV, for a formula.
func formulaLike(v string) bool {
	r, _ := utf8.DecodeRuneInString(v)
	switch r {
	case '=', '+', '-', '@', '\t', '\r', '＝', '＋', '－', '＠':
		return true
	}
	return false
}
