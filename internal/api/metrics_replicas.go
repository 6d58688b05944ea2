package api

import (
	"github.com/prometheus/client_golang/prometheus"

	"github.com/aidgraph/aidgraph/internal/store"
)

// replicaCollector reports, with replicas, where requests' reads went and what the latest
// checks found of each replica.
type replicaCollector struct{ s *store.Store }

var (
	readsDesc = prometheus.NewDesc("aidgraph_db_reads_total",
		"Read statements of requests, by the database that served them (primary, replica1, ...); with replicas only.", []string{"database"}, nil)
	fallbackDesc = prometheus.NewDesc("aidgraph_db_replica_fallbacks_total",
		"Read statements a replica failed, which the primary then served.", []string{"database"}, nil)
	healthyDesc = prometheus.NewDesc("aidgraph_db_replica_healthy",
		"1 while the replica takes reads (it answers and is within --replica-max-lag), 0 while it is left out.", []string{"database"}, nil)
	lagDesc = prometheus.NewDesc("aidgraph_db_replica_lag_seconds",
		"How far behind the primary the replica was at the latest check.", []string{"database"}, nil)
	seqDesc = prometheus.NewDesc("aidgraph_db_replica_seq",
		"The data version (seq) the replica had reached at the latest check that reached it.", []string{"database"}, nil)
)

func (c replicaCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{readsDesc, fallbackDesc, healthyDesc, lagDesc, seqDesc} {
		ch <- d
	}
}

func (c replicaCollector) Collect(ch chan<- prometheus.Metric) {
	primary, reps := c.s.Replicas()
	ch <- prometheus.MustNewConstMetric(readsDesc, prometheus.CounterValue, float64(primary), store.PrimaryName)
	for _, r := range reps {
		healthy := 0.0
		if r.Healthy {
			healthy = 1
		}
		ch <- prometheus.MustNewConstMetric(readsDesc, prometheus.CounterValue, float64(r.Reads), r.Name)
		ch <- prometheus.MustNewConstMetric(fallbackDesc, prometheus.CounterValue, float64(r.Fallback), r.Name)
		ch <- prometheus.MustNewConstMetric(healthyDesc, prometheus.GaugeValue, healthy, r.Name)
		ch <- prometheus.MustNewConstMetric(lagDesc, prometheus.GaugeValue, r.Lag.Seconds(), r.Name)
		ch <- prometheus.MustNewConstMetric(seqDesc, prometheus.GaugeValue, float64(r.Seq), r.Name)
	}
}
