package engine

import (
	"context"
	"io"

	"github.com/coder/websocket"
)

// inbound is one message read from a socket.
type inbound struct {
	text   bool   // a text message (binary messages are never protocol frames)
	data   []byte // at most the limit
	tooBig bool   // the message exceeded the limit; data is incomplete
}

// awaitInput blocks until the socket has input, when the engine owns the
// socket's buffers; otherwise the WebSocket library waits by itself.
func (c *Conn) awaitInput() error {
	if c.sock == nil {
		return nil
	}
	return c.sock.awaitInput()
}

// readMessage reads the next message, keeping at most limit bytes.
func (c *Conn) readMessage(limit int64) (inbound, error) {
	typ, r, err := c.ws.Reader(context.Background())
	if err != nil {
		return inbound{}, err
	}
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return inbound{}, err
	}
	if int64(len(data)) > limit {
		return inbound{tooBig: true}, nil
	}
	return inbound{text: typ == websocket.MessageText, data: data}, nil
}
