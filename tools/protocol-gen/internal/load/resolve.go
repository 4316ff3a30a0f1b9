package load

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/gatewire/gatewire/tools/protocol-gen/internal/jsonnode"
)

// Resolve returns the schema the $ref of from designates. The error is
// located at the $ref value.
//
// When $id has moved the base URI away from where the document was read
// (say to https://example.com/a.json) and the reference names no known
// resource there, it is tried again against the document's own location,
// so that sibling files on disk are still found.
func (s *Set) Resolve(from *Schema) (*Schema, error) {
	target, err := s.ResolveRef(from.Base, from.Ref)
	if err != nil && from.Base != from.Doc.URI && !strings.HasPrefix(from.Ref, "#") {
		if t, err2 := s.ResolveRef(from.Doc.URI, from.Ref); err2 == nil {
			return t, nil
		}
	}
	if err != nil {
		key := "$ref"
		if from.Node.Member(key) == nil {
			key = firstPresent(from.Node, "$dynamicRef", "$recursiveRef")
		}
		return nil, from.KeywordError(key, "%v", err)
	}
	return target, nil
}

func firstPresent(n *jsonnode.Node, keys ...string) string {
	for _, k := range keys {
		if n.Member(k) != nil {
			return k
		}
	}
	return keys[0]
}

// ResolveRef resolves a reference against a base URI.
func (s *Set) ResolveRef(base, ref string) (*Schema, error) {
	uri, frag, err := resolveURI(base, ref)
	if err != nil {
		return nil, fmt.Errorf("invalid reference %q: %v", ref, err)
	}
	root, err := s.resource(uri)
	if err != nil {
		return nil, fmt.Errorf("unresolvable reference %q: %v", ref, err)
	}
	switch {
	case frag == "":
		return root, nil
	case strings.HasPrefix(frag, "/"):
		node, err := jsonnode.Lookup(root.Node, frag)
		if err != nil {
			return nil, fmt.Errorf("unresolvable reference %q: %v", ref, err)
		}
		return s.parse(root.Doc, node, root.Pointer+frag, root.Base), nil
	default:
		if sc := s.anchors[uri+"#"+frag]; sc != nil {
			return sc, nil
		}
		return nil, fmt.Errorf("unresolvable reference %q: no anchor %q", ref, frag)
	}
}

// resource returns the schema registered for an absolute URI, fetching the
// document when a Fetch function allows it.
func (s *Set) resource(uri string) (*Schema, error) {
	if sc := s.resources[uri]; sc != nil {
		return sc, nil
	}
	if _, loading := s.resources[uri]; loading {
		return nil, fmt.Errorf("document %s is still loading", uri)
	}
	if err, tried := s.fetched[uri]; tried {
		return nil, err
	}
	if s.opts.Fetch == nil {
		return nil, fmt.Errorf("no document %s", displayURI(uri))
	}
	sc, err := s.fetch(uri)
	s.fetched[uri] = err
	return sc, err
}

// fetch loads a document through the Fetch option.
func (s *Set) fetch(uri string) (*Schema, error) {
	name, data, err := s.opts.Fetch(uri)
	if err != nil {
		return nil, err
	}
	doc, err := s.Add(name, uri, data)
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", name, err)
	}
	return doc.Schema, nil
}

// displayURI shortens the file URIs of local documents to their path.
func displayURI(uri string) string {
	return strings.TrimPrefix(uri, "file:///")
}

// resolveURI resolves ref against base and splits the result into the
// absolute URI without fragment and the decoded fragment.
func resolveURI(base, ref string) (uri, frag string, err error) {
	if strings.HasPrefix(ref, "#") {
		return base, unescapeFragment(ref[1:]), nil
	}
	u, err := url.Parse(ref)
	if err != nil {
		return "", "", err
	}
	b, err := url.Parse(base)
	if err != nil {
		return "", "", err
	}
	abs := b.ResolveReference(u)
	frag = abs.Fragment
	abs.Fragment, abs.RawFragment = "", ""
	return abs.String(), frag, nil
}

func unescapeFragment(f string) string {
	if !strings.Contains(f, "%") {
		return f
	}
	if out, err := url.PathUnescape(f); err == nil {
		return out
	}
	return f
}

// CheckRefs resolves every reference of every parsed schema and records
// the dangling ones (errors when strict, warnings otherwise).
func (s *Set) CheckRefs() {
	for i := 0; i < len(s.all); i++ { // resolving may parse more schemas
		sc := s.all[i]
		if sc.Ref == "" {
			continue
		}
		if _, err := s.Resolve(sc); err != nil {
			s.Problem(err.(*Error))
		}
	}
}
