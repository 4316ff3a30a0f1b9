package engine

import (
	"github.com/coder/websocket"
)

// closeAbnormal is the code RFC 6455 reserves for a connection that ended
// without a close frame.
const closeAbnormal = 1006

// CloseCode returns the WebSocket close code that ended the connection:
// the code of the close frame the peer sent or echoed, else the code the
// server closed with, else 1006 when the socket just went away; 0 while
// the connection is open. It is meant for logs and OnClose.
func (c *Conn) CloseCode() int {
	if code := c.peerClose.Load(); code != 0 {
		return int(code)
	}
	return int(c.closeCode.Load())
}

// notePeerClose records how reading ended: the code of the peer's close
// frame, or 1006 when the socket ended without one before the server
// started a close.
func (c *Conn) notePeerClose(err error) {
	code := int32(websocket.CloseStatus(err))
	if code == -1 {
		if c.closeCode.Load() != 0 {
			return
		}
		code = closeAbnormal
	}
	c.peerClose.CompareAndSwap(0, code)
}
