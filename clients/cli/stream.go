package cli

import (
	"encoding/json"
	"io"
	"strings"
)

// streamPrinter prints a run's cumulative assistant text as it grows:
// each update prints only what is new; a text that does not continue the
// printed one (a new assistant message after a tool call) starts on a
// new line.
type streamPrinter struct {
	w       io.Writer
	printed map[string]string // run id → text printed so far
}

func newStreamPrinter(w io.Writer) *streamPrinter {
	return &streamPrinter{w: w, printed: map[string]string{}}
}

// update prints what text adds to what was printed for runID.
func (p *streamPrinter) update(runID, text string) {
	before := p.printed[runID]
	switch {
	case text == before || text == "":
		return
	case strings.HasPrefix(text, before):
		_, _ = io.WriteString(p.w, escapeStream(text[len(before):]))
	default:
		if before != "" && !strings.HasSuffix(before, "\n") {
			_, _ = io.WriteString(p.w, "\n")
		}
		_, _ = io.WriteString(p.w, escapeStream(text))
	}
	p.printed[runID] = text
}

// end finishes runID's output with a line break (when anything was
// printed) and reports whether anything was.
func (p *streamPrinter) end(runID string) bool {
	text, ok := p.printed[runID]
	delete(p.printed, runID)
	if ok && text != "" && !strings.HasSuffix(text, "\n") {
		_, _ = io.WriteString(p.w, "\n")
	}
	return ok && text != ""
}

// messageText is the text of a chat message's content: a string, or the
// text parts of a content array joined.
func messageText(content json.RawMessage) string {
	var s string
	if json.Unmarshal(content, &s) == nil {
		return s
	}
	var parts []struct {
		Type string `json:"type"`
		Text string `json:"text"`
		Name string `json:"name"`
	}
	if json.Unmarshal(content, &parts) != nil {
		return ""
	}
	var b strings.Builder
	for _, part := range parts {
		if part.Type == "text" {
			b.WriteString(part.Text)
		}
	}
	return b.String()
}

// escapeStream makes model text safe for the terminal as escapeText
// does, keeping its line breaks and tabs.
func escapeStream(s string) string {
	if !needsEscape(s) {
		return s
	}
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		cells := strings.Split(l, "\t")
		for j, c := range cells {
			cells[j] = escapeText(c)
		}
		lines[i] = strings.Join(cells, "\t")
	}
	return strings.Join(lines, "\n")
}
