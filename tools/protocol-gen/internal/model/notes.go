package model

import "strings"

// Notes says in words what the Go or Swift type of a use cannot: the one
// value it may hold, the values it is limited to, why it is raw JSON.
// Each note is a sentence; generated comments append them.
func (t Type) Notes() []string {
	var out []string
	switch {
	case t.Const != "" && t.Kind != Raw:
		out = append(out, "Always "+t.Const+".")
	case t.Note != "":
		out = append(out, strings.ToUpper(t.Note[:1])+t.Note[1:]+".")
	}
	if t.Kind == Raw && t.Reason != "" {
		out = append(out, "Raw JSON: "+t.Reason+".")
	}
	if t.Elem != nil && t.Elem.Kind == Raw && t.Elem.Reason != "" {
		out = append(out, "Raw JSON elements: "+t.Elem.Reason+".")
	}
	return out
}
