package engine

import "encoding/binary"

// WebSocket opcodes the tests read and write.
const (
	opText  = 0x1
	opClose = 0x8
	opPing  = 0x9
	opPong  = 0xa
)

// frameBytes encodes a text frame's header (masked with a fixed key when
// mask is set) and returns it with the payload, unmasked.
func frameBytes(payload []byte, mask bool) (header, body []byte) {
	header = []byte{0x81, 0}
	switch n := len(payload); {
	case n > 0xffff:
		header[1] = 127
		header = binary.BigEndian.AppendUint64(header, uint64(n))
	case n > 125:
		header[1] = 126
		header = binary.BigEndian.AppendUint16(header, uint16(n))
	default:
		header[1] = byte(n)
	}
	if mask {
		header[1] |= 0x80
		header = append(header, 1, 2, 3, 4)
	}
	return header, payload
}
