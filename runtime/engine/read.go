package engine

import (
	"bytes"
	"io"
	"sync"
)

// inbound is one message read from a socket.
type inbound struct {
	text   bool   // a text message (binary messages are never protocol frames)
	data   []byte // at most the limit
	tooBig bool   // the message exceeded the limit; data is incomplete
}

// awaitInput blocks until the socket has input (see
// transport.Socket.AwaitInput).
func (c *Conn) awaitInput() error { return c.sock.AwaitInput() }

// messageBuffers hold messages while they are read; each message is then
// copied out at its exact size, so reading one costs one small
// allocation instead of a buffer grown in steps.
var messageBuffers = sync.Pool{New: func() any { b := make([]byte, 0, messageBuffer); return &b }}

// messageBuffer is the size of a new buffer in messageBuffers.
const messageBuffer = 4 << 10

// maxPooledMessage bounds the buffers kept in messageBuffers.
const maxPooledMessage = 64 << 10

// readMessage reads the next message, keeping at most limit bytes.
func (c *Conn) readMessage(limit int64) (inbound, error) {
	text, r, err := c.sock.NextReader()
	if err != nil {
		return inbound{}, err
	}
	buf := messageBuffers.Get().(*[]byte)
	data, err := readUpTo((*buf)[:0], r, limit+1)
	msg := inbound{text: text}
	switch {
	case err != nil:
	case int64(len(data)) > limit:
		msg.tooBig = true
	default:
		msg.data = bytes.Clone(data)
	}
	if cap(data) <= maxPooledMessage {
		*buf = data[:0]
		messageBuffers.Put(buf)
	}
	if err != nil {
		return inbound{}, err
	}
	return msg, nil
}

// readUpTo appends what r yields to buf until r ends or buf holds max
// bytes.
func readUpTo(buf []byte, r io.Reader, max int64) ([]byte, error) {
	for int64(len(buf)) < max {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		end := int(min(int64(cap(buf)), max))
		n, err := r.Read(buf[len(buf):end])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
	}
	return buf, nil
}
