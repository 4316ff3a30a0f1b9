package load

import (
	"fmt"

	"github.com/gatewire/gatewire/tools/protocol-gen/internal/jsonnode"
)

// Document is one loaded JSON Schema file.
type Document struct {
	// Name is how errors and generated comments refer to the file, e.g.
	// "schema/frames.json"; it never holds an absolute machine path.
	Name string
	// URI is the base URI of the document, used to resolve references.
	URI string
	// Source is the text with its line index; Root its decoded JSON.
	Source *jsonnode.Source
	Root   *jsonnode.Node
	// Schema is the root schema.
	Schema *Schema

	draft04 bool
}

// errorAt returns an error located at a byte offset of the document.
func (d *Document) errorAt(offset int, pointer, format string, args ...any) *Error {
	return &Error{File: d.Name, Line: d.Source.Line(offset), Pointer: pointer, Msg: fmt.Sprintf(format, args...)}
}

// ErrorAt returns an error located at node, whose pointer is given.
func (d *Document) ErrorAt(node *jsonnode.Node, pointer, format string, args ...any) *Error {
	return d.errorAt(node.Offset, pointer, format, args...)
}

// KeyErrorAt returns an error located at the key of an object member.
func (d *Document) KeyErrorAt(m *jsonnode.Member, pointer, format string, args ...any) *Error {
	return d.errorAt(m.KeyOffset, pointer, format, args...)
}
