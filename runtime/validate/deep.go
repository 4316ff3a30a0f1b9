package validate

import "strconv"

// A request nested deeper than maxDepth is still JSON: the client waits
// for an answer, so it gets one (before the handshake, the close that
// follows an invalid first frame) instead of being ignored like input that
// is not JSON at all. The decoder stops at maxDepth; scanDeep then walks
// the rest without recursion to tell a deep document from garbage and to
// find the id to answer with.

// tooDeepMsg is the decoder's SyntaxError text for nesting beyond
// maxDepth; Request turns that error into an answer (see tooDeepFrame),
// other callers see input that is not JSON as before.
const tooDeepMsg = "exceeded max depth"

// isTooDeep reports whether err is the decoder stopping at maxDepth.
// The decoder returns its *SyntaxError unwrapped; a type assertion keeps
// the check free of allocations on every frame.
func isTooDeep(err error) bool {
	se, ok := err.(*SyntaxError)
	return ok && se.msg == tooDeepMsg
}

// tooDeepMessage is the violation of a document nested too deep.
var tooDeepMessage = "must not be nested more than " + strconv.Itoa(maxDepth) + " levels deep"

// tooDeepFrame returns the error for a frame whose decoding stopped at
// maxDepth: a frame error carrying the frame's id when the frame is
// otherwise well-formed, a SyntaxError when it is not.
func tooDeepFrame(subject Subject, frame []byte) error {
	s := deepScanner{data: frame}
	if !s.scan() {
		return &SyntaxError{Offset: s.pos, msg: tooDeepMsg}
	}
	var at string
	if s.deepMember != "" {
		at = pointerOf([]string{s.deepMember})
	}
	return &Error{Subject: subject, Violations: []Violation{{Pointer: at, Message: tooDeepMessage}}, ID: s.id}
}

// deepScanner checks the bracket and string structure of a document
// iteratively, whatever its depth, and records the top-level object's
// string "id" and the top-level member holding the deepest nesting.
type deepScanner struct {
	data       []byte
	pos        int
	id         string
	deepMember string
}

// scan reports whether the document's brackets balance, its strings end
// and its top level is a single value.
func (s *deepScanner) scan() bool {
	depth, maxSeen := 0, 0
	var member string  // the current top-level member's key
	var lastKey string // the last string read at depth 1
	expectKey := false
	for ; s.pos < len(s.data); s.pos++ {
		switch c := s.data[s.pos]; c {
		case '{', '[':
			depth++
			expectKey = c == '{' && depth == 1
			if depth > maxSeen {
				maxSeen, s.deepMember = depth, member
			}
		case '}', ']':
			depth--
			if depth < 0 {
				return false
			}
			if depth == 0 {
				return s.onlySpaceAfter()
			}
		case ',':
			expectKey = depth == 1
		case ':':
			if depth == 1 {
				member = lastKey
			}
		case '"':
			str, ok := s.str()
			if !ok {
				return false
			}
			if depth == 1 && expectKey {
				lastKey, expectKey = str, false
			} else if depth == 1 && member == "id" && s.id == "" {
				s.id = str
			}
		}
	}
	return false
}

// str reads the string starting at s.pos (a quote), leaving s.pos on its
// closing quote; escapes other than \" and \\ are kept as written, which
// is enough for keys and ids.
func (s *deepScanner) str() (string, bool) {
	start := s.pos + 1
	plain := true
	for s.pos++; s.pos < len(s.data); s.pos++ {
		switch s.data[s.pos] {
		case '\\':
			plain = false
			s.pos++
		case '"':
			raw := s.data[start:s.pos]
			if plain {
				return string(raw), true
			}
			if v, err := strconv.Unquote(`"` + string(raw) + `"`); err == nil {
				return v, true
			}
			return string(raw), true
		}
	}
	return "", false
}

// onlySpaceAfter reports whether only whitespace follows s.pos.
func (s *deepScanner) onlySpaceAfter() bool {
	for i := s.pos + 1; i < len(s.data); i++ {
		switch s.data[i] {
		case ' ', '\t', '\n', '\r':
		default:
			return false
		}
	}
	return true
}
