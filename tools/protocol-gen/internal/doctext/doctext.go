// Package doctext turns schema descriptions into comment lines that are
// safe in Go and Swift sources: line terminators normalized, control
// characters and byte order marks replaced, blank edges trimmed.
package doctext

import "strings"

// Lines splits text into clean comment lines.
func Lines(text string) []string {
	text = breaks.Replace(text)
	var out []string
	for _, line := range strings.Split(text, "\n") {
		out = append(out, strings.TrimRight(strings.Map(printable, line), " \t"))
	}
	for len(out) > 0 && out[0] == "" {
		out = out[1:]
	}
	for len(out) > 0 && out[len(out)-1] == "" {
		out = out[:len(out)-1]
	}
	return out
}

// Clean re-splits and cleans lines that may hold line breaks or control
// characters, keeping empty lines between paragraphs.
func Clean(lines []string) []string {
	var out []string
	for _, l := range lines {
		if l == "" {
			out = append(out, "")
			continue
		}
		out = append(out, Lines(l)...)
	}
	return out
}

var breaks = strings.NewReplacer("\r\n", "\n", "\r", "\n", "\u2028", "\n", "\u2029", "\n", "\u0085", "\n", "\v", "\n", "\f", "\n")

func printable(r rune) rune {
	if r == '\t' || (r >= 0x20 && r != 0x7f && r != 0xfeff && !(r >= 0x80 && r < 0xa0)) {
		return r
	}
	return ' '
}

// Block renders lines as a comment block with the given marker ("//" or
// "///"); empty lines get the bare marker. Every line is cleaned as by
// Lines, so text from a schema cannot end the comment. It returns "" for
// no lines.
func Block(marker string, lines []string) string {
	var b strings.Builder
	for i, l := range Clean(lines) {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(marker)
		if l != "" {
			b.WriteString(" " + l)
		}
	}
	return b.String()
}

// Location renders "file#pointer" for a comment, percent-encoding the
// characters that would break a comment line or hide in it (controls,
// spaces, line separators, '%').
func Location(file, pointer string) string {
	return Escape(file) + "#" + Escape(pointer)
}

// Escape percent-encodes the characters of s that would break a comment
// line or hide in it (controls, spaces, line separators, '%').
func Escape(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r <= ' ' || r == 0x7f || r == '%' || r == 0x85 || r == 0x2028 || r == 0x2029 || r == 0xfeff:
			for _, c := range []byte(string(r)) {
				b.WriteString("%" + strings.ToUpper(hex(c)))
			}
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func hex(c byte) string {
	const digits = "0123456789abcdef"
	return string([]byte{digits[c>>4], digits[c&15]})
}
