package transport

// Pings on a slim socket. The gateway pings every open connection to keep
// it alive through proxies, and never acts on a missing pong (clients
// watch ticks for liveness). Waiting for pongs through the WebSocket
// library would cost a goroutine per connection and ping; worse, the
// reader would read each pong inside the library and then wait for the
// next frame there, deep in its calls, with a stack four times the size
// an idle reader needs. So a slim socket's ping is written directly, and
// the pongs that answer it are dropped before the library sees them.

// pingFrame is an unmasked ping without payload.
var pingFrame = [2]byte{0x80 | opPing, 0}

// tryPing writes a ping if no message is being written and the socket
// takes it without waiting; a busy socket is skipped, as it is being
// written to anyway. It reports whether the ping went out.
func (s *slimSocket) tryPing() bool {
	if !s.reserve() {
		return false
	}
	n, res := s.writeReserved(pingFrame[:])
	if res == WrittenPart {
		go func() {
			_ = s.sendRest(pingFrame[n:])
			s.frameMu.Unlock()
		}()
	}
	return res != NotWritten
}

// maxControlPayload is the longest payload of a control frame.
const maxControlPayload = 125

// skipPongs drops the complete pong frames at the start of pending. The
// reader calls it between messages, where the next bytes begin a frame.
// A pong that is not complete yet is left to the library.
func (s *slimSocket) skipPongs() {
	for {
		n := pongLength(s.pending)
		if n == 0 {
			return
		}
		s.discard(n)
	}
}

// pongLength returns the length of the masked pong frame that b starts
// with, or 0 when b does not start with a whole one. Anything unusual
// (reserved bits, no mask, a fragmented or oversized pong) is left to the
// library, which rejects it.
func pongLength(b []byte) int {
	if len(b) < 2 || b[0] != 0x80|opPong || b[1]&0x80 == 0 {
		return 0
	}
	payload := int(b[1] & 0x7f)
	n := 2 + 4 + payload
	if payload > maxControlPayload || len(b) < n {
		return 0
	}
	return n
}
