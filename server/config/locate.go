package config

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// span locates one value of a JSON5 document in its text.
type span struct {
	key   int // offset of the value's key, or of the value in an array
	start int // first byte of the value
	end   int // one past the last byte of the value
}

// locator walks JSON5 text that already parsed successfully and records
// where every value is, by JSON pointer ("/gateway/auth/token"). It is
// used for line numbers in errors and to replace secret values in the
// text without disturbing comments or layout. On text it does not
// understand it stops and keeps what it found.
type locator struct {
	src   string
	pos   int
	spans map[string]span
	dups  []duplicate
	depth int
}

// duplicate is a key that appears twice in one object.
type duplicate struct {
	pointer     []string // the key's JSON pointer tokens
	first, next int      // offsets of its first and its repeated occurrence
}

const maxLocateDepth = 64

// locate returns the spans of every value in src.
func locate(src string) map[string]span {
	return walkSource(src).spans
}

// duplicates returns the keys src repeats within one object, in order.
func duplicates(src string) []duplicate {
	return walkSource(src).dups
}

// walkSource runs the locator over src.
func walkSource(src string) *locator {
	l := &locator{src: src, spans: map[string]span{}}
	l.skip()
	start := l.pos
	if l.value("", nil) {
		l.spans[""] = span{key: start, start: start, end: l.pos}
	}
	return l
}

// lineOf returns the 1-based line of a byte offset.
func lineOf(src string, offset int) int {
	if offset > len(src) {
		offset = len(src)
	}
	return strings.Count(src[:offset], "\n") + 1
}

// value reads one value at l.pos (at ptr, whose tokens are path); it
// reports false on text it cannot read.
func (l *locator) value(ptr string, path []string) bool {
	if l.pos >= len(l.src) || l.depth > maxLocateDepth {
		return false
	}
	switch c := l.src[l.pos]; c {
	case '{':
		return l.object(ptr, path)
	case '[':
		return l.array(ptr, path)
	case '"', '\'':
		_, ok := l.str()
		return ok
	}
	return l.scalar()
}

func (l *locator) object(ptr string, path []string) bool {
	l.pos++ // {
	l.depth++
	defer func() { l.depth-- }()
	seen := map[string]int{}
	for {
		l.skip()
		if l.pos >= len(l.src) {
			return false
		}
		if l.src[l.pos] == '}' {
			l.pos++
			return true
		}
		keyAt := l.pos
		name, ok := l.key()
		if !ok {
			return false
		}
		l.skip()
		if l.pos >= len(l.src) || l.src[l.pos] != ':' {
			return false
		}
		l.pos++
		l.skip()
		child := ptr + "/" + escapePointer(name)
		childPath := append(append([]string(nil), path...), name)
		if first, dup := seen[name]; dup {
			l.dups = append(l.dups, duplicate{pointer: childPath, first: first, next: keyAt})
		} else {
			seen[name] = keyAt
		}
		start := l.pos
		if !l.value(child, childPath) {
			return false
		}
		l.spans[child] = span{key: keyAt, start: start, end: l.pos}
		if !l.separator('}') {
			return false
		}
	}
}

func (l *locator) array(ptr string, path []string) bool {
	l.pos++ // [
	l.depth++
	defer func() { l.depth-- }()
	for i := 0; ; i++ {
		l.skip()
		if l.pos >= len(l.src) {
			return false
		}
		if l.src[l.pos] == ']' {
			l.pos++
			return true
		}
		child := ptr + "/" + strconv.Itoa(i)
		start := l.pos
		if !l.value(child, append(append([]string(nil), path...), strconv.Itoa(i))) {
			return false
		}
		l.spans[child] = span{key: start, start: start, end: l.pos}
		if !l.separator(']') {
			return false
		}
	}
}

// separator consumes the comma after a member, or sees the closing byte.
func (l *locator) separator(closing byte) bool {
	l.skip()
	if l.pos >= len(l.src) {
		return false
	}
	switch l.src[l.pos] {
	case ',':
		l.pos++
		return true
	case closing:
		return true
	}
	return false
}

// key reads an object key: a string literal or an identifier.
func (l *locator) key() (string, bool) {
	if c := l.src[l.pos]; c == '"' || c == '\'' {
		return l.str()
	}
	var b strings.Builder
	for l.pos < len(l.src) {
		c := l.src[l.pos]
		switch {
		case c == ':' || isSpaceByte(c) || c == '/':
			return b.String(), b.Len() > 0
		case c == '\\' && strings.HasPrefix(l.src[l.pos:], `\u`) && l.pos+6 <= len(l.src):
			r, err := strconv.ParseUint(l.src[l.pos+2:l.pos+6], 16, 32)
			if err != nil {
				return "", false
			}
			b.WriteRune(rune(r))
			l.pos += 6
		default:
			b.WriteByte(c)
			l.pos++
		}
	}
	return "", false
}

// str reads a quoted string literal and returns its decoded value.
func (l *locator) str() (string, bool) {
	quote := l.src[l.pos]
	l.pos++
	var b strings.Builder
	for l.pos < len(l.src) {
		c := l.src[l.pos]
		switch {
		case c == quote:
			l.pos++
			return b.String(), true
		case c == '\\':
			if !l.escape(&b) {
				return "", false
			}
		default:
			b.WriteByte(c)
			l.pos++
		}
	}
	return "", false
}

// escape decodes one backslash escape of a string literal.
func (l *locator) escape(b *strings.Builder) bool {
	if l.pos+1 >= len(l.src) {
		return false
	}
	c := l.src[l.pos+1]
	l.pos += 2
	simple := map[byte]string{'b': "\b", 'f': "\f", 'n': "\n", 'r': "\r", 't': "\t", 'v': "\v", '0': "\x00"}
	switch {
	case simple[c] != "":
		b.WriteString(simple[c])
	case c == '\n':
		// line continuation
	case c == '\r':
		if l.pos < len(l.src) && l.src[l.pos] == '\n' {
			l.pos++
		}
	case c == 'u' || c == 'x':
		n := 4
		if c == 'x' {
			n = 2
		}
		if l.pos+n > len(l.src) {
			return false
		}
		r, err := strconv.ParseUint(l.src[l.pos:l.pos+n], 16, 32)
		if err != nil {
			return false
		}
		b.WriteRune(rune(r))
		l.pos += n
	default:
		b.WriteByte(c)
	}
	return true
}

// scalar reads a number, literal or identifier up to the next delimiter.
func (l *locator) scalar() bool {
	start := l.pos
	for l.pos < len(l.src) {
		c := l.src[l.pos]
		if c == ',' || c == '}' || c == ']' || c == '/' || isSpaceByte(c) {
			break
		}
		l.pos++
	}
	return l.pos > start
}

// skip passes over whitespace and comments.
func (l *locator) skip() {
	for l.pos < len(l.src) {
		switch {
		case isSpaceByte(l.src[l.pos]):
			l.pos++
		case strings.HasPrefix(l.src[l.pos:], "//"):
			end := strings.IndexByte(l.src[l.pos:], '\n')
			if end < 0 {
				l.pos = len(l.src)
				return
			}
			l.pos += end + 1
		case strings.HasPrefix(l.src[l.pos:], "/*"):
			end := strings.Index(l.src[l.pos+2:], "*/")
			if end < 0 {
				l.pos = len(l.src)
				return
			}
			l.pos += end + 4
		default:
			r, size := utf8.DecodeRuneInString(l.src[l.pos:])
			if !isSpaceRune(r) {
				return
			}
			l.pos += size
		}
	}
}

func isSpaceByte(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
}

func isSpaceRune(r rune) bool {
	return r == 0xA0 || r == 0xFEFF || r == 0x2028 || r == 0x2029
}

// escapePointer escapes one JSON pointer token.
func escapePointer(token string) string {
	return strings.ReplaceAll(strings.ReplaceAll(token, "~", "~0"), "/", "~1")
}
