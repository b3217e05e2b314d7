package jobs

import (
	"context"

	"github.com/riverqueue/river"
	"github.com/robfig/cron/v3"
)

// DailyIntroductionSchedule is when the introduction scan runs: 06:30 in
// the Netherlands. The scan is daily so that each programme's reminder
// comes a week after its start or its last reminder, on its own weekday;
// it also runs when the workers start (a missed day is caught up).
const DailyIntroductionSchedule = "CRON_TZ=Europe/Amsterdam 30 6 * * *"

// IntroductionScanArgs asks for the introduction scan: complete what is
// complete, remind the people whose week has passed, tell the coordinators
// of programmes eight weeks old.
type IntroductionScanArgs struct{}

func (IntroductionScanArgs) Kind() string { return "introduction.scan" }

type introductionScanWorker struct {
	river.WorkerDefaults[IntroductionScanArgs]
	deps Deps
}

// Work runs the scan. It is idempotent (introduction.Service.Scan marks
// what it sent in the same transaction), so a retry sends nothing twice.
func (w *introductionScanWorker) Work(ctx context.Context, _ *river.Job[IntroductionScanArgs]) error {
	_, err := w.deps.Introductions.Scan(ctx)
	return err
}

// IntroductionScanJob is the periodic job of the daily scan, run on start too.
func IntroductionScanJob() *river.PeriodicJob {
	schedule, err := cron.ParseStandard(DailyIntroductionSchedule)
	if err != nil {
		panic("introduction schedule: " + err.Error()) // a constant: a test catches it
	}
	return river.NewPeriodicJob(schedule, func() (river.JobArgs, *river.InsertOpts) {
		return IntroductionScanArgs{}, nil
	}, &river.PeriodicJobOpts{ID: "introduction.scan.daily", RunOnStart: true})
}

// addIntroduction registers the introduction scan's worker and its daily
// schedule when d has the service. (The programmes themselves are created
// by the staff follow-up: introduction.Service is one of d.Staff.)
func addIntroduction(cfg *river.Config, workers *river.Workers, d Deps) {
	if d.Introductions == nil {
		return
	}
	river.AddWorker(workers, &introductionScanWorker{deps: d})
	cfg.PeriodicJobs = append(cfg.PeriodicJobs, IntroductionScanJob())
}
