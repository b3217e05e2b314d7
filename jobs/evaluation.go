package jobs

import (
	"context"

	"github.com/riverqueue/river"
	"github.com/robfig/cron/v3"

	"github.com/bondgenoten/bondgenoten/evaluation"
)

// DailyEvaluationSchedule is when the half-yearly evaluation scan runs:
// 06:00 in the Netherlands, so reminders are there when the working day
// starts. It also runs when the workers start (a missed day is caught up).
const DailyEvaluationSchedule = "CRON_TZ=Europe/Amsterdam 0 6 * * *"

// EvaluationScanArgs asks for the daily evaluation scan: open the
// evaluations that are due and send the reminders that are due.
type EvaluationScanArgs struct{}

func (EvaluationScanArgs) Kind() string { return "evaluation.scan" }

type evaluationScanWorker struct {
	river.WorkerDefaults[EvaluationScanArgs]
	evaluations *evaluation.Service
}

// Work runs the scan. It is idempotent (evaluation.Service.Scan): a retry
// after a crash or a timeout finishes what the first attempt left.
func (w *evaluationScanWorker) Work(ctx context.Context, _ *river.Job[EvaluationScanArgs]) error {
	_, err := w.evaluations.Scan(ctx)
	return err
}

// EvaluationScanJob is the periodic job of the daily scan, run on start too.
func EvaluationScanJob() *river.PeriodicJob {
	schedule, err := cron.ParseStandard(DailyEvaluationSchedule)
	if err != nil {
		panic("evaluation schedule: " + err.Error()) // a constant: a test catches it
	}
	return river.NewPeriodicJob(schedule, func() (river.JobArgs, *river.InsertOpts) {
		return EvaluationScanArgs{}, nil
	}, &river.PeriodicJobOpts{ID: "evaluation.scan.daily", RunOnStart: true})
}

// addEvaluation registers the evaluation scan's worker and its daily
// schedule when d has the service.
func addEvaluation(cfg *river.Config, workers *river.Workers, d Deps) {
	if d.Evaluations == nil {
		return
	}
	river.AddWorker(workers, &evaluationScanWorker{evaluations: d.Evaluations})
	cfg.PeriodicJobs = append(cfg.PeriodicJobs, EvaluationScanJob())
}
