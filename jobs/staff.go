package jobs

import (
	"context"
	"errors"

	"github.com/google/uuid"
	"github.com/riverqueue/river"

	"github.com/bondgenoten/bondgenoten/identity"
	"github.com/bondgenoten/bondgenoten/tenant"
)

// StaffReconciler brings a domain's records in line with a person's
// current roles and status after a change (identity.StaffChangedArgs), or
// with every person of a tenant after the tenant's status changed
// (userID uuid.Nil). It reads the state as it is now and must be
// idempotent: River runs a job again after a crash or a failure, and two
// changes in a row cause two jobs.
type StaffReconciler interface {
	ReconcileStaff(ctx context.Context, tenantID, userID uuid.UUID) error
}

type staffChangedWorker struct {
	river.WorkerDefaults[identity.StaffChangedArgs]
	reconcilers []StaffReconciler
}

func (w *staffChangedWorker) Work(ctx context.Context, job *river.Job[identity.StaffChangedArgs]) error {
	return reconcileAll(ctx, w.reconcilers, job.Args.TenantID, job.Args.UserID)
}

type tenantStatusWorker struct {
	river.WorkerDefaults[tenant.StatusChangedArgs]
	reconcilers []StaffReconciler
}

func (w *tenantStatusWorker) Work(ctx context.Context, job *river.Job[tenant.StatusChangedArgs]) error {
	return reconcileAll(ctx, w.reconcilers, job.Args.TenantID, uuid.Nil)
}

// reconcileAll runs every reconciler, also after one failed, and fails
// with all their errors so River tries again (the others are idempotent).
func reconcileAll(ctx context.Context, rs []StaffReconciler, tenantID, userID uuid.UUID) error {
	var errs []error
	for _, r := range rs {
		errs = append(errs, r.ReconcileStaff(ctx, tenantID, userID))
	}
	return errors.Join(errs...)
}

// addStaffWorkers registers the follow-up of changes of roles, user status
// and tenant status. They are registered even without reconcilers, so the
// jobs the changes insert complete instead of failing as unknown kinds.
func addStaffWorkers(workers *river.Workers, d Deps) {
	river.AddWorker(workers, &staffChangedWorker{reconcilers: d.Staff})
	river.AddWorker(workers, &tenantStatusWorker{reconcilers: d.Staff})
}
