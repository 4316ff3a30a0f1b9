package load

import (
	"errors"
	"strings"

	"github.com/gatewire/gatewire/tools/protocol-gen/internal/jsonnode"
)

// ReadJSON decodes a JSON file that is not a schema (such as a manifest)
// into a Document, strictly: a syntax error or a duplicate key is an
// error.
func ReadJSON(name, uri string, data []byte) (*Document, error) {
	src := jsonnode.NewSource(name, data)
	root, dups, err := jsonnode.Parse(data)
	if err != nil {
		var se *jsonnode.SyntaxError
		if errors.As(err, &se) {
			return nil, Errors{{File: name, Line: src.Line(se.Offset), Pointer: se.Pointer, Msg: "invalid JSON: " + se.Msg}}
		}
		return nil, err
	}
	doc := &Document{Name: name, URI: uri, Source: src, Root: root}
	var errs Errors
	for _, d := range dups {
		ptr := pointerOf(root, d.Object)
		errs = append(errs, &Error{File: name, Line: src.Line(d.KeyOffset), Pointer: jsonnode.Join(ptr, d.Key),
			Msg: "duplicate key " + quoteKey(d.Key)})
	}
	return doc, errs.Err()
}

func quoteKey(k string) string { return "\"" + strings.ReplaceAll(k, "\"", "\\\"") + "\"" }
