package schema

import (
	"cmp"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// versionMarks are the schema keywords that make a shape differ between
// protocol versions.
var versionMarks = []string{"x-since", "x-until", "x-enum-since"}

// schemaDocs holds every schema file of the folder, decoded, by file name.
type schemaDocs map[string]any

func readSchemaDocs(t *testing.T) schemaDocs {
	t.Helper()
	paths, err := filepath.Glob("*.json")
	if err != nil {
		t.Fatal(err)
	}
	docs := schemaDocs{}
	for _, p := range paths {
		if p == "manifest.json" {
			continue
		}
		raw, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		var doc any
		if err := json.Unmarshal(raw, &doc); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		docs[p] = doc
	}
	return docs
}

// marked reports whether the schema at ref ("file.json#/$defs/Name"), or
// any schema it reaches through $ref, carries a version mark.
func (d schemaDocs) marked(ref string) bool {
	return d.markedAt(ref, "", map[string]bool{})
}

func (d schemaDocs) markedAt(ref, fromFile string, seen map[string]bool) bool {
	file, fragment, _ := strings.Cut(ref, "#")
	if file == "" {
		file = fromFile
	}
	key := file + "#" + fragment
	if seen[key] {
		return false
	}
	seen[key] = true
	node := d[file]
	for _, part := range strings.Split(strings.TrimPrefix(fragment, "/"), "/") {
		if part == "" {
			continue
		}
		obj, _ := node.(map[string]any)
		node = obj[part]
	}
	return d.markedIn(node, file, seen)
}

func (d schemaDocs) markedIn(node any, file string, seen map[string]bool) bool {
	switch x := node.(type) {
	case map[string]any:
		for _, mark := range versionMarks {
			if _, ok := x[mark]; ok {
				return true
			}
		}
		if ref, ok := x["$ref"].(string); ok && d.markedAt(ref, file, seen) {
			return true
		}
		for _, v := range x {
			if d.markedIn(v, file, seen) {
				return true
			}
		}
	case []any:
		for _, v := range x {
			if d.markedIn(v, file, seen) {
				return true
			}
		}
	}
	return false
}

// TestV4FixturesCoverVersionedShapes requires a valid v4 fixture for every
// shape protocol 4 sees differently: a request of every method whose
// params carry a version mark or a v4 override, a reply of every method
// whose result does, and a frame of every event whose payload does, plus a
// request and a reply of every method that exists only from protocol 4.
func TestV4FixturesCoverVersionedShapes(t *testing.T) {
	docs := readSchemaDocs(t)
	methods, _ := manifestIndex(t, 4)
	reqs, ress, events := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for name, fx := range readFixtures(t, 4, "valid") {
		f := frameOf(t, name, fx)
		switch f.Type {
		case "req":
			reqs[f.Method] = true
		case "res":
			ress[fx.Method] = true
		case "event":
			events[f.Event] = true
		}
	}
	for _, m := range methods {
		since4 := intOr0(m.Since) >= 4
		params, result := m.Params, m.Result
		v4, override := m.Versions["4"]
		if override {
			params, result = cmp.Or(v4.Params, params), cmp.Or(v4.Result, result)
		}
		if (since4 || override && v4.Params != "" || docs.marked(params)) && !reqs[m.Name] {
			t.Errorf("%s: its params differ at protocol 4 (version marks, a v4 override or since 4); add examples/v4/valid/req-… for it", m.Name)
		}
		if result != "" && (since4 || override && v4.Result != "" || docs.marked(result)) && !ress[m.Name] {
			t.Errorf("%s: its result differs at protocol 4 (version marks, a v4 override or since 4); add examples/v4/valid/res-… for it", m.Name)
		}
	}
	for _, e := range readManifest(t).Events {
		if !inRange(4, e.Since, e.Until) {
			continue
		}
		since4 := e.Since >= 4
		payload := e.Payload
		v4, override := e.Versions["4"]
		if override && v4.Payload != "" {
			payload = v4.Payload
		}
		if (since4 || override || docs.marked(payload)) && !events[e.Name] {
			t.Errorf("event %s: its payload differs at protocol 4 (version marks or since 4); add examples/v4/valid/event-… for it", e.Name)
		}
	}
}
