// Package echoserver is the benchmark's baseline: a minimal JSON-over-
// WebSocket server with no validation, authentication or dispatch. It
// greets every socket with a connect.challenge event, like the gateway, so
// the same client code drives both; then it answers every text frame by
// decoding the JSON envelope and replying
// {"type":"res","id":<id>,"ok":true,"payload":{}} on the reading
// goroutine. It is the practical upper limit of what any server built on
// the same WebSocket library can do on this machine.
package echoserver

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/coder/websocket"
)

// Handler serves the echo protocol on every WebSocket upgrade.
type Handler struct{}

// ServeHTTP accepts the upgrade and echoes until the socket closes.
func (Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	ws, err := websocket.Accept(w, r, &websocket.AcceptOptions{CompressionMode: websocket.CompressionDisabled})
	if err != nil {
		return
	}
	defer ws.CloseNow()
	ws.SetReadLimit(-1)
	ctx := context.Background()
	if err := ws.Write(ctx, websocket.MessageText, challenge()); err != nil {
		return
	}
	echo(ctx, ws)
}

// echo answers every text frame with an empty successful response.
func echo(ctx context.Context, ws *websocket.Conn) {
	var in, out []byte
	for {
		typ, r, err := ws.Reader(ctx)
		if err != nil {
			return
		}
		if in, err = readAll(in[:0], r); err != nil {
			return
		}
		if typ != websocket.MessageText {
			continue
		}
		var env struct {
			ID string `json:"id"`
		}
		if json.Unmarshal(in, &env) != nil {
			continue
		}
		out = appendReply(out[:0], env.ID)
		if err := ws.Write(ctx, websocket.MessageText, out); err != nil {
			return
		}
	}
}

// readAll appends everything r yields to buf.
func readAll(buf []byte, r io.Reader) ([]byte, error) {
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
	}
}

// appendReply appends the response to the request with id.
func appendReply(dst []byte, id string) []byte {
	dst = append(dst, `{"type":"res","id":`...)
	b, _ := json.Marshal(id) // a string always encodes
	dst = append(dst, b...)
	return append(dst, `,"ok":true,"payload":{}}`...)
}

// challenge returns the connect.challenge event that opens a socket.
func challenge() []byte {
	nonce := rand.Text()
	ts := strconv.FormatInt(time.Now().UnixMilli(), 10)
	return fmt.Appendf(nil, `{"type":"event","event":"connect.challenge","payload":{"nonce":%q,"ts":%s}}`, nonce, ts)
}
