//go:build !unix

package api

import "net"

// canPoll: this system has no read that does not wait here, so each detached stream has a
// goroutine that reads its connection (detached.watch).
const canPoll = false

func hungUp(net.Conn) bool { return false }

// tryWrite takes nothing here: the stream's goroutine writes it all, waiting (no pump runs
// where canPoll is false).
func (c *deadlineConn) tryWrite(bufs [][]byte) ([][]byte, error) { return bufs, nil }
