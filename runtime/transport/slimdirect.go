package transport

import (
	"syscall"
)

// WebSocket opcodes the socket looks at.
const (
	opText  = 0x1
	opClose = 0x8
	opPing  = 0x9
	opPong  = 0xa
)

// tryWrite writes msg as one text message if that needs no waiting: no
// other message is being written and the socket takes it at once. A
// broadcast to thousands of idle connections is then written by the
// broadcasting goroutine instead of starting a goroutine per connection.
// After WrittenPart the socket stays reserved until finishWrite sends
// the rest, which the socket keeps.
func (s *slimSocket) tryWrite(msg []byte) Result {
	if !s.reserve() {
		return NotWritten
	}
	frame := appendFrameHeader(NewBuffer(len(msg)+maxFrameHeader), opText, len(msg))
	frame = append(frame, msg...)
	n, res := s.writeReserved(frame)
	if res == WrittenPart && s.under == nil {
		s.rest = frame[n:]
		return res
	}
	Recycle(frame)
	return res
}

// reserve takes the socket for a direct write if no message is being
// written and no close frame has gone out.
func (s *slimSocket) reserve() bool {
	if !s.frameMu.TryLock() {
		return false
	}
	if s.closeSent {
		s.frameMu.Unlock()
		return false
	}
	return true
}

// writeReserved makes one attempt to write frame on a socket reserve took,
// and frees the socket unless the frame went out only in part (n bytes):
// then finishWrite must send the rest.
func (s *slimSocket) writeReserved(frame []byte) (n int, res Result) {
	if s.under != nil {
		return 0, s.writeReservedTLS(frame)
	}
	n, err := s.writeOnce(frame)
	switch {
	case err != nil || n <= 0:
		s.frameMu.Unlock()
		return 0, NotWritten
	case n == len(frame):
		s.frameMu.Unlock()
		return n, WrittenWhole
	}
	return n, WrittenPart
}

// finishWrite sends the rest of a message tryWrite began, waiting as long
// as it takes, and frees the socket for other messages.
func (s *slimSocket) finishWrite() error {
	rest := s.rest
	s.rest = nil
	err := s.sendRest(rest)
	Recycle(rest)
	s.frameMu.Unlock()
	return err
}

// sendRest sends what a direct write left: rest on plain TCP, the bytes
// the connection under TLS kept otherwise.
func (s *slimSocket) sendRest(rest []byte) error {
	if s.under != nil {
		return s.under.flush()
	}
	_, err := s.Conn.Write(rest)
	return err
}

// writeOnce makes one non-blocking write attempt; a socket without room
// gives n 0 and no error.
func (s *slimSocket) writeOnce(b []byte) (n int, err error) { return writeNow(s.raw, b) }

// writeNow makes one non-blocking write attempt on raw's descriptor.
func writeNow(raw syscall.RawConn, b []byte) (n int, err error) {
	var werr error
	rerr := raw.Write(func(fd uintptr) bool {
		for {
			n, werr = syscall.Write(int(fd), b)
			if werr != syscall.EINTR {
				break
			}
		}
		return true // never wait: the caller falls back instead
	})
	switch {
	case rerr != nil:
		return 0, rerr
	case werr == syscall.EAGAIN:
		return 0, nil
	case werr != nil:
		return 0, werr
	}
	return n, nil
}

// appendFrameHeader appends the header of an unmasked final frame.
func appendFrameHeader(dst []byte, opcode byte, length int) []byte {
	dst = append(dst, 0x80|opcode)
	switch {
	case length > 0xffff:
		dst = append(dst, 127)
		for shift := 56; shift >= 0; shift -= 8 {
			dst = append(dst, byte(uint64(length)>>shift))
		}
	case length > 125:
		dst = append(dst, 126, byte(length>>8), byte(length))
	default:
		dst = append(dst, byte(length))
	}
	return dst
}
