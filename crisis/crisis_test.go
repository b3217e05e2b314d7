package crisis_test

import (
	"strings"
	"testing"

	"github.com/bondgenoten/bondgenoten/crisis"
)

func mood(n int) *int { return &n }

func TestAggregateHidesCommunitiesBelowThree(t *testing.T) {
	got := crisis.Aggregate([]crisis.Answer{
		{Community: "A", Mood: mood(4)}, {Community: "A", Mood: mood(3)}, {Community: "A", Mood: mood(4)},
		{Community: "B", Mood: mood(5)}, {Community: "B", Mood: mood(1)},
		{Community: "C"}, // asked, not answered
	})
	if len(got) != 2 {
		t.Fatalf("communities: %+v", got)
	}
	a, b := got[0], got[1]
	if a.Community != "A" || a.CountBelowThree || *a.Answered != 3 || *a.MeanMood != 3.7 {
		t.Fatalf("A: %+v", a)
	}
	if b.Community != "B" || !b.CountBelowThree || b.Answered != nil || b.MeanMood != nil {
		t.Fatalf("B must hide its figures: %+v", b)
	}
}

func TestVCardsAreEscapedFoldedAndCRLF(t *testing.T) {
	var sb strings.Builder
	long := strings.Repeat("Ondernemersvereniging Binnenstad, ", 4)
	if err := crisis.WriteVCards(&sb, []crisis.Card{{Name: "Ayşe; Yılmaz", Mobile: "+31 (6) 1234-5678", Org: long, Category: "Bondgenoot"}}); err != nil {
		t.Fatal(err)
	}
	out := sb.String()
	for _, want := range []string{"BEGIN:VCARD\r\nVERSION:4.0\r\n", "FN:Ayşe\\; Yılmaz\r\n", "TEL;TYPE=cell;VALUE=uri:tel:+31612345678\r\n", "\r\n ", "END:VCARD\r\n"} {
		if !strings.Contains(out, want) {
			t.Fatalf("vCard lacks %q:\n%s", want, out)
		}
	}
	for _, line := range strings.Split(out, "\r\n") {
		if len(line) > 75 {
			t.Fatalf("line longer than 75 octets: %q", line)
		}
	}
	if strings.Contains(strings.ReplaceAll(out, "\r\n", ""), "\n") {
		t.Fatal("bare newline in the vCard")
	}
	// Control characters and Unicode line separators never reach a value
	// (an attack showed them passing through).
	sb.Reset()
	if err := crisis.WriteVCards(&sb, []crisis.Card{{Name: "A\vB\x1bC\u0085D\u2028E"}}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(sb.String(), "FN:A B C D E\r\n") {
		t.Fatalf("controls in a name: %q", sb.String())
	}
}

func TestTelURI(t *testing.T) {
	for in, want := range map[string]string{"06 1234 5678": "tel:0612345678", "+31 6-12345678": "tel:+31612345678", "": "tel:"} {
		if got := crisis.TelURI(in); got != want {
			t.Errorf("TelURI(%q) = %q; want %q", in, got, want)
		}
	}
}
