package load

import (
	"errors"
	"fmt"

	"github.com/gatewire/gatewire/tools/protocol-gen/internal/jsonnode"
)

// ReadJSON decodes a JSON file that is not a schema (such as a manifest)
// into a Document, strictly: a syntax error or a duplicate key is an
// error.
func ReadJSON(name, uri string, data []byte) (*Document, error) {
	doc, dups, err := decode(name, uri, data)
	if err != nil {
		return nil, err
	}
	return doc, duplicateErrors(doc, dups).Err()
}

// decode parses data into a Document without a schema view. Malformed
// JSON is returned as a located error; repeated keys are returned for the
// caller to judge.
func decode(name, uri string, data []byte) (*Document, []jsonnode.Duplicate, error) {
	src := jsonnode.NewSource(data)
	root, dups, err := jsonnode.Parse(data)
	if err != nil {
		var se *jsonnode.SyntaxError
		if errors.As(err, &se) {
			return nil, nil, Errors{{File: name, Line: src.Line(se.Offset), Pointer: se.Pointer, Msg: "invalid JSON: " + se.Msg}}
		}
		return nil, nil, err
	}
	return &Document{Name: name, URI: uri, Source: src, Root: root}, dups, nil
}

// duplicateErrors locates every repeated key of doc.
func duplicateErrors(doc *Document, dups []jsonnode.Duplicate) Errors {
	var errs Errors
	for _, d := range dups {
		ptr := pointerOf(doc.Root, d.Object)
		errs = append(errs, &Error{File: doc.Name, Line: doc.Source.Line(d.KeyOffset),
			Pointer: jsonnode.Join(ptr, d.Key), Msg: fmt.Sprintf("duplicate key %q", d.Key)})
	}
	return errs
}
