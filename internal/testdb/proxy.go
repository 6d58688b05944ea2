package testdb

import (
	"net"
	"net/url"
	"os"
	"sync"
	"testing"

	"github.com/go-sql-driver/mysql"

	"github.com/aidgraph/aidgraph/internal/store"
)

// Proxy stands between the server and its database, for fault tests: it forwards TCP
// connections on 127.0.0.1 to the database, and can freeze them (bytes stop flowing both ways,
// as when the database is stopped with SIGSTOP) or cut them (every connection closes, and new
// ones are refused), then let them be again. It never touches the database itself.
type Proxy struct {
	ln               net.Listener
	network, address string // the database's

	mu       sync.Mutex
	frozen   bool
	thawed   *sync.Cond
	cut      bool
	conns    map[net.Conn]bool
	stranded map[net.Conn]bool // connections that forward nothing and are never closed
	done     chan struct{}     // closed when the test ends
}

// NewProxy forwards to the database at network ("tcp" or "unix") and address until the test ends.
func NewProxy(t testing.TB, network, address string) *Proxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("proxy: %v", err)
	}
	p := &Proxy{ln: ln, network: network, address: address, conns: map[net.Conn]bool{}, stranded: map[net.Conn]bool{},
		done: make(chan struct{})}
	p.thawed = sync.NewCond(&p.mu)
	go p.serve()
	t.Cleanup(func() {
		close(p.done)
		ln.Close()
		p.Thaw()
		p.closeAll()
	})
	return p
}

// Addr is the address to connect to instead of the database's.
func (p *Proxy) Addr() string { return p.ln.Addr().String() }

// Freeze stops every byte, on open connections and new ones, until Thaw.
func (p *Proxy) Freeze() { p.locked(func() { p.frozen = true }) }

// Thaw lets bytes flow again.
func (p *Proxy) Thaw() { p.locked(func() { p.frozen = false; p.thawed.Broadcast() }) }

// Cut closes every connection and refuses new ones until Restore.
func (p *Proxy) Cut() {
	p.locked(func() { p.cut = true })
	p.closeAll()
}

// Strand leaves the connections open now half-open, as a network that drops them without a
// word does: not a byte more passes either way, and neither side is closed, whatever the client
// does, until the test ends. Connections made after pass as before.
func (p *Proxy) Strand() {
	p.locked(func() {
		for c := range p.conns {
			p.stranded[c] = true
		}
	})
}

// holding tells whether c is stranded; if it is, it waits for the test's end first.
func (p *Proxy) holding(c net.Conn) bool {
	p.mu.Lock()
	stranded := p.stranded[c]
	p.mu.Unlock()
	if stranded {
		<-p.done
	}
	return stranded
}

// Restore accepts connections again.
func (p *Proxy) Restore() { p.locked(func() { p.cut = false }) }

func (p *Proxy) locked(f func()) {
	p.mu.Lock()
	defer p.mu.Unlock()
	f()
}

func (p *Proxy) closeAll() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for c := range p.conns {
		c.Close()
		delete(p.conns, c)
	}
}

func (p *Proxy) serve() {
	for {
		client, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.mu.Lock()
		cut := p.cut
		p.mu.Unlock()
		if cut {
			client.Close()
			continue
		}
		db, err := net.Dial(p.network, p.address)
		if err != nil {
			client.Close()
			continue
		}
		p.mu.Lock()
		p.conns[client], p.conns[db] = true, true
		p.mu.Unlock()
		go p.pipe(db, client)
		go p.pipe(client, db)
	}
}

// pipe copies from src to dst, holding each chunk while the proxy is frozen.
func (p *Proxy) pipe(dst, src net.Conn) {
	defer dst.Close()
	defer src.Close()
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		if p.holding(src) || p.holding(dst) {
			return
		}
		if n > 0 {
			p.mu.Lock()
			for p.frozen {
				p.thawed.Wait()
			}
			p.mu.Unlock()
			if _, werr := dst.Write(buf[:n]); werr != nil {
				return
			}
		}
		if err != nil { // io.EOF or a closed connection: close the other side too
			return
		}
	}
}

// MySQLUpstream is where the MySQL server of the tests listens: the network and address that a
// Proxy forwards to.
func MySQLUpstream(t testing.TB) (network, address string) {
	t.Helper()
	u, err := url.Parse(os.Getenv(MySQLEnv))
	if os.Getenv(MySQLEnv) == "" || err != nil {
		t.Skipf("%s is not set to a mysql:// URL: MySQL test skipped", MySQLEnv)
	}
	if sock := u.Query().Get("socket"); sock != "" {
		return "unix", sock
	}
	host := u.Host
	if u.Port() == "" {
		host = net.JoinHostPort(u.Hostname(), "3306")
	}
	return "tcp", host
}

// Via returns the target that reaches the database of s (opened by testdb on MySQL) through
// the proxy at addr.
func Via(t testing.TB, s *store.Store, addr string) store.Target {
	t.Helper()
	target := TargetOf(t, s)
	cfg, err := mysql.ParseDSN(target.DSN)
	if err != nil {
		t.Fatalf("test database DSN: %v", err)
	}
	cfg.Net, cfg.Addr = "tcp", addr
	return store.Target{Dialect: store.MySQL, DSN: cfg.FormatDSN()}
}
