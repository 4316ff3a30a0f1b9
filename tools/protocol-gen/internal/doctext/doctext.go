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

var breaks = strings.NewReplacer("\r\n", "\n", "\r", "\n", "\u2028", "\n", "\u2029", "\n", "\u0085", "\n", "\v", "\n", "\f", "\n")

func printable(r rune) rune {
	if r == '\t' || (r >= 0x20 && r != 0x7f && r != 0xfeff && !(r >= 0x80 && r < 0xa0)) {
		return r
	}
	return ' '
}

// Block renders lines as a comment block with the given marker ("//" or
// "///"); empty lines get the bare marker. It returns "" for no lines.
func Block(marker string, lines []string) string {
	var b strings.Builder
	for i, l := range lines {
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
