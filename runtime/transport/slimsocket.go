package transport

import (
	"crypto/tls"
	"net"
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
	// copyHeldBelow is the size under which pieces of a held fragment
	// are copied rather than referenced: headers, and anything that may
	// sit in the library's one-byte buffer.
	copyHeldBelow = 64
)

var readBuffers = sync.Pool{New: func() any { b := make([]byte, readChunk); return &b }}

// slimFor returns a slim socket over conn, or nil when conn cannot be
// one: a connection must expose its file descriptor (TCP, Unix), or be
// TLS over a connection accepted through Listener (see tls.go).
func slimFor(conn net.Conn) *slimSocket {
	if tc, ok := conn.(*tls.Conn); ok {
		u, ok := tc.NetConn().(*underConn)
		if !ok {
			return nil
		}
		return &slimSocket{Conn: tc, raw: u.raw, under: u}
	}
	if u, ok := conn.(*underConn); ok {
		conn = u.Conn // plain TCP accepted through Listener
	}
	sc, ok := conn.(syscall.Conn)
	if !ok {
		return nil
	}
	raw, err := sc.SyscallConn()
	if err != nil {
		return nil
	}
	return &slimSocket{Conn: conn, raw: raw}
}

// slimSocket is a hijacked connection that holds no buffer while it is
// idle. Write is used by one writer at a time (the WebSocket library
// serializes writes); the read side has its own lock because the reader
// waits for input outside the library's read lock.
type slimSocket struct {
	net.Conn                 // the hijacked connection: TCP, or TLS over under
	raw      syscall.RawConn // the file descriptor under Conn
	under    *underConn      // the connection under Conn's TLS; nil for plain TCP

	// Read side.
	readMu  sync.Mutex
	pending []byte  // read from the socket, not yet consumed
	pooled  *[]byte // the pool buffer behind pending, if any
	one     [1]byte // behind pending after a one-byte TLS read

	// Write side: the frame being assembled.
	header      [maxFrameHeader]byte
	headerLen   int   // header bytes held
	payloadLeft int64 // payload bytes of the current frame still to come
	final       bool  // the current frame ends its message
	control     bool  // the current frame is a control frame
	fragmented  bool  // a data message's first fragment is out, its final frame is not
	iov         net.Buffers
	iovSlots    [2][]byte
	rest        []byte // the unsent end of a direct write, for finishWrite
	// Earlier fragments of the message being written, held until its
	// final frame; heldBytes holds copies of their small pieces.
	held      net.Buffers
	heldBytes []byte

	// frameMu keeps messages whole on the socket: the library holds it
	// from the first byte of a message it writes to the end of the
	// message's final frame (inMessage), across any control frames
	// written between the message's fragments; direct writes
	// hold it from their first byte to their last (finishWrite's
	// included). closeSent records that
	// the library wrote a close frame, after which nothing may follow.
	frameMu   sync.Mutex
	inMessage bool
	closeSent bool
}
