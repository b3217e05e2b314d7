package jobs

import (
	"context"
	"log/slog"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/bondgenoten/bondgenoten/store"
)

// Collector exposes River's job counts by kind and state to Prometheus. It
// counts on each scrape, so every replica reports the shared queue.
type Collector struct {
	db     *store.DB
	logger *slog.Logger
	desc   *prometheus.Desc
}

// NewCollector returns a collector over db's river_job table.
func NewCollector(db *store.DB, logger *slog.Logger) *Collector {
	return &Collector{
		db:     db,
		logger: logger,
		desc: prometheus.NewDesc("bondgenoten_river_jobs",
			"River jobs in the queue table, by kind and state.", []string{"kind", "state"}, nil),
	}
}

func (c *Collector) Describe(ch chan<- *prometheus.Desc) { ch <- c.desc }

func (c *Collector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	var rows []struct {
		Kind  string `bun:"kind"`
		State string `bun:"state"`
		N     int    `bun:"n"`
	}
	err := c.db.Unscoped().NewSelect().Table("river_job").
		ColumnExpr("kind, state, count(*) AS n").Group("kind", "state").Scan(ctx, &rows)
	if err != nil {
		c.logger.Warn("metrics: counting river jobs failed", "err", err)
		return
	}
	for _, r := range rows {
		ch <- prometheus.MustNewConstMetric(c.desc, prometheus.GaugeValue, float64(r.N), r.Kind, r.State)
	}
}
