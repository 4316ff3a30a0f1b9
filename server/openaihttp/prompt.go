package openaihttp

import "strings"

// The markers of a message that carries earlier turns, as v3 writes them.
const (
	historyMarker = "[Chat messages since your last reply - for context]"
	currentMarker = "[Current message - respond to this]"
)

// entry is one turn of the conversation a request carries.
type entry struct {
	role, sender, body string
}

// prompt is what a request asks of the agent: the message of the turn
// and the system text its system/developer messages add.
type prompt struct {
	message, extraSystem string
}

// buildPrompt turns a request's conversation into one agent message, as
// v3 does: system and developer texts become the extra system prompt;
// the last user (or tool) turn is the message; earlier turns come before
// it as "Sender: text" lines between v3's markers.
func buildPrompt(system []string, entries []entry) prompt {
	p := prompt{extraSystem: strings.Join(system, "\n\n")}
	if len(entries) == 0 {
		return p
	}
	current := len(entries) - 1
	for i := len(entries) - 1; i >= 0; i-- {
		if entries[i].role == "user" || entries[i].role == "tool" {
			current = i
			break
		}
	}
	cur := entries[current]
	if current == 0 {
		p.message = cur.body
		return p
	}
	lines := make([]string, 0, current)
	for _, e := range entries[:current] {
		lines = append(lines, e.sender+": "+e.body)
	}
	p.message = strings.Join([]string{historyMarker, strings.Join(lines, "\n"), "", currentMarker, cur.sender + ": " + cur.body}, "\n")
	return p
}
