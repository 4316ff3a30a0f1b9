package jsonnode

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"unicode/utf8"
)

// maxDepth bounds nesting so that hostile input cannot exhaust the stack.
const maxDepth = 10000

// SyntaxError is malformed JSON at a byte offset, inside the value at
// Pointer (the innermost object or array being read).
type SyntaxError struct {
	Offset  int
	Pointer string
	Msg     string
}

// Error returns the message with its offset.
func (e *SyntaxError) Error() string { return fmt.Sprintf("offset %d: %s", e.Offset, e.Msg) }

// Duplicate records an object key that appeared more than once. The parser
// keeps the last value, as most JSON decoders do.
type Duplicate struct {
	// Object is the object holding the key.
	Object *Node
	// Key is the repeated key; KeyOffset is where it repeats.
	Key       string
	KeyOffset int
}

// Parse decodes one JSON document. A UTF-8 byte order mark is skipped.
// Duplicate keys are returned for the caller to judge; the later value wins.
func Parse(data []byte) (*Node, []Duplicate, error) {
	p := &parser{data: data}
	if len(data) >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF {
		p.pos = 3
	}
	p.skipSpace()
	n, err := p.value(0)
	if err != nil {
		return nil, nil, err
	}
	p.skipSpace()
	if p.pos < len(p.data) {
		return nil, nil, p.fail("unexpected %s after the top-level value", p.describe())
	}
	return n, p.dups, nil
}

type parser struct {
	data []byte
	pos  int
	dups []Duplicate
	path []string // member names and indexes down to the value being read
}

func (p *parser) fail(format string, args ...any) error {
	return p.failAt(p.pos, format, args...)
}

func (p *parser) failAt(offset int, format string, args ...any) error {
	return &SyntaxError{Offset: offset, Pointer: Join("", p.path...), Msg: fmt.Sprintf(format, args...)}
}

func (p *parser) describe() string {
	if p.pos >= len(p.data) {
		return "end of input"
	}
	r, _ := utf8.DecodeRune(p.data[p.pos:])
	return strconv.QuoteRune(r)
}

func (p *parser) skipSpace() {
	for p.pos < len(p.data) {
		switch p.data[p.pos] {
		case ' ', '\t', '\n', '\r':
			p.pos++
		default:
			return
		}
	}
}

func (p *parser) value(depth int) (*Node, error) {
	if depth > maxDepth {
		return nil, p.fail("nesting deeper than %d levels", maxDepth)
	}
	if p.pos >= len(p.data) {
		return nil, p.fail("unexpected end of input, want a value")
	}
	switch c := p.data[p.pos]; {
	case c == '{':
		return p.object(depth)
	case c == '[':
		return p.array(depth)
	case c == '"':
		start := p.pos
		s, err := p.str()
		if err != nil {
			return nil, err
		}
		return &Node{Kind: String, Offset: start, Text: s}, nil
	case c == '-' || (c >= '0' && c <= '9'):
		return p.number()
	default:
		return p.literal()
	}
}

func (p *parser) literal() (*Node, error) {
	start := p.pos
	for _, lit := range []struct {
		text string
		node Node
	}{
		{"true", Node{Kind: Bool, Bool: true}},
		{"false", Node{Kind: Bool}},
		{"null", Node{Kind: Null}},
	} {
		if len(p.data)-p.pos >= len(lit.text) && string(p.data[p.pos:p.pos+len(lit.text)]) == lit.text {
			p.pos += len(lit.text)
			n := lit.node
			n.Offset = start
			return &n, nil
		}
	}
	return nil, p.fail("unexpected %s, want a value", p.describe())
}

func (p *parser) object(depth int) (*Node, error) {
	n := &Node{Kind: Object, Offset: p.pos}
	p.pos++
	p.skipSpace()
	if p.pos < len(p.data) && p.data[p.pos] == '}' {
		p.pos++
		return n, nil
	}
	seen := map[string]int{}
	for {
		m, err := p.member(depth)
		if err != nil {
			return nil, err
		}
		if i, dup := seen[m.Key]; dup {
			p.dups = append(p.dups, Duplicate{Object: n, Key: m.Key, KeyOffset: m.KeyOffset})
			n.Members[i] = m
		} else {
			seen[m.Key] = len(n.Members)
			n.Members = append(n.Members, m)
		}
		p.skipSpace()
		if p.pos >= len(p.data) {
			return nil, p.fail("unexpected end of input, want ',' or '}'")
		}
		switch p.data[p.pos] {
		case ',':
			p.pos++
		case '}':
			p.pos++
			return n, nil
		default:
			return nil, p.fail("unexpected %s, want ',' or '}'", p.describe())
		}
	}
}

// member reads one "key": value pair of an object at depth.
func (p *parser) member(depth int) (Member, error) {
	p.skipSpace()
	if p.pos >= len(p.data) || p.data[p.pos] != '"' {
		return Member{}, p.fail("unexpected %s, want a member name in quotes", p.describe())
	}
	keyOffset := p.pos
	key, err := p.str()
	if err != nil {
		return Member{}, err
	}
	p.skipSpace()
	if p.pos >= len(p.data) || p.data[p.pos] != ':' {
		return Member{}, p.fail("unexpected %s, want ':' after member name", p.describe())
	}
	p.pos++
	p.skipSpace()
	p.path = append(p.path, key)
	v, err := p.value(depth + 1)
	if err != nil {
		return Member{}, err
	}
	p.path = p.path[:len(p.path)-1]
	return Member{Key: key, KeyOffset: keyOffset, Value: v}, nil
}

func (p *parser) array(depth int) (*Node, error) {
	n := &Node{Kind: Array, Offset: p.pos}
	p.pos++
	p.skipSpace()
	if p.pos < len(p.data) && p.data[p.pos] == ']' {
		p.pos++
		return n, nil
	}
	for {
		p.skipSpace()
		p.path = append(p.path, strconv.Itoa(len(n.Items)))
		v, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		p.path = p.path[:len(p.path)-1]
		n.Items = append(n.Items, v)
		p.skipSpace()
		if p.pos >= len(p.data) {
			return nil, p.fail("unexpected end of input, want ',' or ']'")
		}
		switch p.data[p.pos] {
		case ',':
			p.pos++
		case ']':
			p.pos++
			return n, nil
		default:
			return nil, p.fail("unexpected %s, want ',' or ']'", p.describe())
		}
	}
}

// str reads a string token starting at the opening quote.
func (p *parser) str() (string, error) {
	start := p.pos
	p.pos++
	escaped := false
	for p.pos < len(p.data) {
		c := p.data[p.pos]
		switch {
		case c == '"':
			p.pos++
			raw := p.data[start:p.pos]
			if !escaped {
				if !utf8.Valid(raw) {
					return "", p.failAt(start, "string is not valid UTF-8")
				}
				return string(raw[1 : len(raw)-1]), nil
			}
			return p.decodeEscaped(raw, start)
		case c == '\\':
			escaped = true
			p.pos += 2
		case c < 0x20:
			return "", p.fail("control character %#x in string", c)
		default:
			p.pos++
		}
	}
	return "", p.failAt(start, "unterminated string")
}

func (p *parser) decodeEscaped(raw []byte, offset int) (string, error) {
	if !utf8.Valid(raw) {
		return "", p.failAt(offset, "string is not valid UTF-8")
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", p.failAt(offset, "invalid escape sequence in string")
	}
	return s, nil
}

func (p *parser) number() (*Node, error) {
	start := p.pos
	if p.data[p.pos] == '-' {
		p.pos++
	}
	intStart := p.pos
	if !p.digits() {
		return nil, p.fail("invalid number, want a digit")
	}
	if p.data[intStart] == '0' && p.pos-intStart > 1 {
		return nil, p.failAt(start, "invalid number: leading zero")
	}
	if p.pos < len(p.data) && p.data[p.pos] == '.' {
		p.pos++
		if !p.digits() {
			return nil, p.fail("invalid number, want a digit after '.'")
		}
	}
	if p.pos < len(p.data) && (p.data[p.pos] == 'e' || p.data[p.pos] == 'E') {
		p.pos++
		if p.pos < len(p.data) && (p.data[p.pos] == '+' || p.data[p.pos] == '-') {
			p.pos++
		}
		if !p.digits() {
			return nil, p.fail("invalid number, want a digit in the exponent")
		}
	}
	return &Node{Kind: Number, Offset: start, Text: string(p.data[start:p.pos])}, nil
}

// digits consumes a run of decimal digits and reports whether there was one.
func (p *parser) digits() bool {
	start := p.pos
	for p.pos < len(p.data) && p.data[p.pos] >= '0' && p.data[p.pos] <= '9' {
		p.pos++
	}
	return p.pos > start
}

// integerValue parses a JSON number literal that denotes an integer.
func integerValue(text string) (int64, bool) {
	if v, err := strconv.ParseInt(text, 10, 64); err == nil {
		return v, true
	}
	f, err := strconv.ParseFloat(text, 64)
	if err != nil || f != math.Trunc(f) || math.Abs(f) > 1<<63-1 {
		return 0, false
	}
	return int64(f), true
}
