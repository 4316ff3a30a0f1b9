package schema

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// fixture is the wrapper format of examples/valid and examples/invalid.
type fixture struct {
	Description string          `json:"description"`
	Method      string          `json:"method"`
	Frame       json.RawMessage `json:"frame"`
	ErrorAt     *string         `json:"errorAt"`
}

// fixtureFrame holds the frame fields the coverage checks look at.
type fixtureFrame struct {
	Type    string          `json:"type"`
	Method  string          `json:"method"`
	Event   string          `json:"event"`
	Payload json.RawMessage `json:"payload"`
}

var fixtureName = regexp.MustCompile(`^(req|res|event)-[a-z0-9]+(-[a-z0-9]+)*\.json$`)

// readFixtures decodes every fixture of examples/<kind>, strictly.
func readFixtures(t *testing.T, kind string) map[string]fixture {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join("examples", kind, "*.json"))
	if err != nil {
		t.Fatalf("glob %s fixtures: %v", kind, err)
	}
	if len(paths) == 0 {
		t.Fatalf("no %s fixtures", kind)
	}
	out := map[string]fixture{}
	for _, p := range paths {
		raw, err := os.ReadFile(p)
		if err != nil {
			t.Fatalf("read %s: %v", p, err)
		}
		var fx fixture
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&fx); err != nil {
			t.Errorf("%s: %v", p, err)
			continue
		}
		out[filepath.Base(p)] = fx
	}
	return out
}

func frameOf(t *testing.T, name string, fx fixture) fixtureFrame {
	t.Helper()
	var f fixtureFrame
	if err := json.Unmarshal(fx.Frame, &f); err != nil {
		t.Errorf("%s: frame: %v", name, err)
	}
	return f
}

func TestFixtureWrappers(t *testing.T) {
	for _, kind := range []string{"valid", "invalid"} {
		for name, fx := range readFixtures(t, kind) {
			if !fixtureName.MatchString(name) {
				t.Errorf("%s/%s: name must be <req|res|event>-<what>[-<variant>].json", kind, name)
			}
			if strings.TrimSpace(fx.Description) == "" {
				t.Errorf("%s/%s: empty description", kind, name)
			}
			if len(fx.Frame) == 0 {
				t.Errorf("%s/%s: no frame", kind, name)
			}
			if strings.HasPrefix(name, "res-") && fx.Method == "" {
				t.Errorf("%s/%s: a res fixture must name its method", kind, name)
			}
			assertErrorAt(t, kind, name, fx.ErrorAt)
		}
	}
}

func assertErrorAt(t *testing.T, kind, name string, errorAt *string) {
	t.Helper()
	switch {
	case kind == "valid" && errorAt != nil:
		t.Errorf("valid/%s: has errorAt", name)
	case kind == "invalid" && errorAt == nil:
		t.Errorf("invalid/%s: missing errorAt", name)
	case errorAt != nil && *errorAt != "" && !strings.HasPrefix(*errorAt, "/"):
		t.Errorf("invalid/%s: errorAt %q is not a JSON pointer", name, *errorAt)
	}
}

// TestValidFixturesNameManifestEntries checks that valid frames use the
// type their file name says and name methods and events of the manifest.
func TestValidFixturesNameManifestEntries(t *testing.T) {
	methods, events := manifestIndex(t)
	for name, fx := range readFixtures(t, "valid") {
		f := frameOf(t, name, fx)
		if !strings.HasPrefix(name, f.Type+"-") {
			t.Errorf("valid/%s: frame type %q does not match the file name", name, f.Type)
		}
		switch f.Type {
		case "req":
			if _, ok := methods[f.Method]; !ok {
				t.Errorf("valid/%s: unknown method %q", name, f.Method)
			}
		case "res":
			if _, ok := methods[fx.Method]; !ok {
				t.Errorf("valid/%s: unknown method %q", name, fx.Method)
			}
		case "event":
			if !events[f.Event] {
				t.Errorf("valid/%s: unknown event %q", name, f.Event)
			}
		}
	}
}

// TestValidFixturesCoverTheProtocol requires a request and a response for
// every method group (schema file), a frame for every event, and both
// replies of every two-phase method.
func TestValidFixturesCoverTheProtocol(t *testing.T) {
	methods, events := manifestIndex(t)
	reqGroups, resGroups, seenEvents := map[string]bool{}, map[string]bool{}, map[string]bool{}
	accepted, final := map[string]bool{}, map[string]bool{}
	for name, fx := range readFixtures(t, "valid") {
		f := frameOf(t, name, fx)
		switch f.Type {
		case "req":
			reqGroups[groupOf(methods[f.Method])] = true
		case "res":
			resGroups[groupOf(methods[fx.Method])] = true
			if methods[fx.Method].TwoPhase && len(f.Payload) > 0 {
				var p struct{ Status string }
				_ = json.Unmarshal(f.Payload, &p)
				if p.Status == "accepted" {
					accepted[fx.Method] = true
				} else {
					final[fx.Method] = true
				}
			}
		case "event":
			seenEvents[f.Event] = true
		}
	}
	for _, m := range methods {
		group := groupOf(m)
		if !reqGroups[group] || !resGroups[group] {
			t.Errorf("group %s: needs a valid req and res fixture (req %v, res %v)", group, reqGroups[group], resGroups[group])
		}
		if m.TwoPhase && (!accepted[m.Name] || !final[m.Name]) {
			t.Errorf("%s: needs an accepted and a final res fixture", m.Name)
		}
	}
	for e := range events {
		if !seenEvents[e] {
			t.Errorf("event %s: no valid fixture", e)
		}
	}
}

func manifestIndex(t *testing.T) (map[string]manifestMethod, map[string]bool) {
	t.Helper()
	m := readManifest(t)
	methods, events := map[string]manifestMethod{}, map[string]bool{}
	for _, x := range m.Methods {
		methods[x.Name] = x
	}
	for _, x := range m.Events {
		events[x.Name] = true
	}
	return methods, events
}

// groupOf names a method's group by the schema file of its params.
func groupOf(m manifestMethod) string {
	file, _, _ := strings.Cut(m.Params, "#")
	return file
}
