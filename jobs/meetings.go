package jobs

import (
	"context"
	"time"

	"github.com/riverqueue/river"
	"github.com/robfig/cron/v3"

	"github.com/bondgenoten/bondgenoten/meeting"
)

// MeetingRemindersInterval is how often the meeting reminders run: a
// meeting's invitees hear of it between meeting.ReminderLead and an hour
// less before it starts.
const MeetingRemindersInterval = time.Hour

// CadenceSchedule is when the cadence reminders run: 07:00 in the
// Netherlands, before the coordinators' working day.
const CadenceSchedule = "CRON_TZ=Europe/Amsterdam 0 7 * * *"

var cadenceSchedule = func() cron.Schedule {
	s, err := cron.ParseStandard(CadenceSchedule)
	if err != nil {
		panic("cadence schedule: " + err.Error())
	}
	return s
}()

// MeetingRemindersArgs asks to remind the invitees of the meetings in two
// days (meeting.Service.SendReminders). It holds nothing: the job looks at
// every meeting and remembers which it reminded.
type MeetingRemindersArgs struct{}

func (MeetingRemindersArgs) Kind() string { return "meeting.reminders" }

// CadenceRemindersArgs asks to raise and clear the networks' cadence
// conditions (meeting.Service.CheckCadence).
type CadenceRemindersArgs struct{}

func (CadenceRemindersArgs) Kind() string { return "meeting.cadence" }

type meetingRemindersWorker struct {
	river.WorkerDefaults[MeetingRemindersArgs]
	meetings *meeting.Service
}

func (w *meetingRemindersWorker) Work(ctx context.Context, _ *river.Job[MeetingRemindersArgs]) error {
	_, err := w.meetings.SendReminders(ctx)
	return err
}

type cadenceRemindersWorker struct {
	river.WorkerDefaults[CadenceRemindersArgs]
	meetings *meeting.Service
}

func (w *cadenceRemindersWorker) Work(ctx context.Context, _ *river.Job[CadenceRemindersArgs]) error {
	_, err := w.meetings.CheckCadence(ctx)
	return err
}

// addMeetingWorkers registers the meeting reminders (hourly) and the
// cadence reminders (daily) and returns their periodic jobs; both run on
// start too, since a missed run matters, and both are idempotent. Without
// d.Meetings it adds nothing.
func addMeetingWorkers(workers *river.Workers, d Deps) []*river.PeriodicJob {
	if d.Meetings == nil {
		return nil
	}
	river.AddWorker(workers, &meetingRemindersWorker{meetings: d.Meetings})
	river.AddWorker(workers, &cadenceRemindersWorker{meetings: d.Meetings})
	return []*river.PeriodicJob{
		river.NewPeriodicJob(river.PeriodicInterval(MeetingRemindersInterval),
			func() (river.JobArgs, *river.InsertOpts) { return MeetingRemindersArgs{}, nil },
			&river.PeriodicJobOpts{ID: "meeting.reminders", RunOnStart: true}),
		river.NewPeriodicJob(cadenceSchedule,
			func() (river.JobArgs, *river.InsertOpts) { return CadenceRemindersArgs{}, nil },
			&river.PeriodicJobOpts{ID: "meeting.cadence", RunOnStart: true}),
	}
}
