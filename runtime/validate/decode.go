package validate

import (
	"encoding/json"
	"fmt"
	"unicode/utf16"
	"unicode/utf8"
	"unsafe"
)

// maxDepth is the deepest nesting of objects and arrays accepted, the same
// limit encoding/json applies.
const maxDepth = 10000

// Numbers beyond these limits are refused: checking them exactly against a
// schema (integer, minimum, …) costs time that grows with their size, and
// no client sends them (JavaScript reads them as Infinity or 0).
const (
	maxNumberBytes    = 1000
	maxNumberExponent = 400
)

// numberRangeError reports a number beyond the limits above. The document
// is JSON; the error becomes a violation of its own.
type numberRangeError struct {
	offset int
}

func (e *numberRangeError) Error() string {
	return fmt.Sprintf("number at offset %d is out of range", e.offset)
}

// SyntaxError is input that is not JSON. It matches ErrNotJSON with
// errors.Is.
type SyntaxError struct {
	// Offset is the byte offset where parsing failed.
	Offset int
	msg    string
}

// Error returns "not JSON: <what> at offset <n>".
func (e *SyntaxError) Error() string {
	return fmt.Sprintf("%v: %s at offset %d", ErrNotJSON, e.msg, e.Offset)
}

// Is makes errors.Is(err, ErrNotJSON) true.
func (e *SyntaxError) Is(target error) bool { return target == ErrNotJSON }

// NotJSON reports true: the input was not JSON at all (for callers that
// test errors by behaviour rather than by value).
func (e *SyntaxError) NotJSON() bool { return true }

func (d *decoder) fail(msg string) error {
	return &SyntaxError{Offset: d.pos, msg: msg}
}

// decodeJSON parses data, which must hold exactly one JSON value, into the
// generic form the schema validator walks: map[string]any, []any, string,
// json.Number, bool and nil. Numbers stay json.Number, so big integers are
// checked exactly. The result equals what encoding/json decodes with
// UseNumber, invalid UTF-8 replaced the same way, so a handler decoding the
// same bytes later sees what was validated. Input that is not JSON fails
// with ErrNotJSON; a number out of range fails with a *numberRangeError
// and still returns the document.
func decodeJSON(data []byte) (any, error) {
	d := decoder{data: data}
	return d.document()
}

// decodeFrame is decodeJSON for a frame that also returns the raw bytes of
// its top-level member named member (the last one, when it repeats, as for
// the decoded value). With skip, that member's value is checked for syntax
// only and decoded as null.
func decodeFrame(data []byte, member string, skip bool) (doc any, raw json.RawMessage, err error) {
	d := decoder{data: data, member: member, skipMember: skip}
	doc, err = d.document()
	return doc, d.memberRaw, err
}

// decoder is a single-pass JSON parser. Decoded strings share a few
// append-only chunks instead of one allocation each.
type decoder struct {
	data       []byte
	pos        int
	depth      int
	badNumber  int    // offset+1 of the first number out of range
	chunk      []byte // current string storage; never rewritten
	scratch    []byte // reused buffer for strings that need decoding
	stack      []any  // array elements being collected
	member     string // top-level member whose raw bytes are recorded
	skipMember bool
	memberRaw  []byte
}

func (d *decoder) document() (any, error) {
	v, err := d.value(true)
	if err != nil {
		return nil, err
	}
	d.skipSpace()
	if d.pos < len(d.data) {
		return nil, d.syntaxError("after top-level value")
	}
	if d.badNumber > 0 {
		return v, &numberRangeError{offset: d.badNumber - 1}
	}
	return v, nil
}

// value parses the value at d.pos; with build false it only checks the
// syntax and returns nil.
func (d *decoder) value(build bool) (any, error) {
	d.skipSpace()
	if d.pos >= len(d.data) {
		return nil, d.fail("unexpected end of input")
	}
	switch c := d.data[d.pos]; {
	case c == '{':
		return d.object(build)
	case c == '[':
		return d.array(build)
	case c == '"':
		s, err := d.string(build)
		if err != nil || !build {
			return nil, err
		}
		return s, nil
	case c == '-' || (c >= '0' && c <= '9'):
		return d.number(build)
	case c == 't':
		return d.literal("true", true)
	case c == 'f':
		return d.literal("false", false)
	case c == 'n':
		return d.literal("null", nil)
	}
	return nil, d.syntaxError("looking for beginning of value")
}

func (d *decoder) object(build bool) (any, error) {
	if err := d.enter(); err != nil {
		return nil, err
	}
	var obj map[string]any
	if build {
		obj = make(map[string]any)
	}
	d.pos++ // {
	if d.skipSpace(); d.peek() == '}' {
		d.pos++
		d.depth--
		return boxObject(obj, build), nil
	}
	for {
		if err := d.pair(obj, build); err != nil {
			return nil, err
		}
		d.skipSpace()
		switch d.peek() {
		case ',':
			d.pos++
			d.skipSpace()
		case '}':
			d.pos++
			d.depth--
			return boxObject(obj, build), nil
		default:
			return nil, d.syntaxError("after object key:value pair")
		}
	}
}

// boxObject returns obj as a value, or nil when nothing was built (a nil
// map in an interface would read as an object).
func boxObject(obj map[string]any, build bool) any {
	if !build {
		return nil
	}
	return obj
}

// pair parses one "key": value pair into obj.
func (d *decoder) pair(obj map[string]any, build bool) error {
	if d.peek() != '"' {
		return d.syntaxError("looking for beginning of object key string")
	}
	key, err := d.string(build || d.depth == 1)
	if err != nil {
		return err
	}
	if d.skipSpace(); d.peek() != ':' {
		return d.syntaxError("after object key")
	}
	d.pos++
	d.skipSpace()
	start := d.pos
	recorded := d.depth == 1 && d.member != "" && key == d.member
	v, err := d.value(build && !(recorded && d.skipMember))
	if err != nil {
		return err
	}
	if recorded {
		d.memberRaw = d.data[start:d.pos]
	}
	if build {
		obj[key] = v
	}
	return nil
}

func (d *decoder) array(build bool) (any, error) {
	if err := d.enter(); err != nil {
		return nil, err
	}
	d.pos++ // [
	base := len(d.stack)
	if d.skipSpace(); d.peek() == ']' {
		d.pos++
		d.depth--
		return d.collect(base, build), nil
	}
	for {
		v, err := d.value(build)
		if err != nil {
			return nil, err
		}
		if build {
			d.stack = append(d.stack, v)
		}
		d.skipSpace()
		switch d.peek() {
		case ',':
			d.pos++
		case ']':
			d.pos++
			d.depth--
			return d.collect(base, build), nil
		default:
			return nil, d.syntaxError("after array element")
		}
	}
}

// collect moves the elements gathered since base into a new slice.
func (d *decoder) collect(base int, build bool) any {
	if !build {
		return nil
	}
	arr := make([]any, len(d.stack)-base)
	copy(arr, d.stack[base:])
	clear(d.stack[base:])
	d.stack = d.stack[:base]
	return arr
}

func (d *decoder) enter() error {
	d.depth++
	if d.depth > maxDepth {
		return d.fail("exceeded max depth")
	}
	return nil
}

func (d *decoder) literal(word string, v any) (any, error) {
	end := d.pos + len(word)
	if end > len(d.data) || string(d.data[d.pos:end]) != word {
		return nil, d.syntaxError("in literal")
	}
	d.pos = end
	return v, nil
}

// number parses -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? .
func (d *decoder) number(build bool) (any, error) {
	start := d.pos
	if d.peek() == '-' {
		d.pos++
	}
	switch c := d.peek(); {
	case c == '0':
		d.pos++
	case c >= '1' && c <= '9':
		d.digits()
	default:
		return nil, d.syntaxError("in numeric literal")
	}
	if d.peek() == '.' {
		d.pos++
		if !d.digits() {
			return nil, d.syntaxError("after decimal point in numeric literal")
		}
	}
	exponent := 0
	if c := d.peek(); c == 'e' || c == 'E' {
		d.pos++
		if c := d.peek(); c == '+' || c == '-' {
			d.pos++
		}
		digitsStart := d.pos
		if !d.digits() {
			return nil, d.syntaxError("in exponent of numeric literal")
		}
		exponent = exponentMagnitude(d.data[digitsStart:d.pos])
	}
	if !build {
		return nil, nil
	}
	if (d.pos-start > maxNumberBytes || exponent > maxNumberExponent) && d.badNumber == 0 {
		d.badNumber = start + 1
	}
	return json.Number(d.store(d.data[start:d.pos])), nil
}

// exponentMagnitude reads exponent digits, saturating above
// maxNumberExponent.
func exponentMagnitude(digits []byte) int {
	e := 0
	for _, c := range digits {
		e = e*10 + int(c-'0')
		if e > maxNumberExponent {
			return maxNumberExponent + 1
		}
	}
	return e
}

// digits skips [0-9]* and reports whether there was at least one.
func (d *decoder) digits() bool {
	start := d.pos
	for d.pos < len(d.data) && d.data[d.pos] >= '0' && d.data[d.pos] <= '9' {
		d.pos++
	}
	return d.pos > start
}

func (d *decoder) peek() byte {
	if d.pos < len(d.data) {
		return d.data[d.pos]
	}
	return 0
}

func (d *decoder) skipSpace() {
	for d.pos < len(d.data) {
		switch d.data[d.pos] {
		case ' ', '\t', '\n', '\r':
			d.pos++
		default:
			return
		}
	}
}

func (d *decoder) syntaxError(context string) error {
	if d.pos >= len(d.data) {
		return d.fail("unexpected end of input")
	}
	return d.fail(fmt.Sprintf("invalid character %q %s", d.data[d.pos], context))
}

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
