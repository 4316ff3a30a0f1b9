package schema

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/dlclark/regexp2"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// upstreamFile is the published protocol document of
// @openclaw/gateway-protocol 2026.9.1 (draft-07), kept as test data:
// testdata/openclaw-gateway-protocol-2026.9.1/README.md says where it comes
// from and under which licence.
const upstreamFile = "testdata/openclaw-gateway-protocol-2026.9.1/protocol.schema.json"

// upstreamURL is the document's own $id, under which its definitions are
// compiled.
const upstreamURL = "https://openclaw.ai/protocol.schema.json"

// upstreamSchema compiles the published document's frame union and, on
// demand, its named definitions.
type upstreamSchema struct {
	compiler    *jsonschema.Compiler
	definitions map[string]bool
	methods     map[string]bool
	compiled    map[string]*jsonschema.Schema
}

// loadUpstream reads and registers the published document; nothing is
// fetched (the draft-07 meta-schema is built into the compiler).
func loadUpstream(t *testing.T) *upstreamSchema {
	t.Helper()
	raw, err := os.ReadFile(upstreamFile)
	if err != nil {
		t.Fatalf("read the upstream document: %v", err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("%s: %v", upstreamFile, err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	c.UseRegexpEngine(ecmaRegexp)
	c.UseLoader(refuseLoader{})
	if err := c.AddResource(upstreamURL, doc); err != nil {
		t.Fatalf("add the upstream document: %v", err)
	}
	var index struct {
		Definitions map[string]json.RawMessage `json:"definitions"`
		Methods     map[string]json.RawMessage `json:"methods"`
	}
	if err := json.Unmarshal(raw, &index); err != nil {
		t.Fatalf("%s: definitions: %v", upstreamFile, err)
	}
	u := &upstreamSchema{compiler: c, definitions: map[string]bool{}, methods: map[string]bool{}, compiled: map[string]*jsonschema.Schema{}}
	for name := range index.Definitions {
		u.definitions[name] = true
	}
	for name := range index.Methods {
		u.methods[name] = true
	}
	return u
}

// ecmaRegexp compiles the document's patterns: with Go's regexp where it
// can, else with regexp2, because the document is written for an
// ECMAScript engine and a few patterns use lookahead (approval ids, skill
// names), which Go's RE2 syntax lacks.
func ecmaRegexp(pattern string) (jsonschema.Regexp, error) {
	if re, err := regexp.Compile(pattern); err == nil {
		return re, nil
	}
	re, err := regexp2.Compile(pattern, regexp2.None)
	if err != nil {
		return nil, err
	}
	return lookaheadRegexp{re}, nil
}

// lookaheadRegexp adapts a regexp2 pattern to jsonschema.Regexp.
type lookaheadRegexp struct {
	re *regexp2.Regexp
}

// MatchString reports whether s matches; a match that fails to run (its
// time limit) counts as no match.
func (r lookaheadRegexp) MatchString(s string) bool {
	ok, err := r.re.MatchString(s)
	return ok && err == nil
}

// String returns the pattern.
func (r lookaheadRegexp) String() string { return r.re.String() }

// refuseLoader fails every load: the test works from the kept document
// alone.
type refuseLoader struct{}

// Load refuses url.
func (refuseLoader) Load(url string) (any, error) {
	return nil, fmt.Errorf("the upstream check fetches nothing (asked for %s)", url)
}

// schema compiles the frame union ("") or one named definition, once.
func (u *upstreamSchema) schema(t *testing.T, definition string) *jsonschema.Schema {
	t.Helper()
	if s, ok := u.compiled[definition]; ok {
		return s
	}
	loc := upstreamURL
	if definition != "" {
		if !u.definitions[definition] {
			t.Fatalf("the upstream document has no definition %q", definition)
		}
		loc += "#/definitions/" + definition
	}
	s, err := u.compiler.Compile(loc)
	if err != nil {
		t.Fatalf("compile upstream %s: %v", loc, err)
	}
	u.compiled[definition] = s
	return s
}

// TestV4FixturesMatchUpstream validates every valid v4 fixture against
// the published 2026.9.1 document as well: the frame against its frame
// union, and the params, result, event payload or error details against
// the definition upstreamMethods, upstreamEvents and upstreamErrorDetails
// map them to, after deleting the fields aheadOfUpstream lists.
func TestV4FixturesMatchUpstream(t *testing.T) {
	u := loadUpstream(t)
	used := map[int]bool{}
	fixtures := readFixtures(t, 4, "valid")
	names := make([]string, 0, len(fixtures))
	for name := range fixtures {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			for _, part := range upstreamParts(t, u, fixtures[name]) {
				checkUpstreamPart(t, u, part, used)
			}
		})
	}
	for i, a := range aheadOfUpstream {
		if !used[i] {
			t.Errorf("aheadOfUpstream %s%s: no v4 fixture carries it; remove the entry or add a fixture", a.definition, a.pointer)
		}
	}
}

// upstreamPart is one value of a fixture and the upstream definition that
// must accept it ("": the document's frame union).
type upstreamPart struct {
	what       string
	definition string
	value      any
	// list marks the array an item definition applies to: it must be an
	// array, and its items are parts of their own.
	list bool
}

// upstreamParts splits a fixture into the values the upstream document
// judges: the frame, then what it carries.
func upstreamParts(t *testing.T, u *upstreamSchema, fx fixture) []upstreamPart {
	t.Helper()
	decoded, err := jsonschema.UnmarshalJSON(bytes.NewReader(fx.Frame)) // numbers stay exact
	if err != nil {
		t.Fatalf("frame: %v", err)
	}
	frame, ok := decoded.(map[string]any)
	if !ok {
		t.Fatalf("frame is not an object")
	}
	parts := []upstreamPart{{what: "frame", value: frame}}
	switch frame["type"] {
	case "req":
		method, _ := frame["method"].(string)
		params, present := frame["params"]
		if params == nil && present {
			params = map[string]any{} // a v4 client sends params:null for "no params"; the gateway reads {}
		}
		parts = append(parts, carried("params", u.method(t, method).params, params, present)...)
	case "res":
		if ok, _ := frame["ok"].(bool); ok {
			payload, present := frame["payload"]
			parts = append(parts, carried("result", u.method(t, fx.Method).result, payload, present)...)
		} else {
			parts = append(parts, errorDetailsPart(t, frame)...)
		}
	case "event":
		event, _ := frame["event"].(string)
		definition, known := upstreamEvents[event]
		if !known {
			t.Fatalf("event %q is not in upstreamEvents: map it to its upstream payload definition (or to none)", event)
		}
		payload, present := frame["payload"]
		parts = append(parts, carried("payload", definition, payload, present)...)
	}
	return parts
}

// carried is the part for a value the frame carries, when the frame
// carries it and upstream defines its shape. A definition ending in "[]"
// names the shape of each item of an array value (upstream defines
// PresenceEntry, not the list system-presence returns).
func carried(what, definition string, value any, present bool) []upstreamPart {
	if definition == "" || !present {
		return nil
	}
	item, isList := strings.CutSuffix(definition, "[]")
	if !isList {
		return []upstreamPart{{what: what, definition: definition, value: value}}
	}
	list, _ := value.([]any)
	parts := []upstreamPart{{what: what, definition: "", value: value, list: true}}
	for i, v := range list {
		parts = append(parts, upstreamPart{what: fmt.Sprintf("%s[%d]", what, i), definition: item, value: v})
	}
	return parts
}

// method returns the upstream definitions of a method the published
// registry lists.
func (u *upstreamSchema) method(t *testing.T, method string) upstreamMethod {
	t.Helper()
	if !u.methods[method] {
		t.Errorf("method %q is not in the upstream registry: a v4 gateway does not serve it", method)
	}
	m, ok := upstreamMethods[method]
	if !ok {
		t.Fatalf("method %q is not in upstreamMethods: map it to its upstream params and result definitions (or to none)", method)
	}
	return m
}

// errorDetailsPart is the part for an error's details, when their code has
// an upstream definition.
func errorDetailsPart(t *testing.T, frame map[string]any) []upstreamPart {
	t.Helper()
	errObj, _ := frame["error"].(map[string]any)
	details, _ := errObj["details"].(map[string]any)
	code, _ := details["code"].(string)
	if code == "" {
		return nil
	}
	definition, known := upstreamErrorDetails[code]
	if !known {
		t.Fatalf("error details code %q is not in upstreamErrorDetails: map it to its upstream definition (or to none)", code)
	}
	return carried("error.details", definition, details, true)
}

// checkUpstreamPart deletes the fields the running gateway sends ahead of
// the published document, then validates; each deleted field must be one
// the document indeed rejects.
func checkUpstreamPart(t *testing.T, u *upstreamSchema, part upstreamPart, used map[int]bool) {
	t.Helper()
	if part.list {
		if _, ok := part.value.([]any); !ok {
			t.Errorf("%s is not an array", part.what)
		}
		return
	}
	s := u.schema(t, part.definition)
	value := part.value
	for i, a := range aheadOfUpstream {
		if a.definition != part.definition {
			continue
		}
		trimmed, removed := withoutPointer(value, strings.Split(strings.TrimPrefix(a.pointer, "/"), "/"))
		if !removed {
			continue
		}
		used[i] = true
		if s.Validate(value) == nil {
			t.Errorf("%s: upstream %s accepts %s already; drop it from aheadOfUpstream", part.what, label(part.definition), a.pointer)
		}
		value = trimmed
	}
	if err := s.Validate(value); err != nil {
		t.Errorf("%s does not validate against upstream %s: %v", part.what, label(part.definition), err)
	}
}

func label(definition string) string {
	if definition == "" {
		return "frame union"
	}
	return definition
}

// withoutPointer returns a copy of v without the member path names ("*"
// stands for every item of an array or every member of an object) and
// whether anything was removed. v itself is left alone.
func withoutPointer(v any, path []string) (any, bool) {
	if len(path) == 0 {
		return v, false
	}
	switch x := v.(type) {
	case map[string]any:
		return objectWithout(x, path)
	case []any:
		if path[0] != "*" {
			return v, false
		}
		out, removed := make([]any, len(x)), false
		for i, item := range x {
			var r bool
			out[i], r = withoutPointer(item, path[1:])
			removed = removed || r
		}
		return out, removed
	}
	return v, false
}

func objectWithout(x map[string]any, path []string) (any, bool) {
	out, removed := make(map[string]any, len(x)), false
	for k, member := range x {
		switch {
		case len(path) == 1 && (path[0] == k || path[0] == "*"):
			removed = true
			continue
		case path[0] == k || path[0] == "*":
			var r bool
			member, r = withoutPointer(member, path[1:])
			removed = removed || r
		}
		out[k] = member
	}
	return out, removed
}
