// Package clip bounds strings without breaking their UTF-8: close reasons,
// validation messages, and what clients send and the gateway keeps
// (presence fields, queued system-event texts).
package clip

import "unicode/utf8"

// Bytes cuts s to at most n bytes without splitting a UTF-8 character.
func Bytes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
