package cli

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// escapeText makes a string that came from the gateway or another client
// safe to print on a terminal: control characters (C0, DEL, C1, which
// can clear the screen or set the window title), bidirectional overrides
// and bytes that are not UTF-8 are written as Go escapes (\x1b, \u202e,
// \xff); everything else is kept as it is. Every table, field and line
// the commands print goes through it.
func escapeText(s string) string {
	if !needsEscape(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteString(`\x` + strconv.FormatUint(uint64(s[i]), 16))
		case unsafeRune(r):
			q := strconv.QuoteRuneToASCII(r)
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// needsEscape reports whether s holds anything escapeText changes.
func needsEscape(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == 0x7f || c >= utf8.RuneSelf {
			return !utf8.ValidString(s) || strings.IndexFunc(s, unsafeRune) >= 0
		}
	}
	return false
}

// unsafeRune reports whether r is a control character or a
// bidirectional formatting character.
func unsafeRune(r rune) bool {
	return unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r)
}

// escapeLines is escapeText for text of several lines, such as indented
// JSON: the line breaks stay.
func escapeLines(s string) string {
	if !needsEscape(s) {
		return s
	}
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = escapeText(l)
	}
	return strings.Join(lines, "\n")
}
