package workspace

import (
	"fmt"
	"strings"
)

// headShare is the part of a trimmed file's budget kept from its start;
// the rest comes from its end.
const headShare = 0.75

// trim fits a file's text (trailing space removed) into max characters:
// longer text keeps its head and its tail around a marker naming the
// file to read for the full content.
func trim(name, text string, max int) (string, bool) {
	rs := []rune(strings.TrimRight(text, " \t\r\n"))
	if len(rs) <= max {
		return string(rs), false
	}
	marker := func(head, tail int) string {
		return fmt.Sprintf("\n[...truncated, read %s for full content...]\n(kept the first %d and the last %d of %d characters)\n", name, head, tail, len(rs))
	}
	head, tail := 0, 0
	for range 3 { // the marker's length depends on the numbers in it
		budget := max - len([]rune(marker(head, tail)))
		if budget < 0 {
			budget = 0
		}
		head, tail = int(float64(budget)*headShare), budget-int(float64(budget)*headShare)
	}
	for head+tail+len([]rune(marker(head, tail))) > max && (head > 0 || tail > 0) {
		if tail > 0 {
			tail--
		} else {
			head--
		}
	}
	out := string(rs[:head]) + marker(head, tail) + string(rs[len(rs)-tail:])
	if r := []rune(out); len(r) > max {
		out = string(r[:max])
	}
	return out, true
}

// clamp cuts text to budget characters, marking the cut with "…".
func clamp(text string, budget int) string {
	rs := []rune(text)
	switch {
	case budget <= 0:
		return ""
	case len(rs) <= budget:
		return text
	case budget <= 3:
		return string(rs[:budget])
	}
	return string(rs[:budget-1]) + "…"
}
