package validate

import (
	"slices"
	"strconv"
	"strings"

	"github.com/gatewire/gatewire/runtime/clip"
)

// maxEntries is the most violations Error.Details lists before "…";
// maxEntryBytes caps one listed entry, whose pointer and property name come
// from the client.
const (
	maxEntries    = 20
	maxEntryBytes = 240
)

// Violation is one failed schema constraint.
type Violation struct {
	// Pointer locates the failing value (RFC 6901) relative to the document
	// that was validated: the frame, or the params or payload alone. The
	// empty pointer is the document's root.
	Pointer string
	// Message is AJV's wording, e.g. "must have required property 'id'" or
	// "must NOT have fewer than 1 characters"; an additional property reads
	// "unexpected property '<name>'".
	Message string
	// Property is the name of the unexpected property, when that is the
	// violation; Pointer then locates the object holding it.
	Property string
}

// String returns the entry as v3 lists it: "at /client/id: <message>";
// at the root, "at root: unexpected property '<name>'" for an additional
// property and the bare message for anything else. Entries longer than
// maxEntryBytes are cut, ending in "…".
func (v Violation) String() string {
	var s string
	switch {
	case v.Pointer != "":
		s = "at " + v.Pointer + ": " + v.Message
	case v.Property != "":
		s = "at root: " + v.Message
	default:
		s = v.Message
	}
	return truncate(s, maxEntryBytes)
}

// Target returns the pointer to the offending value itself: for an
// unexpected property, the property inside its object; otherwise Pointer.
func (v Violation) Target() string {
	if v.Property == "" {
		return v.Pointer
	}
	return v.Pointer + "/" + escapeToken(v.Property)
}

// pointerOf builds an RFC 6901 pointer from reference tokens.
func pointerOf(tokens []string) string {
	if len(tokens) == 0 {
		return ""
	}
	var b strings.Builder
	for _, t := range tokens {
		b.WriteByte('/')
		b.WriteString(escapeToken(t))
	}
	return b.String()
}

func escapeToken(t string) string {
	if !strings.ContainsAny(t, "~/") {
		return t
	}
	return strings.ReplaceAll(strings.ReplaceAll(t, "~", "~0"), "/", "~1")
}

// truncate cuts s to at most limit bytes without splitting a character,
// marking the cut with "…".
func truncate(s string, limit int) string {
	if len(s) <= limit {
		return s
	}
	const ellipsis = "…"
	return clip.Bytes(s, limit-len(ellipsis)) + ellipsis
}

// sortViolations orders vs by location (array indexes numerically), then by
// message, and drops exact duplicates, so that the same input always yields
// the same text.
func sortViolations(vs []Violation) []Violation {
	slices.SortFunc(vs, func(a, b Violation) int {
		if c := comparePointers(a.Pointer, b.Pointer); c != 0 {
			return c
		}
		return strings.Compare(a.Message, b.Message)
	})
	return slices.Compact(vs)
}

// comparePointers compares two pointers token by token; two tokens that
// are both array indexes compare as numbers, so /items/2 sorts before
// /items/10.
func comparePointers(a, b string) int {
	for a != "" && b != "" {
		var ta, tb string
		ta, a = nextToken(a)
		tb, b = nextToken(b)
		if c := compareTokens(ta, tb); c != 0 {
			return c
		}
	}
	return strings.Compare(a, b)
}

// nextToken splits "/a/b" into "a" and "/b".
func nextToken(p string) (token, rest string) {
	p = p[1:]
	if i := strings.IndexByte(p, '/'); i >= 0 {
		return p[:i], p[i:]
	}
	return p, ""
}

func compareTokens(a, b string) int {
	ia, errA := strconv.ParseUint(a, 10, 64)
	ib, errB := strconv.ParseUint(b, 10, 64)
	if errA == nil && errB == nil {
		switch {
		case ia < ib:
			return -1
		case ia > ib:
			return 1
		}
	}
	return strings.Compare(a, b)
}
