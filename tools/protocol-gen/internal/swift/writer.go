package swift

import (
	"fmt"
	"strings"

	"github.com/gatewire/gatewire/tools/protocol-gen/internal/doctext"
)

// writer accumulates Swift source with four-space indentation.
type writer struct {
	b      strings.Builder
	indent int
}

// line writes one indented line (an empty line stays empty).
func (w *writer) line(format string, args ...any) {
	text := fmt.Sprintf(format, args...)
	if text != "" {
		w.b.WriteString(strings.Repeat("    ", w.indent))
		w.b.WriteString(text)
	}
	w.b.WriteByte('\n')
}

// open writes a line ending a block opener and indents.
func (w *writer) open(format string, args ...any) {
	w.line(format, args...)
	w.indent++
}

// close dedents and writes the closing line.
func (w *writer) close(text string) {
	w.indent--
	w.line("%s", text)
}

// doc writes lines as a /// comment, cleaned so that schema text cannot
// end the comment.
func (w *writer) doc(lines []string) {
	for _, l := range doctext.Clean(lines) {
		if l == "" {
			w.line("///")
		} else {
			w.line("/// %s", l)
		}
	}
}
