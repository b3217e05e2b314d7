package bondgenoten_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/bondgenoten/bondgenoten"
)

func TestDateOfUsesAmsterdam(t *testing.T) {
	// 23:30 UTC on 31 December is already New Year in Amsterdam.
	got := bondgenoten.DateOf(time.Date(2026, 12, 31, 23, 30, 0, 0, time.UTC))
	if got.String() != "2027-01-01" {
		t.Fatalf("DateOf = %s; want 2027-01-01", got)
	}
}

func TestDateJSONAndScan(t *testing.T) {
	var d bondgenoten.Date
	if err := json.Unmarshal([]byte(`"2026-02-28"`), &d); err != nil || d.AddDays(1).String() != "2026-03-01" {
		t.Fatalf("unmarshal/AddDays: %v %s", err, d.AddDays(1))
	}
	for _, bad := range []string{`"2026-02-30"`, `"28-02-2026"`, `20260228`, `""`} {
		if err := json.Unmarshal([]byte(bad), &d); err == nil {
			t.Errorf("unmarshal %s succeeded; want error", bad)
		}
	}
	for _, src := range []any{"2026-11-29", []byte("2026-11-29"), "2026-11-29 00:00:00+00:00", time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC)} {
		var s bondgenoten.Date
		if err := s.Scan(src); err != nil || s.String() != "2026-11-29" {
			t.Errorf("Scan(%v) = %s, %v", src, s, err)
		}
	}
	if b, _ := json.Marshal(bondgenoten.Date{Year: 2026, Month: 1, Day: 2}); string(b) != `"2026-01-02"` {
		t.Fatalf("marshal = %s", b)
	}
}

func TestValidateReportsJSONFieldNames(t *testing.T) {
	type in struct {
		Slug string `json:"slug" validate:"required,slug"`
		Name string `json:"displayName" validate:"max=3"`
	}
	err := bondgenoten.Validate(in{Slug: "-bad-", Name: "toolong"})
	fields := bondgenoten.ErrorFields(err)
	if bondgenoten.ErrorCode(err) != bondgenoten.EINVALID || fields["slug"].Rule != "slug" || fields["displayName"].Rule != "max" || fields["displayName"].Param != "3" {
		t.Fatalf("Validate = %v %+v", err, fields)
	}
	if err := bondgenoten.Validate(in{Slug: "ok-slug-2", Name: "abc"}); err != nil {
		t.Fatalf("valid input: %v", err)
	}
}

func TestPatchDistinguishesAbsentFromNull(t *testing.T) {
	var v struct {
		EndsOn bondgenoten.Patch[bondgenoten.Date] `json:"endsOn"`
	}
	_ = json.Unmarshal([]byte(`{}`), &v)
	if v.EndsOn.Set {
		t.Fatal("absent field marked as set")
	}
	_ = json.Unmarshal([]byte(`{"endsOn":null}`), &v)
	if !v.EndsOn.Set || v.EndsOn.Value != nil {
		t.Fatalf("null: %+v", v.EndsOn)
	}
	_ = json.Unmarshal([]byte(`{"endsOn":"2026-05-01"}`), &v)
	if !v.EndsOn.Set || v.EndsOn.Value == nil || v.EndsOn.Value.String() != "2026-05-01" {
		t.Fatalf("value: %+v", v.EndsOn)
	}
}

func TestCursorRoundTripAndTamper(t *testing.T) {
	type pos struct{ N string }
	c := bondgenoten.EncodeCursor(pos{"Gemeente Zeist"})
	var got pos
	if err := bondgenoten.DecodeCursor(c, &got); err != nil || got.N != "Gemeente Zeist" {
		t.Fatalf("round trip: %v %+v", err, got)
	}
	if err := bondgenoten.DecodeCursor(c[:len(c)-3]+"%%%", &got); bondgenoten.ErrorCode(err) != bondgenoten.EINVALID {
		t.Fatalf("tampered cursor: %v", err)
	}
	for limit, want := range map[int]int{0: bondgenoten.DefaultPageSize, 1: 1, 1000: 1000} {
		if got, err := bondgenoten.PageLimit(limit); err != nil || got != want {
			t.Errorf("PageLimit(%d) = %d, %v", limit, got, err)
		}
	}
	if _, err := bondgenoten.PageLimit(1001); err == nil {
		t.Error("PageLimit(1001) accepted")
	}
}

func TestErrorCodeOfForeignErrorIsInternal(t *testing.T) {
	if bondgenoten.ErrorCode(json.Unmarshal([]byte("{"), new(any))) != bondgenoten.EINTERNAL {
		t.Fatal("a plain error must count as internal")
	}
	if bondgenoten.ErrorCode(nil) != "" {
		t.Fatal("nil error has a code")
	}
}
