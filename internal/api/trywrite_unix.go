//go:build unix

package api

import (
	"errors"
	"syscall"

	"golang.org/x/sys/unix"
)

// tryWrite writes what of bufs the connection takes now, without waiting, in one system call
// (writev) when it takes everything, and returns what it did not take.
func (c *deadlineConn) tryWrite(bufs [][]byte) ([][]byte, error) {
	sc, ok := c.Conn.(syscall.Conn)
	if !ok {
		return bufs, nil
	}
	rc, err := sc.SyscallConn()
	if err != nil {
		return nil, err
	}
	var werr error
	err = rc.Write(func(fd uintptr) bool {
		for len(bufs) > 0 {
			n, err := unix.Writev(int(fd), bufs)
			switch {
			case errors.Is(err, unix.EINTR):
				continue
			case errors.Is(err, unix.EAGAIN):
				return true // full: the rest waits
			case err != nil:
				werr = err
				return true
			}
			bufs = consumed(bufs, n)
		}
		return true
	})
	if err == nil {
		err = werr
	}
	c.check(err)
	return bufs, err
}

// consumed returns bufs without their first n bytes.
func consumed(bufs [][]byte, n int) [][]byte {
	for n > 0 && len(bufs) > 0 {
		if n < len(bufs[0]) {
			bufs[0] = bufs[0][n:]
			return bufs
		}
		n -= len(bufs[0])
		bufs = bufs[1:]
	}
	for len(bufs) > 0 && len(bufs[0]) == 0 {
		bufs = bufs[1:]
	}
	return bufs
}
