package meeting_test

import (
	"context"
	"testing"
	"time"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/meeting"
	"github.com/bondgenoten/bondgenoten/store"
	"github.com/bondgenoten/bondgenoten/store/storetest"
)

// TestMeetingsAndDueDaysStayWithinTheirSpan: a meeting starts within five
// years of the service's today, every meeting of a series too (checked
// before any is written), and an action is due within five years. What was
// refused left no rows, and the list still reads.
func TestMeetingsAndDueDaysStayWithinTheirSpan(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := setup(t, db)
		span := bondgenoten.SpanOf(bondgenoten.MeaningMeeting, bondgenoten.DateOf(now))
		if span.String() != "2021-11-29 – 2031-11-29" {
			t.Fatalf("meeting span %s", span)
		}
		for _, at := range []time.Time{
			time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC),
			time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC),
			time.Date(2031, 11, 30, 0, 30, 0, 0, bondgenoten.Amsterdam),
			time.Date(2021, 11, 28, 23, 30, 0, 0, bondgenoten.Amsterdam),
		} {
			_, err := f.meetings.Plan(ctx, f.network, meeting.Input{StartsAt: at})
			wantField(t, err, bondgenoten.EINVALID, "startsAt", bondgenoten.RuleDateRange)
			if p := bondgenoten.ErrorFields(err)["startsAt"].Param; p != span.String() {
				t.Fatalf("param %q; want the span", p)
			}
			_, err = f.meetings.PlanSeries(ctx, f.network, meeting.SeriesInput{FirstStartsAt: at, Count: 3, IntervalWeeks: 4})
			wantField(t, err, bondgenoten.EINVALID, "firstStartsAt", bondgenoten.RuleDateRange)
		}
		// The first meeting is in, the twelfth would be five and a half years on.
		_, err := f.meetings.PlanSeries(ctx, f.network, meeting.SeriesInput{FirstStartsAt: now.AddDate(0, 1, 0), Count: 12, IntervalWeeks: 26})
		wantField(t, err, bondgenoten.EINVALID, "count", "series_range")
		if n, _ := db.Unscoped().NewSelect().Table("meetings").Count(ctx); n != 0 {
			t.Fatalf("refused meetings left %d rows", n)
		}

		// The edges are in: the first and last day of the span, Amsterdam time.
		first := f.plan(t, time.Date(2021, 11, 29, 0, 30, 0, 0, bondgenoten.Amsterdam), nil)
		f.plan(t, time.Date(2031, 11, 29, 23, 30, 0, 0, bondgenoten.Amsterdam), nil)
		if _, err := f.meetings.Update(ctx, f.network, first.ID, meeting.Input{StartsAt: time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC)}); err == nil {
			t.Fatal("moved a meeting to year 9999")
		}
		for _, desc := range []bool{false, true} {
			if page, err := f.meetings.List(ctx, f.network, meeting.Filter{Descending: desc}); err != nil || len(page.Items) != 2 {
				t.Fatalf("list (desc %v): %v %d", desc, err, len(page.Items))
			}
		}

		// Due days: within five years too; none at all is fine.
		for _, due := range []bondgenoten.Date{{Year: 0, Month: 1, Day: 1}, {Year: 9999, Month: 12, Day: 31}, {Year: 2031, Month: 11, Day: 30}} {
			_, err := f.meetings.CreateAction(ctx, f.network, first.ID, meeting.ActionInput{Title: "x", OwnerParty: meeting.PartyPolice, Status: meeting.ActionOpen, DueOn: &due})
			wantField(t, err, bondgenoten.EINVALID, "dueOn", bondgenoten.RuleDateRange)
		}
		edge := bondgenoten.Date{Year: 2031, Month: 11, Day: 29}
		if _, err := f.meetings.CreateAction(ctx, f.network, first.ID, meeting.ActionInput{Title: "Laatste dag", OwnerParty: meeting.PartyPolice, Status: meeting.ActionOpen, DueOn: &edge}); err != nil {
			t.Fatal(err)
		}
		for _, title := range []string{"Zonder datum 1", "Zonder datum 2", "Zonder datum 3"} {
			if _, err := f.meetings.CreateAction(ctx, f.network, first.ID, meeting.ActionInput{Title: title, OwnerParty: meeting.PartyPolice, Status: meeting.ActionOpen}); err != nil {
				t.Fatal(err)
			}
		}
		// Pages of one walk past the actions without a due day, whose
		// cursor holds a day no client may give (9999-12-31).
		seen, cursor := 0, ""
		for {
			page, err := f.meetings.ListActions(ctx, f.network, meeting.ActionFilter{Limit: 1, Cursor: cursor}, bondgenoten.DateOf(now))
			if err != nil {
				t.Fatal(err)
			}
			seen += len(page.Items)
			if cursor = page.Next; cursor == "" {
				break
			}
		}
		if seen != 4 {
			t.Fatalf("paged through %d actions; want 4", seen)
		}
	})
}
