package wire

import (
	"bytes"
	"encoding/json"
	"strconv"
)

// AppendResponse appends a response frame to dst. payload is raw JSON (nil
// to omit it); e is nil for a successful response.
func AppendResponse(dst []byte, id string, payload json.RawMessage, e *Error) ([]byte, error) {
	dst = append(dst, `{"type":"res","id":`...)
	dst = appendString(dst, id)
	if e == nil {
		dst = append(dst, `,"ok":true`...)
	} else {
		dst = append(dst, `,"ok":false`...)
	}
	if len(payload) > 0 {
		dst = append(dst, `,"payload":`...)
		dst = append(dst, payload...)
	}
	if e != nil {
		b, err := Marshal(e)
		if err != nil {
			return dst, err
		}
		dst = append(dst, `,"error":`...)
		dst = append(dst, b...)
	}
	return append(dst, '}'), nil
}

// EventPrefix returns the bytes of an event frame up to and including its
// payload, so that a broadcast can finish it per connection with
// FinishEvent. payload is raw JSON (nil to omit it).
func EventPrefix(event string, payload json.RawMessage) []byte {
	dst := make([]byte, 0, len(event)+len(payload)+48)
	dst = append(dst, `{"type":"event","event":`...)
	dst = appendString(dst, event)
	if len(payload) > 0 {
		dst = append(dst, `,"payload":`...)
		dst = append(dst, payload...)
	}
	return dst
}

// FinishEvent appends the optional seq and stateVersion and the closing
// brace to an event prefix copied into dst. seq < 0 omits seq.
func FinishEvent(dst []byte, seq int64, sv *StateVersion) []byte {
	if seq >= 0 {
		dst = append(dst, `,"seq":`...)
		dst = strconv.AppendInt(dst, seq, 10)
	}
	if sv != nil {
		dst = append(dst, `,"stateVersion":{"presence":`...)
		dst = strconv.AppendInt(dst, sv.Presence, 10)
		dst = append(dst, `,"health":`...)
		dst = strconv.AppendInt(dst, sv.Health, 10)
		dst = append(dst, '}')
	}
	return append(dst, '}')
}

// appendString appends s as a JSON string. Plain ASCII is copied directly;
// anything else goes through encoding/json for exact escaping.
func appendString(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			return appendEscaped(dst, s)
		}
	}
	dst = append(dst, '"')
	dst = append(dst, s...)
	return append(dst, '"')
}

func appendEscaped(dst []byte, s string) []byte {
	b, _ := Marshal(s) // encoding a string cannot fail
	return append(dst, b...)
}

// Marshal encodes v as JSON without HTML escaping and without a trailing
// newline; json.RawMessage values are passed through.
func Marshal(v any) (json.RawMessage, error) {
	if raw, ok := v.(json.RawMessage); ok {
		return raw, nil
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}
