package transport

import (
	"io"
	"os"
	"syscall"
)

// Read serves bytes already read; otherwise it waits for the socket to
// become readable and only then takes a pool buffer to read into.
// Reads of at least readChunk go straight into p.
//
// A read of at most minBufioReader bytes takes one byte. The WebSocket
// library reads frame headers, and payloads shorter than its buffer,
// through a bufio.Reader of that size, which fills its whole buffer when
// it can: a small frame could then end up in that buffer, where
// awaitInput cannot see it, and wait there until more bytes arrive. One
// byte at a time, the library's buffer never holds more than it asked
// for, and everything else stays in pending.
func (s *slimSocket) Read(p []byte) (int, error) {
	s.readMu.Lock()
	defer s.readMu.Unlock()
	if len(p) <= minBufioReader {
		p = p[:min(len(p), 1)]
	}
	if len(s.pending) > 0 {
		return s.consume(p), nil
	}
	if s.under != nil {
		return s.Conn.Read(p) // TLS keeps what waits in its own buffers
	}
	if len(p) >= readChunk {
		return s.Conn.Read(p)
	}
	if err := s.fill(); err != nil {
		return 0, err
	}
	return s.consume(p), nil
}

// awaitInput blocks until bytes are waiting to be read (or the socket
// failed). The reader calls it before asking the WebSocket library for
// the next message, so that an idle connection waits in a shallow call
// stack: the goroutine's stack can then shrink to the minimum. Pongs
// that arrive meanwhile are dropped here (see skipPongs): they are not
// input.
func (s *slimSocket) awaitInput() error {
	s.readMu.Lock()
	defer s.readMu.Unlock()
	for {
		if len(s.pending) == 0 {
			if err := s.fill(); err != nil {
				return err
			}
		}
		if err := s.completePong(); err != nil {
			return err
		}
		s.skipPongs()
		if len(s.pending) > 0 {
			return nil
		}
	}
}

// consume copies pending bytes into p.
func (s *slimSocket) consume(p []byte) int {
	n := copy(p, s.pending)
	s.discard(n)
	return n
}

// discard drops n pending bytes and returns the pool buffer once they are
// all consumed.
func (s *slimSocket) discard(n int) {
	s.pending = s.pending[n:]
	if len(s.pending) == 0 {
		if s.pooled != nil {
			readBuffers.Put(s.pooled)
		}
		s.pooled, s.pending = nil, nil
	}
}

// fill waits until the socket is readable and reads what is there into a
// pool buffer. Under TLS it reads one byte: TLS may hold more already,
// where the socket's readiness cannot tell, so only a read can wait.
func (s *slimSocket) fill() error {
	if s.under != nil {
		if _, err := s.Conn.Read(s.one[:]); err != nil {
			return err
		}
		s.pending = s.one[:]
		return nil
	}
	var n int
	var rerr error
	err := s.raw.Read(func(fd uintptr) bool {
		buf := readBuffers.Get().(*[]byte)
		for {
			n, rerr = syscall.Read(int(fd), *buf)
			if rerr != syscall.EINTR {
				break
			}
		}
		if rerr == syscall.EAGAIN {
			readBuffers.Put(buf)
			return false // nothing yet: wait without holding the buffer
		}
		if rerr != nil || n <= 0 {
			readBuffers.Put(buf)
			return true
		}
		s.pooled, s.pending = buf, (*buf)[:n]
		return true
	})
	switch {
	case err != nil:
		return err
	case rerr != nil:
		return os.NewSyscallError("read", rerr)
	case n == 0:
		return io.EOF
	}
	return nil
}

// completePong reads the rest of a pong that pending begins with, under
// TLS, where fill reads one byte at a time: skipPongs then sees it whole.
// It reads no further than the pong's end, so it waits only for bytes
// the peer has begun to send. A pong the library must reject is left to
// it. Over plain TCP fill reads what is there, and skipPongs leaves a
// pong cut short to the library.
func (s *slimSocket) completePong() error {
	if s.under == nil || len(s.pending) == 0 || s.pending[0] != 0x80|opPong {
		return nil
	}
	if err := s.pendAtLeast(2); err != nil {
		return err
	}
	payload := int(s.pending[1] & 0x7f)
	if s.pending[1]&0x80 == 0 || payload > maxControlPayload {
		return nil
	}
	return s.pendAtLeast(2 + 4 + payload)
}

// pendAtLeast reads until pending holds n bytes (n at most readChunk),
// moving pending into a pool buffer first.
func (s *slimSocket) pendAtLeast(n int) error {
	if len(s.pending) >= n {
		return nil
	}
	if s.pooled == nil {
		buf := readBuffers.Get().(*[]byte)
		s.pending, s.pooled = append((*buf)[:0], s.pending...), buf
	}
	have := len(s.pending)
	m, err := io.ReadFull(s.Conn, s.pending[have:n])
	s.pending = s.pending[:have+m]
	return err
}
