// Package load reads JSON Schema documents strictly: it decodes them with
// line tracking, checks every keyword's value, resolves $ref across files
// and inside documents (definitions, $defs, nested pointers, $id and
// $anchor), and reports each mistake as "file:line: /json/pointer: message".
package load

import (
	"strconv"
	"strings"

	"github.com/gatewire/gatewire/tools/protocol-gen/internal/jsonnode"
)

// Options choose how strict loading is.
type Options struct {
	// Strict makes unknown keywords, duplicate keys and keywords of the
	// wrong shape errors. Otherwise they are warnings and the offending
	// keyword is ignored.
	Strict bool
	// Fetch, when set, loads a document that a reference names but that
	// was not added. It returns the document's display name and text.
	Fetch func(uri string) (name string, data []byte, err error)
}

// Set is a group of documents whose references resolve against each other.
type Set struct {
	opts      Options
	resources map[string]*Schema // absolute URI without fragment → schema
	anchors   map[string]*Schema // absolute URI + "#" + anchor → schema
	byNode    map[*jsonnode.Node]*Schema
	all       []*Schema
	fetched   map[string]error // URI → outcome of fetching it
	errs      Errors
	warnings  Errors
}

// NewSet returns an empty set.
func NewSet(opts Options) *Set {
	return &Set{
		opts:      opts,
		resources: map[string]*Schema{},
		anchors:   map[string]*Schema{},
		byNode:    map[*jsonnode.Node]*Schema{},
		fetched:   map[string]error{},
	}
}

// Errors returns the mistakes found so far (errors in strict mode).
func (s *Set) Errors() Errors { return s.errs }

// Warnings returns what lenient loading ignored.
func (s *Set) Warnings() Errors { return s.warnings }

// Add decodes and parses one document. A JSON syntax error is returned at
// once; schema mistakes are collected (see Errors and Warnings).
func (s *Set) Add(name, uri string, data []byte) (*Document, error) {
	doc, dups, err := decode(name, uri, data)
	if err != nil {
		return nil, err
	}
	if sch := doc.Root.Get("$schema"); sch != nil && sch.Kind == jsonnode.String {
		doc.draft04 = strings.Contains(sch.Text, "draft-04") || strings.Contains(sch.Text, "draft-03")
	}
	for _, e := range duplicateErrors(doc, dups) {
		s.Problem(e)
	}
	s.resources[uri] = nil // reserve, so a self reference during parsing finds the document
	doc.Schema = s.parse(doc, doc.Root, "", uri)
	s.resources[uri] = doc.Schema
	return doc, nil
}

// Problem records a schema mistake, found while loading or by a later
// stage: an error when strict, else a warning.
func (s *Set) Problem(e *Error) {
	if s.opts.Strict {
		s.errs = append(s.errs, e)
	} else {
		s.warnings = append(s.warnings, e)
	}
}

// pointerOf finds the pointer of target inside root (used only for the
// rare duplicate-key report).
func pointerOf(root, target *jsonnode.Node) string {
	if root == target {
		return ""
	}
	switch root.Kind {
	case jsonnode.Object:
		for _, m := range root.Members {
			if p := pointerOf(m.Value, target); p != "-" {
				return jsonnode.Join("", m.Key) + p
			}
		}
	case jsonnode.Array:
		for i, it := range root.Items {
			if p := pointerOf(it, target); p != "-" {
				return jsonnode.Join("", strconv.Itoa(i)) + p
			}
		}
	}
	return "-"
}
