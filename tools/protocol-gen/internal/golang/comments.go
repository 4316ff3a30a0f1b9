package golang

import (
	"fmt"
	"strings"

	"github.com/gatewire/gatewire/tools/protocol-gen/internal/doctext"
	"github.com/gatewire/gatewire/tools/protocol-gen/internal/model"
)

// comment renders lines as a // comment block ("" when there are none).
func comment(lines []string) string { return doctext.Block("//", lines) }

// typeDoc is the doc comment of a named type: a first sentence that
// starts with the name, the description, and the schema location.
func typeDoc(name string, n *model.Named, extra ...string) string {
	loc := doctext.Location(n.Schema.Doc.Name, n.Schema.Pointer)
	desc := doctext.Lines(n.Description)
	var lines []string
	switch {
	case len(desc) > 0 && (strings.HasPrefix(desc[0], name+" ") || desc[0] == name):
		lines = append(desc, "", "Schema: "+loc+".")
	case n.Member != "":
		lines = []string{name + " is the type of " + n.Member + "."}
		if len(desc) > 0 {
			lines = append(append(lines, ""), desc...)
		}
		lines = append(lines, "", "Schema: "+loc+".")
	case len(desc) == 0:
		lines = []string{name + " is generated from " + loc + "."}
	default:
		desc[0] = name + ": " + desc[0]
		lines = append(desc, "", "Schema: "+loc+".")
	}
	if len(extra) > 0 {
		lines = append(append(lines, ""), extra...)
	}
	return comment(lines)
}

// fieldDoc is the comment of a struct member: its description and what
// its type cannot say (a constant, allowed values, why it is untyped).
func fieldDoc(f *model.Field) string {
	return comment(doctext.AppendMissing(doctext.Lines(f.Description), append(f.Type.Notes(), versionNote(f)...)...))
}

// versionNote says in which protocol versions a member exists, when not
// in all of them.
func versionNote(f *model.Field) []string {
	switch {
	case f.Since != 0 && f.Until != 0:
		return []string{fmt.Sprintf("Only in protocol versions %d to %d.", f.Since, f.Until)}
	case f.Since != 0:
		return []string{fmt.Sprintf("Since protocol version %d.", f.Since)}
	case f.Until != 0:
		return []string{fmt.Sprintf("Up to protocol version %d.", f.Until)}
	}
	return nil
}
