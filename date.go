package bondgenoten

import (
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"time"
)

// Amsterdam is the time zone users live in: calendar days, deadlines and
// "today" are computed there, while instants are stored in UTC.
var Amsterdam = mustLoadLocation("Europe/Amsterdam")

func mustLoadLocation(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err) // time/tzdata is linked into the binary, so this cannot happen
	}
	return loc
}

// Date is a calendar day without time or zone ("2026-11-29"). It is stored as
// DATE on PostgreSQL and as ISO text on SQLite, so comparisons work in SQL on
// both.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

const dateLayout = "2006-01-02"

// DateOf returns the calendar day of t in Europe/Amsterdam.
func DateOf(t time.Time) Date {
	y, m, d := t.In(Amsterdam).Date()
	return Date{y, m, d}
}

// Today is the current calendar day in Europe/Amsterdam on the system
// clock. Domain and API code use TodayOn with their injected Clock instead
// (a test checks this); Today is for tests and this package.
func Today() Date { return DateOf(time.Now()) }

// ParseDate parses "YYYY-MM-DD", a day the product accepts: one outside
// AnySpan is a *RangeError. Every date from a client passes here, through
// UnmarshalJSON or directly.
func ParseDate(s string) (Date, error) {
	d, err := parseDay(s)
	if err != nil {
		return Date{}, err
	}
	if !AnySpan.Contains(d) {
		return Date{}, &RangeError{Span: AnySpan}
	}
	return d, nil
}

// parseDay parses "YYYY-MM-DD", any year; stored days are read with it, so
// that a row never fails to load.
func parseDay(s string) (Date, error) {
	t, err := time.Parse(dateLayout, s)
	if err != nil {
		return Date{}, fmt.Errorf("date %q: want YYYY-MM-DD", s)
	}
	y, m, d := t.Date()
	return Date{y, m, d}, nil
}

func (d Date) String() string {
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
}

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d == Date{} }

// Before reports whether d is an earlier day than o.
func (d Date) Before(o Date) bool { return d.ordinal() < o.ordinal() }

// ordinal orders days by number: their text would not (year 10000 sorts
// before 2100).
func (d Date) ordinal() int { return (d.Year*100+int(d.Month))*100 + d.Day }

// AddDays returns the day n days after d.
func (d Date) AddDays(n int) Date {
	return DateOf(time.Date(d.Year, d.Month, d.Day+n, 12, 0, 0, 0, Amsterdam))
}

// AddYears returns the same day n years later (earlier for n < 0); 29
// February becomes 1 March in a year without it.
func (d Date) AddYears(n int) Date {
	return DateOf(time.Date(d.Year+n, d.Month, d.Day, 12, 0, 0, 0, Amsterdam))
}

func (d Date) MarshalJSON() ([]byte, error) { return json.Marshal(d.String()) }

func (d *Date) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("date: want a string YYYY-MM-DD")
	}
	v, err := ParseDate(s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// Value stores the day as ISO text; PostgreSQL casts it to DATE.
func (d Date) Value() (driver.Value, error) { return d.String(), nil }

// Scan reads a DATE (time.Time from pgx) or ISO text (SQLite).
func (d *Date) Scan(src any) error {
	switch v := src.(type) {
	case time.Time:
		y, m, dd := v.UTC().Date()
		*d = Date{y, m, dd}
		return nil
	case string:
		return d.scanText(v)
	case []byte:
		return d.scanText(string(v))
	case nil:
		*d = Date{}
		return nil
	}
	return fmt.Errorf("date: cannot scan %T", src)
}

func (d *Date) scanText(s string) error {
	if len(s) >= len(dateLayout) {
		s = s[:len(dateLayout)]
	}
	v, err := parseDay(s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}
