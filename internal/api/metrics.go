package api

import (
	"bytes"
	"encoding/json"
	"net/http"
	"regexp"
	"strconv"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/aidgraph/aidgraph/internal/live"
	"github.com/aidgraph/aidgraph/internal/priority"
	"github.com/aidgraph/aidgraph/internal/sqlstats"
	"github.com/aidgraph/aidgraph/internal/store"
)

// MetricsPath serves the metrics, in Prometheus's text format.
const MetricsPath = "/metrics"

// metrics are one server's Prometheus metrics, in a registry of their own (tests run many
// servers in one process). Operation names come from clients, so at most maxOperations of them
// become labels; the others count as "other".
type metrics struct {
	registry   *prometheus.Registry
	requests   *prometheus.CounterVec
	duration   *prometheus.HistogramVec
	cost       prometheus.Histogram
	statements prometheus.Counter
	sqlTime    prometheus.Counter
	inFlight   prometheus.Gauge
	rejections *prometheus.CounterVec
	cache      *prometheus.CounterVec
	untrusted  *prometheus.CounterVec
	operations labelSet
}

const maxOperations = 100

func newMetrics(s *store.Store) *metrics {
	m := &metrics{
		registry: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "aidgraph_requests_total",
			Help: "Requests to /query, by operation name and outcome (ok, refused, shed, server_error)."}, []string{"operation", "outcome"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "aidgraph_request_duration_seconds",
			Help: "Time to answer a request to /query, by operation name.", Buckets: prometheus.ExponentialBuckets(0.0005, 2, 16)}, []string{"operation"}),
		cost: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "aidgraph_request_cost",
			Help: "Estimated cost of each operation (README: What a query costs).", Buckets: prometheus.ExponentialBuckets(10, 4, 9)}),
		statements: prometheus.NewCounter(prometheus.CounterOpts{Name: "aidgraph_sql_statements_total", Help: "SQL statements run for requests."}),
		sqlTime:    prometheus.NewCounter(prometheus.CounterOpts{Name: "aidgraph_sql_seconds_total", Help: "Time spent in SQL statements for requests."}),
		inFlight:   prometheus.NewGauge(prometheus.GaugeOpts{Name: "aidgraph_requests_in_flight", Help: "Requests to /query being answered now."}),
		rejections: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "aidgraph_rejections_total",
			Help: "Requests refused before or instead of running, by error code (QUERY_TOO_COMPLEX, SERVICE_UNAVAILABLE, ...)."}, []string{"reason"}),
		cache: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "aidgraph_result_cache_requests_total",
			Help: "Requests that the result cache answered (hit) or passed on (miss)."}, []string{"result"}),
		untrusted: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "aidgraph_untrusted_documents_total",
			Help: "Documents the operation registry does not hold, by what --trusted-documents did: allowed (allow) or refused (enforce)."}, []string{"action"}),
		operations: labelSet{max: maxOperations, seen: map[string]bool{}},
	}
	m.registry.MustRegister(m.requests, m.duration, m.cost, m.statements, m.sqlTime, m.inFlight, m.rejections, m.cache, m.untrusted,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		collectors.NewDBStatsCollector(s.SQLDB(), "aidgraph"))
	if s.HasReplicas() {
		m.registry.MustRegister(replicaCollector{s})
	}
	return m
}

// writeYield reports how long writes gave way to reads.
func (m *metrics) writeYield(g *priority.Gate) {
	if g == nil {
		return
	}
	m.registry.MustRegister(prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "aidgraph_write_yield_seconds_total",
		Help: "Time writes waited for reads to end and for their turn beside them (--write-yield)."},
		func() float64 { return g.Waited().Seconds() }))
}

// cacheBytes reports the result cache's size.
func (m *metrics) cacheBytes(c *resultCache) {
	m.registry.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "aidgraph_result_cache_bytes",
		Help: "Bytes of responses the result cache holds."}, func() float64 { return float64(c.bytes()) }))
}

func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{})
}

// observe measures each request to the endpoint: its outcome, time, cost and statements, and
// the reason it was refused, read from the code of a refusal's error.
func (m *metrics) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		m.inFlight.Inc()
		defer m.inFlight.Dec()
		start := time.Now()
		rec := &refusalRecorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		op, cost := "", 0
		if ri := infoOf(r.Context()); ri != nil {
			op, cost = ri.get()
		}
		op = m.operations.label(op)
		reason := rec.reason()
		m.requests.WithLabelValues(op, outcome(rec.status, reason)).Inc()
		m.duration.WithLabelValues(op).Observe(time.Since(start).Seconds())
		if cost > 0 {
			m.cost.Observe(float64(cost))
		}
		if st := sqlstats.From(r.Context()); st != nil {
			m.statements.Add(float64(st.Statements()))
			m.sqlTime.Add(st.Duration().Seconds())
		}
		if reason != "" {
			m.rejections.WithLabelValues(reason).Inc()
		}
		if c := rec.Header().Get(CacheHeader); c != "" {
			m.cache.WithLabelValues(c).Inc()
		}
	})
}

func outcome(status int, reason string) string {
	switch {
	case status == http.StatusServiceUnavailable:
		return "shed"
	case status >= 500:
		return "server_error"
	case reason != "":
		return "refused"
	}
	return "ok"
}

// refusalRecorder keeps the start of a response that may be a refusal: one that is not a 200,
// or that begins with errors (gqlgen writes them first), whose first error's code names the
// reason when no data came with it.
type refusalRecorder struct {
	http.ResponseWriter
	status int
	head   bytes.Buffer
	keep   bool
	wrote  bool
}

// Unwrap lets http.ResponseController reach the connection (request.go sets read deadlines).
func (r *refusalRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

func (r *refusalRecorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

func (r *refusalRecorder) Write(b []byte) (int, error) {
	if !r.wrote {
		r.wrote = true
		r.keep = r.status != http.StatusOK || bytes.HasPrefix(b, []byte(`{"errors"`))
	}
	if r.keep && r.head.Len() < 4096 {
		r.head.Write(b[:min(len(b), 4096-r.head.Len())])
	}
	return r.ResponseWriter.Write(b)
}

var codeLabel = regexp.MustCompile(`^[A-Z_]{1,40}$`)

func (r *refusalRecorder) reason() string {
	if !r.keep {
		return ""
	}
	var body struct {
		Errors []struct {
			Extensions struct{ Code string } `json:"extensions"`
		} `json:"errors"`
		Data json.RawMessage `json:"data"`
	}
	err := json.Unmarshal(r.head.Bytes(), &body)
	switch {
	case err == nil && len(body.Data) > 0 && string(body.Data) != "null":
		return "" // an answer, with errors in some fields
	case err != nil || len(body.Errors) == 0 || !codeLabel.MatchString(body.Errors[0].Extensions.Code):
		if r.status == http.StatusOK {
			return ""
		}
		return "HTTP_" + strconv.Itoa(r.status)
	}
	return body.Errors[0].Extensions.Code
}

// labelSet bounds the values a label takes: the first max distinct names keep their own, and
// names that are not plain GraphQL names, or come after, are "other".
type labelSet struct {
	mu   sync.Mutex
	max  int
	seen map[string]bool
}

var graphQLName = regexp.MustCompile(`^[_A-Za-z][_0-9A-Za-z]{0,63}$`)

func (l *labelSet) label(name string) string {
	if name == "" {
		return "anonymous"
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.seen[name] {
		return name
	}
	if len(l.seen) >= l.max || !graphQLName.MatchString(name) {
		return "other"
	}
	l.seen[name] = true
	return name
}

// live reports the subscriptions hub serves (nothing when it is nil).
func (m *metrics) live(hub *live.Hub) {
	if hub != nil {
		m.registry.MustRegister(liveCollector{hub})
	}
}

// liveCollector reads the hub's figures at each scrape.
type liveCollector struct{ hub *live.Hub }

var (
	liveSubscribers = prometheus.NewDesc("aidgraph_subscriptions", "Subscriptions this instance serves now.", nil, nil)
	liveSent        = prometheus.NewDesc("aidgraph_subscription_events_total", "Changes sent to subscribers.", nil, nil)
	liveLag         = prometheus.NewDesc("aidgraph_subscription_lag_seq",
		"How many seqs the subscriber furthest behind is behind this instance's head of the change log.", nil, nil)
	liveEnded = prometheus.NewDesc("aidgraph_subscription_disconnects_total",
		"Subscriptions ended, by reason: client (it left), slow (it fell behind), shutdown, error.", []string{"reason"}, nil)
)

func (c liveCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- liveSubscribers
	ch <- liveSent
	ch <- liveLag
	ch <- liveEnded
}

func (c liveCollector) Collect(ch chan<- prometheus.Metric) {
	st := c.hub.Stats()
	ch <- prometheus.MustNewConstMetric(liveSubscribers, prometheus.GaugeValue, float64(st.Subscribers))
	ch <- prometheus.MustNewConstMetric(liveSent, prometheus.CounterValue, float64(st.Sent))
	ch <- prometheus.MustNewConstMetric(liveLag, prometheus.GaugeValue, float64(st.Lag))
	for _, r := range []string{live.ReasonClient, live.ReasonSlow, live.ReasonShutdown, live.ReasonError} {
		ch <- prometheus.MustNewConstMetric(liveEnded, prometheus.CounterValue, float64(st.Disconnects[r]), r)
	}
}
