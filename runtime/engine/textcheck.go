package engine

import "unicode/utf8"

// closeInvalidPayload is RFC 6455's close code for a text message that is
// not valid UTF-8 (§8.1: the endpoint must fail the connection).
const closeInvalidPayload = 1007

// validText reports whether a text message is valid UTF-8; when it is
// not, it requests the 1007 close (with an empty reason, as the ws library
// under v3 sends it) and the caller must stop reading.
func (c *Conn) validText(data []byte) bool {
	if utf8.Valid(data) {
		return true
	}
	c.closeRaw(closeInvalidPayload, "")
	return false
}
