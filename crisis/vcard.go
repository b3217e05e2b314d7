package crisis

import (
	"io"
	"strings"
	"unicode/utf8"
)

// Card is one person on the rapid contact list as a vCard (RFC 6350,
// version 4.0): the name, the mobile number as a tel: URI, the email
// address, the organisation (the ally's community or the partner's name)
// and a category (ally, coordinator, staff).
type Card struct {
	Name, Mobile, Email, Org, Category string
}

// WriteVCards writes cards as one vCard 4.0 file (text/vcard), lines
// ending in CRLF and folded at 75 octets, text values escaped.
func WriteVCards(w io.Writer, cards []Card) error {
	var b strings.Builder
	for _, c := range cards {
		line(&b, "BEGIN:VCARD")
		line(&b, "VERSION:4.0")
		line(&b, "KIND:individual")
		line(&b, "FN:"+escape(c.Name))
		if c.Mobile != "" {
			line(&b, "TEL;TYPE=cell;VALUE=uri:"+TelURI(c.Mobile))
		}
		if c.Email != "" {
			line(&b, "EMAIL:"+escape(c.Email))
		}
		if c.Org != "" {
			line(&b, "ORG:"+escape(c.Org))
		}
		if c.Category != "" {
			line(&b, "CATEGORIES:"+escape(c.Category))
		}
		line(&b, "END:VCARD")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// TelURI is a phone number as a tel: URI (RFC 3966): digits and a leading
// plus only.
func TelURI(mobile string) string {
	var b strings.Builder
	b.WriteString("tel:")
	for i, r := range mobile {
		if (r >= '0' && r <= '9') || (r == '+' && i == 0) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// escape escapes a text value: backslash, comma, semicolon and newlines.
// Other control characters (which RFC 6350 does not allow in a value) and
// the Unicode line and paragraph separators, which some readers take for
// line breaks, become spaces.
func escape(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\r':
			return r
		case r < 0x20 || r == 0x7f || r == 0x85 || r == 0x2028 || r == 0x2029:
			return ' '
		}
		return r
	}, s)
	r := strings.NewReplacer(`\`, `\\`, ",", `\,`, ";", `\;`, "\n", `\n`, "\r", `\n`)
	return r.Replace(s)
}

// line writes one content line, folded at 75 octets without splitting a
// character.
func line(b *strings.Builder, s string) {
	const max = 75
	first := true
	for len(s) > 0 {
		limit := max
		if !first {
			limit = max - 1 // the leading space of a continuation
		}
		if len(s) <= limit {
			if !first {
				b.WriteByte(' ')
			}
			b.WriteString(s)
			break
		}
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		if !first {
			b.WriteByte(' ')
		}
		b.WriteString(s[:cut])
		b.WriteString("\r\n")
		s = s[cut:]
		first = false
	}
	b.WriteString("\r\n")
}
