package engine

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

// directResult tells what became of a direct write.
type directResult int

const (
	notWritten   directResult = iota // nothing went out; write it the usual way
	writtenWhole                     // the message is out
	writtenPart                      // part went out; finishWrite must send the rest
)

// tryWrite writes msg as one text message if that needs no waiting: no
// other message is being written and the socket takes it at once. A
// broadcast to thousands of idle connections is then written by the
// broadcasting goroutine instead of starting a goroutine per connection.
// After writtenPart the socket stays reserved until finishWrite sends
// rest (which lives in a buffer from newFrameBuffer).
func (s *slimSocket) tryWrite(msg []byte) (rest []byte, res directResult) {
	if !s.reserve() {
		return nil, notWritten
	}
	frame := appendFrameHeader(newFrameBuffer(len(msg)+maxFrameHeader), opText, len(msg))
	frame = append(frame, msg...)
	n, res := s.writeReserved(frame)
	if res == writtenPart {
		return frame[n:], res
	}
	recycleFrame(frame)
	return nil, res
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
func (s *slimSocket) writeReserved(frame []byte) (n int, res directResult) {
	n, err := s.writeOnce(frame)
	switch {
	case err != nil || n <= 0:
		s.frameMu.Unlock()
		return 0, notWritten
	case n == len(frame):
		s.frameMu.Unlock()
		return n, writtenWhole
	}
	return n, writtenPart
}

// finishWrite sends the rest of a message tryWrite began, waiting as long
// as it takes, and frees the socket for other messages.
func (s *slimSocket) finishWrite(rest []byte) error {
	_, err := s.Conn.Write(rest)
	s.frameMu.Unlock()
	return err
}

// writeOnce makes one non-blocking write attempt; a socket without room
// gives n 0 and no error.
func (s *slimSocket) writeOnce(b []byte) (n int, err error) {
	var werr error
	rerr := s.raw.Write(func(fd uintptr) bool {
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
