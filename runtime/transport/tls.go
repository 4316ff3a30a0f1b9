package transport

import (
	"net"
	"sync"
	"syscall"
)

// TLS connections take the slim path too. A slim socket writes a message
// directly from the goroutine that has it (a broadcast, a reply) only if
// that needs no waiting, and over plain TCP it asks the socket with a
// non-blocking write. Under TLS the bytes on the socket are records that
// crypto/tls encrypts and writes itself, and a record that is cut short
// breaks the connection for good. So the connection under the TLS must
// be one the transport controls: Listener wraps each accepted connection
// in an underConn, which, while a direct write is under way, takes what
// the socket accepts at once and keeps the rest of the records for
// finishWrite, so that TLS always sees its records written whole.

// Listener wraps ln, whose connections are TCP, so that TLS served over
// the connections it accepts gets the slim path: put it under the TLS
// listener (tls.NewListener(transport.Listener(ln), cfg), or as the
// listener of an httptest server started with StartTLS). Plain HTTP needs
// no wrapping.
func Listener(ln net.Listener) net.Listener { return listener{ln} }

type listener struct{ net.Listener }

// Accept wraps the accepted connection when it exposes its descriptor.
func (l listener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return c, err
	}
	sc, ok := c.(syscall.Conn)
	if !ok {
		return c, nil
	}
	raw, err := sc.SyscallConn()
	if err != nil {
		return c, nil
	}
	return &underConn{Conn: c, raw: raw}, nil
}

// underConn is a connection under TLS that can take a write without
// waiting (see tryWrite).
type underConn struct {
	net.Conn
	raw syscall.RawConn

	// mu orders the bytes: it is held by each Write and flush, so kept
	// bytes always leave before anything written after them.
	mu   sync.Mutex
	try  bool   // Writes must not wait: keep what the socket does not take
	rest []byte // kept bytes, to be sent before anything else
}

// Write writes b. While a direct write is under way it never waits: the
// socket takes what it can at once, and the rest is kept for flush.
// Otherwise kept bytes go first, and Write waits as long as it takes.
func (u *underConn) Write(b []byte) (int, error) {
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.try {
		return u.keep(b)
	}
	if err := u.flushLocked(); err != nil {
		return 0, err
	}
	return u.Conn.Write(b)
}

// keep writes what the socket takes at once of b, after nothing else is
// kept, and keeps the rest. It reports all of b written: TLS must never
// see a short write.
func (u *underConn) keep(b []byte) (int, error) {
	total := len(b)
	if len(u.rest) == 0 {
		n, err := writeNow(u.raw, b)
		if err != nil {
			return n, err
		}
		b = b[n:]
	}
	u.rest = append(u.rest, b...)
	return total, nil
}

// tryWrites makes Writes keep what the socket does not take at once, or
// ends that; ending it reports whether bytes were kept.
func (u *underConn) tryWrites(on bool) (kept bool) {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.try = on
	return len(u.rest) > 0
}

// flush sends the kept bytes, waiting as long as it takes.
func (u *underConn) flush() error {
	u.mu.Lock()
	defer u.mu.Unlock()
	return u.flushLocked()
}

func (u *underConn) flushLocked() error {
	if len(u.rest) == 0 {
		return nil
	}
	_, err := u.Conn.Write(u.rest)
	u.rest = nil
	return err
}

// CloseWrite shuts down the writing side, as net/http does with TCP
// connections it closes gracefully.
func (u *underConn) CloseWrite() error {
	if cw, ok := u.Conn.(interface{ CloseWrite() error }); ok {
		return cw.CloseWrite()
	}
	return nil
}

// writeReservedTLS makes one attempt to write frame, through TLS, on a
// socket reserve took. Once TLS has the frame its records are committed:
// the socket is freed when they all went out, and stays reserved for
// finishWrite when some were kept.
func (s *slimSocket) writeReservedTLS(frame []byte) Result {
	s.under.tryWrites(true)
	_, err := s.Conn.Write(frame)
	kept := s.under.tryWrites(false)
	switch {
	case kept:
		return WrittenPart
	case err != nil:
		s.frameMu.Unlock()
		return NotWritten
	}
	s.frameMu.Unlock()
	return WrittenWhole
}
