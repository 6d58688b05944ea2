package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	mysqldriver "github.com/go-sql-driver/mysql"
	"gorm.io/driver/mysql"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
	"gorm.io/plugin/dbresolver"
)

// Replica routing. Reads of a request go to one replica, chosen when the request first reads:
// a healthy one whose copy of the data version has reached the request's token (WithMinSeq);
// else to the primary. Writes, and everything in a write's transaction, go to the primary
// (dbresolver sends every statement but a SELECT there, and a transaction never switches), and
// so does every read of a request after it wrote. A statement a replica fails is run again on
// the primary, and the replica is left out until a check finds it well again.
//
// The checks run every replicaCheckEvery on each instance: each reads the primary's data version
// and every replica's. A replica that does not answer within replicaCheckTimeout, or whose copy
// is behind the primary by more than the allowed lag, is left out; one that answers and is
// within the lag is taken back. The lag is time: how long ago the primary was first seen past
// the replica's version.
const (
	replicaCheckEvery   = 250 * time.Millisecond
	replicaCheckTimeout = 500 * time.Millisecond
	// DefaultReplicaMaxLag is how far behind the primary a replica may be and still serve reads
	// without a token (README: the settings table).
	DefaultReplicaMaxLag = 2 * time.Second
	// primaryHistory bounds the primary's versions remembered for the lag: 64 s of writes at
	// one per check.
	primaryHistory = 256
)

// PrimaryName is the database name of the primary in metrics and traces.
const PrimaryName = "primary"

// dataVersionSQL reads the data version, the seq of the last committed write.
const dataVersionSQL = "SELECT version FROM data_version WHERE id = 1"

// route is where a request's reads go: the primary, or one replica.
type route struct {
	name string
	use  clause.Expression // dbresolver.Use of this route's resolver
	rep  *replica          // nil for the primary
}

// replica is one read replica, with what the latest check found.
type replica struct {
	name    string
	db      *sql.DB
	route   *route
	healthy atomic.Bool
	seq     atomic.Int64 // its data version at the latest check that reached it
	lag     atomic.Int64 // nanoseconds behind the primary at the latest check
	reads   atomic.Int64 // read statements it served
	failed  atomic.Int64 // read statements it failed, run again on the primary
	lastErr atomic.Pointer[string]
}

// ReplicaStatus is what the latest check found of one replica, for metrics.
type ReplicaStatus struct {
	Name     string
	Healthy  bool
	Seq      int64
	Lag      time.Duration
	Reads    int64 // read statements of requests it served
	Fallback int64 // read statements it failed, run again on the primary
}

// replicaSet holds the replicas and the primary's reads of requests.
type replicaSet struct {
	primary      *sql.DB
	primaryRoute *route
	primaryReads atomic.Int64
	list         []*replica
	maxLag       time.Duration
	next         atomic.Uint64

	mu   sync.Mutex
	hist []seqAt // the primary's versions as checks saw them change, oldest first

	stop chan struct{}
	done chan struct{}
}

type seqAt struct {
	at  time.Time
	seq int64
}

// openReplicas connects to the replicas (lazily: one down at start-up is only left out), routes
// reads to them through dbresolver, runs the first check and starts the checks.
func openReplicas(db *gorm.DB, primary *sql.DB, targets []Target, opt Options) (*replicaSet, error) {
	rs := &replicaSet{primary: primary, maxLag: opt.ReplicaMaxLag, stop: make(chan struct{}), done: make(chan struct{})}
	if rs.maxLag <= 0 {
		rs.maxLag = DefaultReplicaMaxLag
	}
	res := &dbresolver.DBResolver{}
	pname := "aidgraph:route:" + PrimaryName
	rs.primaryRoute = &route{name: PrimaryName, use: dbresolver.Use(pname)}
	res.Register(dbresolver.Config{Replicas: []gorm.Dialector{readDialector(&readPool{rs: rs, db: primary})}}, pname)
	for i, t := range targets {
		if t.Dialect != MySQL {
			rs.close()
			return nil, fmt.Errorf("replica %d: replicas are MySQL databases (mysql://...), not %s", i+1, t.Dialect)
		}
		sqlDB, err := sql.Open("mysql", t.DSN)
		if err != nil {
			rs.close()
			return nil, fmt.Errorf("open replica %d: %w", i+1, err)
		}
		configurePool(sqlDB, MySQL, opt)
		rep := &replica{name: fmt.Sprintf("replica%d", i+1), db: sqlDB}
		rname := "aidgraph:route:" + rep.name
		rep.route = &route{name: rep.name, use: dbresolver.Use(rname), rep: rep}
		rs.list = append(rs.list, rep)
		res.Register(dbresolver.Config{Replicas: []gorm.Dialector{readDialector(&readPool{rs: rs, rep: rep, db: sqlDB})}}, rname)
	}
	if err := db.Use(res); err != nil {
		rs.close()
		return nil, fmt.Errorf("route reads to replicas: %w", err)
	}
	rs.check()
	go rs.run()
	return rs, nil
}

// readDialector opens a read pool as GORM's MySQL dialect without asking the server anything, so
// that a replica down at start-up does not stop the start.
func readDialector(p *readPool) gorm.Dialector {
	return mysql.New(mysql.Config{Conn: p, SkipInitializeWithVersion: true})
}

func (rs *replicaSet) run() {
	defer close(rs.done)
	t := time.NewTicker(replicaCheckEvery)
	defer t.Stop()
	for {
		select {
		case <-rs.stop:
			return
		case <-t.C:
			rs.check()
		}
	}
}

func (rs *replicaSet) close() {
	select {
	case <-rs.stop:
	default:
		close(rs.stop)
	}
	for _, r := range rs.list {
		_ = r.db.Close()
	}
}

// check reads the primary's version and every replica's, and leaves out or takes back each.
func (rs *replicaSet) check() {
	ctx, cancel := context.WithTimeout(context.Background(), replicaCheckTimeout)
	defer cancel()
	if v, err := readSeq(ctx, rs.primary); err == nil {
		rs.observe(time.Now(), v)
	}
	var wg sync.WaitGroup
	for _, r := range rs.list {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v, err := readSeq(ctx, r.db)
			if err != nil {
				r.leaveOut(err)
				return
			}
			r.seq.Store(v)
			lag := rs.lagOf(v, time.Now())
			r.lag.Store(int64(lag))
			if lag > rs.maxLag {
				r.leaveOut(fmt.Errorf("behind the primary by %s, past the allowed %s", lag.Round(time.Millisecond), rs.maxLag))
				return
			}
			if !r.healthy.Swap(true) {
				slog.Info("replica takes reads", "replica", r.name, "seq", v)
			}
		}()
	}
	wg.Wait()
}

func readSeq(ctx context.Context, db *sql.DB) (int64, error) {
	var v int64
	err := db.QueryRowContext(ctx, dataVersionSQL).Scan(&v)
	return v, err
}

// leaveOut stops reads going to r until a check finds it well.
func (r *replica) leaveOut(why error) {
	msg := why.Error()
	r.lastErr.Store(&msg)
	if r.healthy.Swap(false) {
		slog.Warn("replica left out", "replica", r.name, "why", msg)
	}
}

// observe remembers the primary's version v at t, if it changed.
func (rs *replicaSet) observe(t time.Time, v int64) {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	if n := len(rs.hist); n > 0 && rs.hist[n-1].seq >= v {
		return
	}
	if len(rs.hist) == primaryHistory {
		rs.hist = append(rs.hist[:0], rs.hist[1:]...)
	}
	rs.hist = append(rs.hist, seqAt{t, v})
}

// lagOf is how long ago the primary was first seen past version v: zero if it never was.
func (rs *replicaSet) lagOf(v int64, now time.Time) time.Duration {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	i := sort.Search(len(rs.hist), func(i int) bool { return rs.hist[i].seq > v })
	if i == len(rs.hist) {
		return 0
	}
	return now.Sub(rs.hist[i].at)
}

// choose picks the route of a request whose token is minSeq: a healthy replica that has
// reached it, taking turns, else the primary.
func (rs *replicaSet) choose(minSeq int64) *route {
	n := uint64(len(rs.list))
	start := rs.next.Add(1)
	for i := range n {
		r := rs.list[(start+i)%n]
		if r.healthy.Load() && r.seq.Load() >= minSeq {
			return r.route
		}
	}
	return rs.primaryRoute
}

// routeOf returns the route of the request in ctx, choosing it at its first read; nil outside a
// request (start-up, imports), which reads the primary without counting.
func (rs *replicaSet) routeOf(ctx context.Context) *route {
	ss := sessionOf(ctx)
	if ss == nil {
		return nil
	}
	if r := ss.route.Load(); r != nil {
		return r
	}
	min := ss.minSeq.Load()
	r := rs.choose(min)
	if r.rep == nil && min > 0 {
		r = rs.probe(ctx, min)
	}
	ss.route.CompareAndSwap(nil, r)
	return ss.route.Load()
}

// probe asks a healthy replica, which the latest check found short of a request's token, for
// its version now (replication usually follows within milliseconds, and checks come every
// replicaCheckEvery): one statement on the replica, and the request reads there if it has
// reached the token, else on the primary.
func (rs *replicaSet) probe(ctx context.Context, minSeq int64) *route {
	n := uint64(len(rs.list))
	start := rs.next.Add(1)
	for i := range n {
		r := rs.list[(start+i)%n]
		if !r.healthy.Load() {
			continue
		}
		pctx, cancel := context.WithTimeout(ctx, replicaCheckTimeout)
		v, err := readSeq(pctx, r.db)
		cancel()
		r.reads.Add(1)
		if err != nil {
			r.leaveOut(err)
			continue
		}
		for cur := r.seq.Load(); v > cur && !r.seq.CompareAndSwap(cur, v); cur = r.seq.Load() {
		}
		if v >= minSeq {
			return r.route
		}
		break // one statement at most: the primary has it
	}
	return rs.primaryRoute
}

// status reports every replica, in order.
func (rs *replicaSet) status() []ReplicaStatus {
	out := make([]ReplicaStatus, len(rs.list))
	for i, r := range rs.list {
		out[i] = ReplicaStatus{Name: r.name, Healthy: r.healthy.Load(), Seq: r.seq.Load(), Lag: time.Duration(r.lag.Load()),
			Reads: r.reads.Load(), Fallback: r.failed.Load()}
	}
	return out
}

// readPool is the connection pool GORM reads a route through: a replica's, which runs a
// statement the replica fails (or that comes when it is left out) on the primary instead, or
// the primary's. It counts the statements each serves.
type readPool struct {
	rs  *replicaSet
	rep *replica // nil: the primary
	db  *sql.DB
}

var _ gorm.ConnPool = (*readPool)(nil)

func (p *readPool) PrepareContext(ctx context.Context, query string) (*sql.Stmt, error) {
	return p.pool(ctx).PrepareContext(ctx, query)
}

// ExecContext runs on the primary: nothing but reads belongs on a replica.
func (p *readPool) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return p.rs.primary.ExecContext(ctx, query, args...)
}

func (p *readPool) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if r := p.rep; r != nil && r.healthy.Load() {
		rows, err := p.db.QueryContext(ctx, query, args...)
		if err == nil || ctx.Err() != nil {
			r.reads.Add(1)
			return rows, err
		}
		r.failed.Add(1)
		var refused *mysqldriver.MySQLError
		if !errors.As(err, &refused) { // the replica, not the statement: leave it out now
			r.leaveOut(err)
		}
		slog.WarnContext(ctx, "replica failed a read: reading the primary", "replica", r.name, "err", err)
		p.toPrimary(ctx)
	}
	p.rs.primaryReads.Add(1)
	return p.rs.primary.QueryContext(ctx, query, args...)
}

func (p *readPool) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	db := p.pool(ctx)
	if db == p.rs.primary {
		p.rs.primaryReads.Add(1)
	} else {
		p.rep.reads.Add(1)
	}
	return db.QueryRowContext(ctx, query, args...)
}

// pool is the replica's pool while it is well, else the primary's.
func (p *readPool) pool(ctx context.Context) *sql.DB {
	if p.rep != nil && p.rep.healthy.Load() {
		return p.db
	}
	if p.rep != nil {
		p.toPrimary(ctx)
	}
	return p.rs.primary
}

// toPrimary sends the rest of the request's reads to the primary.
func (p *readPool) toPrimary(ctx context.Context) {
	if ss := sessionOf(ctx); ss != nil {
		ss.route.Store(p.rs.primaryRoute)
	}
}
