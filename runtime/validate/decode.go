package validate

import "encoding/json"

// maxDepth is the deepest nesting of objects and arrays accepted, the same
// limit encoding/json applies.
const maxDepth = 10000

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
		return d.fail(tooDeepMsg)
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
