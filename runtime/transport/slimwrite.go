package transport

import (
	"net"
	"sync"
)

// Write takes the byte stream of WebSocket frames the library writes and
// sends each frame's header together with its payload in one writev. The
// frames of a fragmented message are held until its final frame, so the
// whole message leaves in one writev too; a control frame written between
// fragments goes out with them.
func (s *slimSocket) Write(p []byte) (int, error) {
	total := len(p)
	for len(p) > 0 {
		if s.payloadLeft > 0 {
			n := int(min(int64(len(p)), s.payloadLeft))
			if err := s.payload(p[:n]); err != nil {
				return total - len(p), err
			}
			s.payloadLeft -= int64(n)
			p = p[n:]
			if s.payloadLeft == 0 && s.final {
				s.endFinalFrame()
			}
			continue
		}
		if !s.inMessage {
			s.frameMu.Lock() // the first byte of a message
			s.inMessage = true
		}
		p = s.takeHeader(p)
		if !s.headerComplete() {
			continue
		}
		if err := s.startFrame(); err != nil {
			return total - len(p), err
		}
	}
	return total, nil
}

// startFrame acts on a complete header: a fragment's header is held, a
// final frame without payload is sent at once.
func (s *slimSocket) startFrame() error {
	s.payloadLeft = s.payloadLength()
	s.final = s.header[0]&0x80 != 0
	s.control = s.header[0]&0x08 != 0
	if s.header[0]&0x0f == opClose {
		s.closeSent = true
	}
	if !s.final {
		s.fragmented = true
		s.hold(s.header[:s.headerLen])
		s.headerLen = 0
		return nil
	}
	if s.payloadLeft == 0 {
		err := s.send(nil)
		s.endFinalFrame()
		return err
	}
	return nil
}

// endFinalFrame records that a final frame is out: the library's message
// is complete, and the socket free for other messages, unless the frame
// was a control frame between the fragments of a message.
func (s *slimSocket) endFinalFrame() {
	if s.control && s.fragmented {
		return
	}
	s.fragmented = false
	s.inMessage = false
	s.frameMu.Unlock()
}

// payload handles a chunk of the current frame's payload.
func (s *slimSocket) payload(chunk []byte) error {
	if !s.final {
		s.hold(chunk)
		return nil
	}
	return s.send(chunk)
}

// hold keeps bytes of a fragment for the message's final frame. The
// library does not touch the fragments' payload until the message is
// complete, so large pieces are referenced; small ones are copied.
func (s *slimSocket) hold(b []byte) {
	if len(b) < copyHeldBelow {
		start := len(s.heldBytes)
		s.heldBytes = append(s.heldBytes, b...)
		b = s.heldBytes[start:len(s.heldBytes):len(s.heldBytes)]
	}
	s.held = append(s.held, b)
}

// takeHeader moves header bytes from p into the held header and returns
// the rest of p.
func (s *slimSocket) takeHeader(p []byte) []byte {
	want := s.wantHeader()
	n := copy(s.header[s.headerLen:want], p)
	s.headerLen += n
	return p[n:]
}

// wantHeader is the length of the held frame's header, as far as the
// bytes held so far tell.
func (s *slimSocket) wantHeader() int {
	if s.headerLen < 2 {
		return 2
	}
	n := 2
	switch s.header[1] & 0x7f {
	case 126:
		n += 2
	case 127:
		n += 8
	}
	if s.header[1]&0x80 != 0 {
		n += 4 // masking key
	}
	return n
}

func (s *slimSocket) headerComplete() bool {
	return s.headerLen >= 2 && s.headerLen == s.wantHeader()
}

// payloadLength decodes the held header's payload length.
func (s *slimSocket) payloadLength() int64 {
	switch l := s.header[1] & 0x7f; l {
	case 126:
		return int64(s.header[2])<<8 | int64(s.header[3])
	case 127:
		var n int64
		for _, b := range s.header[2:10] {
			n = n<<8 | int64(b)
		}
		return n
	default:
		return int64(l)
	}
}

// send writes the held fragments and header, if any, followed by chunk.
func (s *slimSocket) send(chunk []byte) error {
	if len(s.held) > 0 {
		return s.sendHeld(chunk)
	}
	if s.headerLen == 0 {
		_, err := s.Conn.Write(chunk)
		return err
	}
	if s.under != nil {
		err := s.sendTLS(net.Buffers{s.header[:s.headerLen], chunk})
		s.headerLen = 0
		return err
	}
	s.iovSlots = [2][]byte{s.header[:s.headerLen], chunk}
	s.iov = s.iovSlots[:]
	_, err := s.iov.WriteTo(s.Conn)
	s.iovSlots, s.iov = [2][]byte{}, nil // keep no reference to the caller's frame
	s.headerLen = 0
	return err
}

// sendHeld writes the held fragments, the current header and chunk.
func (s *slimSocket) sendHeld(chunk []byte) error {
	bufs := append(s.held, s.header[:s.headerLen], chunk)
	var err error
	if s.under != nil {
		err = s.sendTLS(bufs)
	} else {
		_, err = bufs.WriteTo(s.Conn)
	}
	s.held, s.heldBytes = nil, nil // keep no reference to the caller's message
	s.headerLen = 0
	return err
}

// sendTLS writes bufs through TLS as one record where they fit a
// recycled buffer: TLS has no writev, and a record per piece would cost
// a syscall and a record's overhead each. Larger messages go piece by
// piece; their pieces are large.
func (s *slimSocket) sendTLS(bufs net.Buffers) error {
	total := 0
	for _, b := range bufs {
		total += len(b)
	}
	if total > maxRecycledFrame {
		for _, b := range bufs {
			if len(b) == 0 {
				continue
			}
			if _, err := s.Conn.Write(b); err != nil {
				return err
			}
		}
		return nil
	}
	p := joinBuffers.Get().(*[]byte)
	joined := (*p)[:0]
	for _, b := range bufs {
		joined = append(joined, b...)
	}
	_, err := s.Conn.Write(joined)
	*p = joined[:0]
	joinBuffers.Put(p)
	return err
}

// joinBuffers hold messages sendTLS joins; kept by pointer, so that
// putting one back allocates nothing.
var joinBuffers = sync.Pool{New: func() any { b := make([]byte, 0, maxRecycledFrame); return &b }}
