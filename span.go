package bondgenoten

import (
	"fmt"
	"reflect"
	"time"
)

// Span is a period of calendar days, both ends included, in which a date or
// an instant of some meaning must fall. Instants fall on their Amsterdam
// day.
type Span struct{ From, To Date }

// AnySpan bounds every date and instant the product accepts, whatever it
// means: the years 1900 through 2100. Within it every value can be stored on
// both databases and written as JSON (an instant in year 10000, such as a
// meeting starting at 9999-12-31T23:59 ending two hours later, cannot), and
// nobody means a day outside it.
var AnySpan = Span{Date{1900, time.January, 1}, Date{2100, time.December, 31}}

// Meaning names what a date or an instant is, and so the span it must fall
// in. Struct fields name it in a tag, `validate:"date_range=meeting"`.
type Meaning string

const (
	// MeaningMeeting: a meeting starts at most five years before or after
	// today. Networks record the meetings they held before they used the
	// product, and plan a few years ahead at most.
	MeaningMeeting Meaning = "meeting"
	// MeaningDue: an action agreed in a meeting is due at most five years
	// before or after today.
	MeaningDue Meaning = "due"
	// MeaningSignal: something noticed, or fed back, at most ten years ago
	// (a network may enter what it noted before it used the product) and
	// at most tomorrow (the exact bound, a day after now, is the signal
	// package's own rule).
	MeaningSignal Meaning = "signal"
)

// spans is the one table of spans by meaning, as of a day.
var spans = map[Meaning]func(today Date) Span{
	MeaningMeeting: func(today Date) Span { return Span{today.AddYears(-5), today.AddYears(5)} },
	MeaningDue:     func(today Date) Span { return Span{today.AddYears(-5), today.AddYears(5)} },
	MeaningSignal:  func(today Date) Span { return Span{today.AddYears(-10), today.AddDays(1)} },
}

// SpanOf returns the span of a meaning as of today, never wider than
// AnySpan. An unknown meaning is a programming error and panics.
func SpanOf(m Meaning, today Date) Span {
	f, ok := spans[m]
	if !ok {
		panic(fmt.Sprintf("bondgenoten: no span for meaning %q", m))
	}
	s := f(today)
	if s.From.Before(AnySpan.From) {
		s.From = AnySpan.From
	}
	if AnySpan.To.Before(s.To) {
		s.To = AnySpan.To
	}
	return s
}

// Contains reports whether day d lies in the span.
func (s Span) Contains(d Date) bool { return !d.Before(s.From) && !s.To.Before(d) }

// ContainsTime reports whether the Amsterdam day of instant t lies in the
// span.
func (s Span) ContainsTime(t time.Time) bool { return s.Contains(DateOf(t)) }

// String shows the span as clients read it, in either language:
// "1900-01-01 – 2100-12-31".
func (s Span) String() string { return s.From.String() + " – " + s.To.String() }

// RuleDateRange is the rule a date or an instant outside its span breaks;
// its parameter is the span.
const RuleDateRange Rule = "date_range"

// Violation is the field violation of a value outside the span.
func (s Span) Violation() FieldViolation {
	return FieldViolation{Rule: RuleDateRange, Param: s.String()}
}

// RangeError is a date or an instant outside its span, e.g. a JSON date
// in year 0.
type RangeError struct{ Span Span }

func (e *RangeError) Error() string { return "date outside " + e.Span.String() }

// InAnySpan reports whether every date and instant in v — a value, or
// anything holding them: pointers, structs, slices, arrays, maps — lies in
// AnySpan. Zero values are "not given" and count as in.
func InAnySpan(v any) bool {
	ok := true
	walkDates(reflect.ValueOf(v), "", func(string) { ok = false })
	return ok
}

var (
	timeType = reflect.TypeFor[time.Time]()
	dateType = reflect.TypeFor[Date]()
)

// walkDates calls out with the JSON path of every date and instant in v
// outside AnySpan.
func walkDates(v reflect.Value, path string, out func(path string)) {
	walkLeaves(v, path, func(path string, leaf reflect.Value) {
		switch leaf.Type() {
		case timeType:
			if t := leaf.Interface().(time.Time); !t.IsZero() && !AnySpan.ContainsTime(t) {
				out(path)
			}
		case dateType:
			if d := leaf.Interface().(Date); !d.IsZero() && !AnySpan.Contains(d) {
				out(path)
			}
		}
	})
}

// walkLeaves calls leaf with the JSON path of every instant, date and
// string in v — a value, or anything holding them: pointers, structs,
// slices, arrays, maps (map keys that are strings included).
func walkLeaves(v reflect.Value, path string, leaf func(path string, v reflect.Value)) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			walkLeaves(v.Elem(), path, leaf)
		}
	case reflect.String:
		leaf(path, v)
	case reflect.Struct:
		switch v.Type() {
		case timeType, dateType:
			leaf(path, v)
			return
		}
		for i := range v.NumField() {
			f := v.Type().Field(i)
			if !f.IsExported() {
				continue
			}
			name, goName := jsonName(f)
			if name == "-" {
				continue
			}
			p := path
			if !goName { // as fieldPath does: Go names (embedded structs, Patch.Value) are not part of the path
				p = joinPath(path, name)
			}
			walkLeaves(v.Field(i), p, leaf)
		}
	case reflect.Slice, reflect.Array:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return // bytes, not text
		}
		for i := range v.Len() {
			walkLeaves(v.Index(i), fmt.Sprintf("%s[%d]", path, i), leaf)
		}
	case reflect.Map:
		iter := v.MapRange()
		for iter.Next() {
			if iter.Key().Kind() == reflect.String {
				leaf(path, iter.Key())
			}
			walkLeaves(iter.Value(), fmt.Sprintf("%s[%v]", path, iter.Key()), leaf)
		}
	}
}

func joinPath(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}
