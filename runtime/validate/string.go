package validate

import (
	"unicode/utf16"
	"unicode/utf8"
	"unsafe"
)

// store copies b into the string chunks and returns it as a string. The
// chunks are append-only, so the returned strings never change.
func (d *decoder) store(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if len(b) > cap(d.chunk)-len(d.chunk) {
		if len(b) > maxChunk/2 {
			return string(b)
		}
		d.chunk = make([]byte, 0, nextChunkSize(cap(d.chunk), len(d.data)-d.pos+len(b)))
	}
	start := len(d.chunk)
	d.chunk = append(d.chunk, b...)
	return unsafe.String(&d.chunk[start], len(b))
}

// Chunk sizes: start small (an envelope's strings), double up to maxChunk,
// never much beyond what the rest of the input can hold.
const (
	minChunk = 256
	maxChunk = 32 << 10
)

func nextChunkSize(previous, remaining int) int {
	size := max(minChunk, min(2*previous, maxChunk))
	return max(min(size, remaining), minChunk)
}

// string parses the string at d.pos. Escapes are decoded, and invalid
// UTF-8 and lone surrogates become U+FFFD, exactly as encoding/json does.
func (d *decoder) string(build bool) (string, error) {
	d.pos++ // opening quote
	start := d.pos
	for d.pos < len(d.data) {
		c := d.data[d.pos]
		if c == '"' {
			d.pos++
			if !build {
				return "", nil
			}
			return d.store(d.data[start : d.pos-1]), nil
		}
		if c == '\\' || c < 0x20 || c >= utf8.RuneSelf {
			return d.slowString(start, build)
		}
		d.pos++
	}
	return "", d.fail("unexpected end of input in string")
}

// slowString finishes a string that has escapes, control characters or
// non-ASCII bytes; d.pos is at the first of them.
func (d *decoder) slowString(start int, build bool) (string, error) {
	buf := append(d.scratch[:0], d.data[start:d.pos]...)
	defer func() { d.scratch = buf[:0] }()
	for d.pos < len(d.data) {
		c := d.data[d.pos]
		switch {
		case c == '"':
			d.pos++
			if !build {
				return "", nil
			}
			return d.store(buf), nil
		case c == '\\':
			var err error
			if buf, err = d.escape(buf); err != nil {
				return "", err
			}
		case c < 0x20:
			return "", d.syntaxError("in string literal")
		case c < utf8.RuneSelf:
			buf = append(buf, c)
			d.pos++
		default:
			r, size := utf8.DecodeRune(d.data[d.pos:])
			buf = utf8.AppendRune(buf, r)
			d.pos += size
		}
	}
	return "", d.fail("unexpected end of input in string")
}

// escape decodes the escape sequence at d.pos onto buf.
func (d *decoder) escape(buf []byte) ([]byte, error) {
	if d.pos+1 >= len(d.data) {
		return nil, d.fail("unexpected end of input in string escape")
	}
	d.pos++
	c := d.data[d.pos]
	d.pos++
	switch c {
	case '"', '\\', '/':
		return append(buf, c), nil
	case 'b':
		return append(buf, '\b'), nil
	case 'f':
		return append(buf, '\f'), nil
	case 'n':
		return append(buf, '\n'), nil
	case 'r':
		return append(buf, '\r'), nil
	case 't':
		return append(buf, '\t'), nil
	case 'u':
		return d.unicodeEscape(buf)
	}
	d.pos--
	return nil, d.syntaxError("in string escape code")
}

// unicodeEscape decodes \uXXXX (d.pos just after the u), joining a
// surrogate pair when the next escape completes it.
func (d *decoder) unicodeEscape(buf []byte) ([]byte, error) {
	r, ok := hex4(d.data, d.pos)
	if !ok {
		return nil, d.syntaxError("in \\u hexadecimal character escape")
	}
	d.pos += 4
	if utf16.IsSurrogate(r) {
		if d.pos+1 < len(d.data) && d.data[d.pos] == '\\' && d.data[d.pos+1] == 'u' {
			if r2, ok := hex4(d.data, d.pos+2); ok {
				if pair := utf16.DecodeRune(r, r2); pair != utf8.RuneError {
					d.pos += 6
					return utf8.AppendRune(buf, pair), nil
				}
			}
		}
		r = utf8.RuneError
	}
	return utf8.AppendRune(buf, r), nil
}

// hex4 reads four hex digits at data[i:].
func hex4(data []byte, i int) (rune, bool) {
	if i+4 > len(data) {
		return 0, false
	}
	var r rune
	for _, c := range data[i : i+4] {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			c = c - 'A' + 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}
