package engine

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"os"
	"sync"
	"syscall"
)

// Buffers of an idle connection. net/http hands a hijacked connection
// over with a 4 KiB bufio.Reader and a 4 KiB bufio.Writer, which the
// WebSocket library keeps for the connection's life: on a gateway holding
// thousands of idle sockets they are most of its memory. For sockets that
// expose their file descriptor, slimSocket replaces both: reads wait for
// data without a buffer and take one from a pool only while bytes are
// waiting to be consumed, and writes go out as one writev per WebSocket
// frame without any buffer of their own.
const (
	// readChunk is the size of the pooled read buffers, as large as the
	// bufio.Reader it replaces so that a burst still costs one syscall.
	readChunk = 4 << 10
	// minBufioReader is the smallest bufio.Reader; it only ever holds a
	// frame header's worth of bytes in front of the socket.
	minBufioReader = 16
	// minBufioWriter makes the library's bufio.Writer hand every byte
	// straight to the socket, which assembles frames itself.
	minBufioWriter = 1
	// maxFrameHeader is the longest WebSocket frame header.
	maxFrameHeader = 14
)

var readBuffers = sync.Pool{New: func() any { b := make([]byte, readChunk); return &b }}

// slimHijacker is the ResponseWriter handed to the WebSocket library: its
// Hijack returns a slimSocket, and records it in sock, when the
// connection allows one.
type slimHijacker struct {
	http.ResponseWriter
	sock *slimSocket
}

// Hijack takes over the connection. Bytes the HTTP server had already
// read ahead are served first.
func (w *slimHijacker) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	conn, brw, err := http.NewResponseController(w.ResponseWriter).Hijack()
	if err != nil {
		return nil, nil, err
	}
	sc, ok := conn.(syscall.Conn)
	if !ok || brw.Writer.Buffered() > 0 {
		return conn, brw, nil
	}
	raw, err := sc.SyscallConn()
	if err != nil {
		return conn, brw, nil
	}
	s := &slimSocket{Conn: conn, raw: raw}
	if n := brw.Reader.Buffered(); n > 0 {
		early, _ := brw.Reader.Peek(n)
		s.pending = append(make([]byte, 0, n), early...)
	}
	w.sock = s
	return s, bufio.NewReadWriter(bufio.NewReaderSize(s, minBufioReader), bufio.NewWriterSize(s, minBufioWriter)), nil
}

// slimSocket is a hijacked TCP connection that holds no buffer while it
// is idle. Write is used by one writer at a time (the WebSocket library
// serializes writes); the read side has its own lock because the engine
// waits for input outside the library's read lock.
type slimSocket struct {
	net.Conn
	raw syscall.RawConn

	// Read side.
	readMu  sync.Mutex
	pending []byte  // read from the socket, not yet consumed
	pooled  *[]byte // the pool buffer behind pending, if any

	// Write side: the frame being assembled.
	header      [maxFrameHeader]byte
	headerLen   int   // header bytes held
	payloadLeft int64 // payload bytes of the current frame still to come
	iov         net.Buffers
	iovSlots    [2][]byte
}

// Read serves bytes already read; otherwise it waits for the socket to
// become readable and only then takes a pool buffer to read into.
// Reads of at least readChunk go straight into p.
func (s *slimSocket) Read(p []byte) (int, error) {
	s.readMu.Lock()
	defer s.readMu.Unlock()
	if len(s.pending) > 0 {
		return s.consume(p), nil
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
// failed). The engine calls it before asking the WebSocket library for
// the next message, so that an idle connection waits in a shallow call
// stack: the goroutine's stack can then shrink to the minimum.
func (s *slimSocket) awaitInput() error {
	s.readMu.Lock()
	defer s.readMu.Unlock()
	if len(s.pending) > 0 {
		return nil
	}
	return s.fill()
}

// consume copies pending bytes into p and returns the pool buffer once
// they are all consumed.
func (s *slimSocket) consume(p []byte) int {
	n := copy(p, s.pending)
	s.pending = s.pending[n:]
	if len(s.pending) == 0 {
		if s.pooled != nil {
			readBuffers.Put(s.pooled)
		}
		s.pooled, s.pending = nil, nil
	}
	return n
}

// fill waits until the socket is readable and reads what is there into a
// pool buffer.
func (s *slimSocket) fill() error {
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

// Write takes the byte stream of WebSocket frames the library writes and
// sends each frame's header together with its payload in one writev.
func (s *slimSocket) Write(p []byte) (int, error) {
	total := len(p)
	for len(p) > 0 {
		if s.payloadLeft > 0 {
			n := int(min(int64(len(p)), s.payloadLeft))
			if err := s.send(p[:n]); err != nil {
				return total - len(p), err
			}
			s.payloadLeft -= int64(n)
			p = p[n:]
			continue
		}
		p = s.takeHeader(p)
		if s.headerComplete() {
			s.payloadLeft = s.payloadLength()
			if s.payloadLeft == 0 {
				if err := s.send(nil); err != nil {
					return total - len(p), err
				}
			}
		}
	}
	return total, nil
}

// takeHeader moves header bytes from p into the held header and returns
// the rest of p.
func (s *slimSocket) takeHeader(p []byte) []byte {
	want := s.wantHeader()
	n := copy(s.header[s.headerLen:want], p)
	s.headerLen += n
	return p[n:]
}

// wantHeader is the length of the held frame's header, as far as the
// bytes held so far tell.
func (s *slimSocket) wantHeader() int {
	if s.headerLen < 2 {
		return 2
	}
	n := 2
	switch s.header[1] & 0x7f {
	case 126:
		n += 2
	case 127:
		n += 8
	}
	if s.header[1]&0x80 != 0 {
		n += 4 // masking key
	}
	return n
}

func (s *slimSocket) headerComplete() bool {
	return s.headerLen >= 2 && s.headerLen == s.wantHeader()
}

// payloadLength decodes the held header's payload length.
func (s *slimSocket) payloadLength() int64 {
	switch l := s.header[1] & 0x7f; l {
	case 126:
		return int64(s.header[2])<<8 | int64(s.header[3])
	case 127:
		var n int64
		for _, b := range s.header[2:10] {
			n = n<<8 | int64(b)
		}
		return n
	default:
		return int64(l)
	}
}

// send writes the held header, if any, followed by chunk.
func (s *slimSocket) send(chunk []byte) error {
	if s.headerLen == 0 {
		_, err := s.Conn.Write(chunk)
		return err
	}
	s.iovSlots = [2][]byte{s.header[:s.headerLen], chunk}
	s.iov = s.iovSlots[:]
	_, err := s.iov.WriteTo(s.Conn)
	s.iovSlots, s.iov = [2][]byte{}, nil // keep no reference to the caller's frame
	s.headerLen = 0
	return err
}
