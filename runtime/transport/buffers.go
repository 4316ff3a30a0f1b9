package transport

import "sync"

// frameBuffers recycle the buffers of written messages for new ones: the
// caller's encoded replies and the frames of direct writes share them.
var frameBuffers sync.Pool

// maxRecycledFrame bounds the buffers kept in frameBuffers.
const maxRecycledFrame = 4 << 10

// NewBuffer returns an empty buffer for a message of about size bytes,
// recycled when one is at hand.
func NewBuffer(size int) []byte {
	if p, ok := frameBuffers.Get().(*[]byte); ok && cap(*p) >= size {
		return (*p)[:0]
	}
	return make([]byte, 0, max(size, 256))
}

// Recycle keeps a written message's buffer for a later NewBuffer. The
// caller must hold no other reference to b: a Socket has copied a
// message's bytes once its write returned.
func Recycle(b []byte) {
	if cap(b) == 0 || cap(b) > maxRecycledFrame {
		return
	}
	b = b[:0]
	frameBuffers.Put(&b)
}
