package transport

import (
	"bufio"
	"net"
	"net/http"

	"github.com/coder/websocket"
)

// Accept upgrades the request to a WebSocket connection without
// compression. It does not check Origin: the caller admits upgrades
// itself. The returned socket is the slim one when the hijacked
// connection allows it (see slimFor), the library one otherwise.
func Accept(w http.ResponseWriter, r *http.Request) (Socket, error) {
	hj := &slimHijacker{ResponseWriter: w}
	ws, err := websocket.Accept(hj, r, &websocket.AcceptOptions{
		InsecureSkipVerify: true,
		CompressionMode:    websocket.CompressionDisabled,
	})
	if err != nil {
		return nil, err
	}
	ws.SetReadLimit(-1) // the caller enforces its own limits
	if hj.sock == nil {
		return &library{ws: ws, conn: hj.conn}, nil
	}
	return &slim{ws: ws, s: hj.sock}, nil
}

// slimHijacker is the ResponseWriter handed to the WebSocket library: its
// Hijack returns a slimSocket, and records it in sock, when the
// connection allows one. conn records the hijacked connection either way.
type slimHijacker struct {
	http.ResponseWriter
	sock *slimSocket
	conn net.Conn
}

// Hijack takes over the connection. Bytes the HTTP server had already
// read ahead are served first.
func (w *slimHijacker) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	conn, brw, err := http.NewResponseController(w.ResponseWriter).Hijack()
	if err != nil {
		return nil, nil, err
	}
	w.conn = conn
	if brw.Writer.Buffered() > 0 {
		return conn, brw, nil
	}
	s := slimFor(conn)
	if s == nil {
		return conn, brw, nil
	}
	if n := brw.Reader.Buffered(); n > 0 {
		early, _ := brw.Reader.Peek(n)
		s.pending = append(make([]byte, 0, n), early...)
	}
	w.sock = s
	return s, bufio.NewReadWriter(bufio.NewReaderSize(s, minBufioReader), bufio.NewWriterSize(s, minBufioWriter)), nil
}
