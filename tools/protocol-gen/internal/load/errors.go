package load

import (
	"fmt"
	"sort"
	"strings"

	"github.com/gatewire/gatewire/tools/protocol-gen/internal/jsonnode"
)

// Error is a mistake located in a schema file.
type Error struct {
	// File is the document's display name, e.g. "schema/frames.json".
	File string
	// Line is 1-based.
	Line int
	// Pointer is the JSON pointer of the offending value or keyword.
	Pointer string
	// Msg says what is wrong.
	Msg string
}

// Error returns "file:line: /json/pointer: message".
func (e *Error) Error() string {
	return fmt.Sprintf("%s:%d: %s: %s", e.File, e.Line, jsonnode.Display(e.Pointer), e.Msg)
}

// Errors is a list of located errors, ordered by file and line.
type Errors []*Error

// Error returns one error per line.
func (es Errors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// sortByLocation orders the errors by file, line, pointer and message.
func (es Errors) sortByLocation() {
	sort.SliceStable(es, func(i, j int) bool {
		a, b := es[i], es[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Pointer != b.Pointer {
			return a.Pointer < b.Pointer
		}
		return a.Msg < b.Msg
	})
}

// Err returns the list as an error, or nil when it is empty.
func (es Errors) Err() error {
	if len(es) == 0 {
		return nil
	}
	out := append(Errors(nil), es...)
	out.sortByLocation()
	return out
}
