package notify

import (
	"os"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

// Every kind the inbox knows (the API document's enum) has an email text
// of its own in both languages, and every placeholder in it is one the
// texts fill in: an email never shows "{network}" or the generic text.
func TestEveryKindHasItsOwnEmailText(t *testing.T) {
	doc, err := os.ReadFile("../api/openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	i := strings.Index(string(doc), "    Notification:\n")
	enum := regexp.MustCompile(`enum: \[([^\]]*)\]`).FindStringSubmatch(string(doc[i:]))
	if enum == nil {
		t.Fatal("no kind enum under Notification")
	}
	kinds := strings.Split(enum[1], ", ")
	if len(kinds) < 20 {
		t.Fatalf("read %d kinds; the parse is wrong", len(kinds))
	}
	known := map[string]bool{"{meeting}": true}
	for _, p := range placeholders {
		known["{"+p+"}"] = true
	}
	brace := regexp.MustCompile(`\{[a-zA-Z]+\}`)
	for _, kind := range append(kinds, "meeting_invitation") {
		for _, lang := range []string{LanguageDutch, LanguageEnglish} {
			tx, ok := texts[kind][lang]
			if !ok {
				t.Errorf("%s has no %s email text", kind, lang)
				continue
			}
			for _, p := range brace.FindAllString(tx.Subject+tx.Body, -1) {
				if !known[p] {
					t.Errorf("%s (%s) uses %s, which nothing fills in", kind, lang, p)
				}
			}
		}
	}
}

func TestEmailTextsFillInNamesAndAmsterdamTimes(t *testing.T) {
	w := wordsOf("meeting_reminder", LanguageDutch, map[string]string{
		"network": "Amersfoort-Noord", "when": "2026-12-04T18:30:00Z", "meetingKind": "emergency",
	})
	if w.Subject != "Herinnering: spoedbijeenkomst van Amersfoort-Noord op 4 december 2026 om 19:30" {
		t.Fatalf("subject = %q", w.Subject)
	}
	w = wordsOf("evaluation_due", LanguageEnglish, map[string]string{"network": "Zeist", "dueOn": "2027-01-01"})
	if !strings.Contains(w.Body, "by 1 January 2027") {
		t.Fatalf("body = %q", w.Body)
	}
	// A name cannot break the subject line (header injection).
	w = wordsOf("signal_urgent", LanguageDutch, map[string]string{"network": "Noord\r\nBcc: x@y"})
	if strings.ContainsAny(w.Subject, "\r\n") {
		t.Fatalf("subject holds a line break: %q", w.Subject)
	}
	if w := wordsOf("something_new", LanguageEnglish, nil); w.Subject != fallback[LanguageEnglish].Subject {
		t.Fatalf("unknown kind = %q; want the generic text", w.Subject)
	}
}

func TestCutKeepsValidUTF8(t *testing.T) {
	got := cut(strings.Repeat("x", 299)+"é", 300)
	if !utf8.ValidString(got) || len(got) != 299 {
		t.Fatalf("cut = %q (%d bytes)", got, len(got))
	}
	if got := cut("ok\xc3", 300); !utf8.ValidString(got) {
		t.Fatalf("cut kept invalid UTF-8: %q", got)
	}
}
