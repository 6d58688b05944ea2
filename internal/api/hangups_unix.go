//go:build unix

package api

import (
	"errors"
	"net"
	"syscall"
)

// canPoll: this system can read a socket without waiting (hungUp).
const canPoll = true

// hungUp reads what c holds without waiting, dropping it, and tells whether its peer has
// closed it (or it broke).
func hungUp(c net.Conn) bool {
	sc, ok := c.(syscall.Conn)
	if !ok {
		return false
	}
	rc, err := sc.SyscallConn()
	if err != nil {
		return false
	}
	gone := false
	var buf [256]byte
	err = rc.Read(func(fd uintptr) bool {
		for {
			n, _, err := syscall.Recvfrom(int(fd), buf[:], syscall.MSG_DONTWAIT)
			switch {
			case err == nil && n > 0: // sent by the client: dropped
			case err == nil: // the end of the stream: the client closed it
				gone = true
				return true
			case errors.Is(err, syscall.EINTR):
			case errors.Is(err, syscall.EAGAIN), errors.Is(err, syscall.EWOULDBLOCK):
				return true // nothing to read: still there
			default:
				gone = true // reset, or broken
				return true
			}
		}
	})
	return gone || err != nil // err: the connection is closed already
}
