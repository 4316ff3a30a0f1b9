package transport

import (
	"context"
	"io"
	"net"
	"time"

	"github.com/coder/websocket"
)

// library is a Socket served by the WebSocket library alone, over the
// buffers net/http handed over at the hijack: the path for connections
// the slim socket cannot take (see slimFor).
type library struct {
	ws   *websocket.Conn
	conn net.Conn // the hijacked connection under ws
}

// AwaitInput returns at once: the library waits for input by itself.
func (l *library) AwaitInput() error { return nil }

// NextReader returns the library's reader of the next data message.
func (l *library) NextReader() (bool, io.Reader, error) { return nextReader(l.ws) }

// Write writes msg as one text message.
func (l *library) Write(msg []byte) error {
	return l.ws.Write(context.Background(), websocket.MessageText, msg)
}

// WriteJoined joins prefix and msg and writes them as one message.
func (l *library) WriteJoined(prefix, msg []byte) error {
	joined := append(append(make([]byte, 0, len(prefix)+len(msg)), prefix...), msg...)
	return l.Write(joined)
}

// Direct is false: the library cannot write without possibly waiting.
func (l *library) Direct() bool { return false }

// TryWrite never writes.
func (l *library) TryWrite([]byte) Result { return NotWritten }

// FinishWrite has nothing to finish.
func (l *library) FinishWrite() error { return nil }

// Ping has the library ping on a goroutine of its own, which waits for
// the pong or for timeout.
func (l *library) Ping(timeout time.Duration) {
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), timeout)
		defer cancel()
		_ = l.ws.Ping(ctx)
	}()
}

// Close runs the library's close handshake.
func (l *library) Close(code int, reason string) error {
	return l.ws.Close(websocket.StatusCode(code), reason)
}

// CloseNow closes the library's connection without a handshake.
func (l *library) CloseNow() error { return l.ws.CloseNow() }

// Kill closes the network connection under the library.
func (l *library) Kill() { closeUnder(l.conn) }

// nextReader returns ws's reader of the next data message.
func nextReader(ws *websocket.Conn) (bool, io.Reader, error) {
	typ, r, err := ws.Reader(context.Background())
	return typ == websocket.MessageText, r, err
}

// closeUnder closes conn at once: under TLS, the network connection, so
// that no close alert waits for a peer that does not read.
func closeUnder(conn net.Conn) {
	if conn != nil {
		_ = netConn(conn).Close()
	}
}

// netConn returns the network connection under conn's TLS, if any.
func netConn(conn net.Conn) net.Conn {
	if u, ok := conn.(interface{ NetConn() net.Conn }); ok {
		return u.NetConn()
	}
	return conn
}
