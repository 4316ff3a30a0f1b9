package transport

import (
	"context"
	"io"
	"time"

	"github.com/coder/websocket"
)

// slim is a Socket over a slimSocket: the WebSocket library frames and
// reads messages through it, and direct writes, pings and
// input waits go to the socket itself.
type slim struct {
	ws *websocket.Conn
	s  *slimSocket
}

// AwaitInput waits for input outside the library (see slimSocket.awaitInput).
func (c *slim) AwaitInput() error { return c.s.awaitInput() }

// NextReader returns the library's reader of the next data message.
func (c *slim) NextReader() (bool, io.Reader, error) { return nextReader(c.ws) }

// Write writes msg as one text message through the library.
func (c *slim) Write(msg []byte) error {
	return c.ws.Write(context.Background(), websocket.MessageText, msg)
}

// WriteJoined writes prefix and msg as two fragments of one message,
// which the slim socket holds and sends together: the prefix is never
// copied.
func (c *slim) WriteJoined(prefix, msg []byte) error {
	w, err := c.ws.Writer(context.Background(), websocket.MessageText)
	if err != nil {
		return err
	}
	if _, err := w.Write(prefix); err != nil {
		return err
	}
	if _, err := w.Write(msg); err != nil {
		return err
	}
	return w.Close()
}

// Direct is true: a slim socket writes directly when it can.
func (c *slim) Direct() bool { return true }

// TryWrite writes msg directly if that needs no waiting.
func (c *slim) TryWrite(msg []byte) Result { return c.s.tryWrite(msg) }

// FinishWrite sends the rest of a direct write.
func (c *slim) FinishWrite() error { return c.s.finishWrite() }

// Ping writes a ping directly when the socket is free; the pong is
// dropped by AwaitInput. timeout is not needed: nothing waits.
func (c *slim) Ping(time.Duration) { c.s.tryPing() }

// Close runs the library's close handshake.
func (c *slim) Close(code int, reason string) error {
	return c.ws.Close(websocket.StatusCode(code), reason)
}

// CloseNow closes the library's connection without a handshake.
func (c *slim) CloseNow() error { return c.ws.CloseNow() }

// Kill closes the network connection under the socket.
func (c *slim) Kill() { closeUnder(c.s.Conn) }
