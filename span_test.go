package bondgenoten_test

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/bondgenoten/bondgenoten"
)

func TestParseDateAcceptsOnlyAnySpan(t *testing.T) {
	for _, s := range []string{"1900-01-01", "2026-11-29", "2100-12-31"} {
		if _, err := bondgenoten.ParseDate(s); err != nil {
			t.Errorf("ParseDate(%s): %v", s, err)
		}
	}
	for _, s := range []string{"0000-01-01", "1899-12-31", "2101-01-01", "9999-12-31"} {
		var re *bondgenoten.RangeError
		if _, err := bondgenoten.ParseDate(s); !errors.As(err, &re) || re.Span != bondgenoten.AnySpan {
			t.Errorf("ParseDate(%s) = %v; want a RangeError of AnySpan", s, err)
		}
		var d bondgenoten.Date
		if err := json.Unmarshal([]byte(`"`+s+`"`), &d); !errors.As(err, &re) {
			t.Errorf("unmarshal %s = %v; want a RangeError", s, err)
		}
		// What is stored is read back, whatever it is.
		if err := d.Scan(s); err != nil || d.String() != s {
			t.Errorf("Scan(%s) = %s, %v", s, d, err)
		}
	}
	if bondgenoten.AnySpan.String() != "1900-01-01 – 2100-12-31" {
		t.Fatalf("AnySpan = %s", bondgenoten.AnySpan)
	}
}

func TestDatesOrderByNumberNotText(t *testing.T) {
	far := bondgenoten.Date{Year: 10000, Month: 1, Day: 1}
	if far.Before(bondgenoten.AnySpan.To) || !bondgenoten.AnySpan.To.Before(far) || bondgenoten.AnySpan.Contains(far) {
		t.Fatal("year 10000 sorts before 2100")
	}
	leap := bondgenoten.Date{Year: 2028, Month: 2, Day: 29}
	if got := leap.AddYears(1).String(); got != "2029-03-01" {
		t.Fatalf("AddYears(1) of 29 February = %s", got)
	}
	if got := leap.AddYears(-4).String(); got != "2024-02-29" {
		t.Fatalf("AddYears(-4) = %s", got)
	}
}

func TestValidateChecksEveryDateAndInstant(t *testing.T) {
	type item struct {
		At time.Time `json:"at"`
	}
	type in struct {
		StartsAt time.Time                           `json:"startsAt" validate:"required,date_range=meeting"`
		DueOn    *bondgenoten.Date                   `json:"dueOn" validate:"omitnil,date_range=due"`
		Born     bondgenoten.Date                    `json:"born"`
		EndsOn   bondgenoten.Patch[bondgenoten.Date] `json:"endsOn"`
		Items    []item                              `json:"items"`
	}
	today := bondgenoten.Date{Year: 2026, Month: 11, Day: 29}
	ok := in{StartsAt: time.Date(2031, 11, 29, 12, 0, 0, 0, time.UTC), DueOn: &bondgenoten.Date{Year: 2021, Month: 11, Day: 29},
		Born: bondgenoten.Date{Year: 1900, Month: 1, Day: 1}, Items: []item{{}, {At: time.Date(2100, 12, 31, 22, 0, 0, 0, time.UTC)}}}
	if err := bondgenoten.ValidateOn(ok, today); err != nil {
		t.Fatalf("edges of the spans: %v", err)
	}
	if !bondgenoten.InAnySpan(&ok) {
		t.Fatal("InAnySpan refuses the edges")
	}

	year0 := bondgenoten.Date{Year: 0, Month: 1, Day: 1}
	bad := in{StartsAt: time.Date(2031, 11, 30, 12, 0, 0, 0, time.UTC), DueOn: &bondgenoten.Date{Year: 2021, Month: 11, Day: 28},
		Born: year0, EndsOn: bondgenoten.Patch[bondgenoten.Date]{Set: true, Value: &year0},
		Items: []item{{}, {At: time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC)}}}
	fields := bondgenoten.ErrorFields(bondgenoten.ValidateOn(bad, today))
	want := map[string]string{
		"startsAt": "2021-11-29 – 2031-11-29", "dueOn": "2021-11-29 – 2031-11-29",
		"born": bondgenoten.AnySpan.String(), "endsOn": bondgenoten.AnySpan.String(), "items[1].at": bondgenoten.AnySpan.String(),
	}
	if len(fields) != len(want) {
		t.Fatalf("fields %v; want %v", fields, want)
	}
	for name, param := range want {
		if v := fields[name]; v.Rule != bondgenoten.RuleDateRange || v.Param != param {
			t.Errorf("%s: %+v; want date_range %s", name, v, param)
		}
	}
	if bondgenoten.InAnySpan(bad.Items) || bondgenoten.InAnySpan(bad.EndsOn) {
		t.Fatal("InAnySpan accepts year 0 and 9999")
	}
	// Far in the past: a meeting span never reaches before 1900.
	if s := bondgenoten.SpanOf(bondgenoten.MeaningMeeting, bondgenoten.Date{Year: 1902, Month: 6, Day: 1}); s.From != bondgenoten.AnySpan.From {
		t.Fatalf("span %s reaches outside AnySpan", s)
	}
}
