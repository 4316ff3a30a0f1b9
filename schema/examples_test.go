package schema

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// fixtureVersions are the protocol versions with a fixture folder:
// examples/v<N>/valid and examples/v<N>/invalid hold frames as a connection
// at protocol N sends or receives them.
var fixtureVersions = []int{3, 4}

// fixture is the wrapper format of examples/v<N>/valid and
// examples/v<N>/invalid.
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

// fixtureDir names the folder of one version's valid or invalid fixtures,
// relative to examples/.
func fixtureDir(version int, kind string) string {
	return "v" + strconv.Itoa(version) + "/" + kind
}

// readFixtures decodes every fixture of examples/v<version>/<kind>,
// strictly.
func readFixtures(t *testing.T, version int, kind string) map[string]fixture {
	t.Helper()
	dir := fixtureDir(version, kind)
	paths, err := filepath.Glob(filepath.Join("examples", dir, "*.json"))
	if err != nil {
		t.Fatalf("glob %s fixtures: %v", dir, err)
	}
	if len(paths) == 0 {
		t.Fatalf("no %s fixtures", dir)
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

// TestFixtureFoldersAreVersions requires every entry of examples/ to be the
// folder of one of fixtureVersions, so no fixture sits where no test reads
// it.
func TestFixtureFoldersAreVersions(t *testing.T) {
	entries, err := os.ReadDir("examples")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{}
	for _, v := range fixtureVersions {
		want["v"+strconv.Itoa(v)] = true
	}
	for _, e := range entries {
		if !e.IsDir() || !want[e.Name()] {
			t.Errorf("examples/%s: not a version folder (want v<N> for N in %v)", e.Name(), fixtureVersions)
		}
	}
}

func TestFixtureWrappers(t *testing.T) {
	for _, version := range fixtureVersions {
		for _, kind := range []string{"valid", "invalid"} {
			for name, fx := range readFixtures(t, version, kind) {
				checkWrapper(t, fixtureDir(version, kind)+"/"+name, kind, fx)
			}
		}
	}
}

func checkWrapper(t *testing.T, file, kind string, fx fixture) {
	t.Helper()
	if !fixtureName.MatchString(filepath.Base(file)) {
		t.Errorf("%s: name must be <req|res|event>-<what>[-<variant>].json", file)
	}
	if strings.TrimSpace(fx.Description) == "" {
		t.Errorf("%s: empty description", file)
	}
	if len(fx.Frame) == 0 {
		t.Errorf("%s: no frame", file)
	}
	if strings.HasPrefix(filepath.Base(file), "res-") && fx.Method == "" {
		t.Errorf("%s: a res fixture must name its method", file)
	}
	assertErrorAt(t, file, kind, fx.ErrorAt)
}

func assertErrorAt(t *testing.T, file, kind string, errorAt *string) {
	t.Helper()
	switch {
	case kind == "valid" && errorAt != nil:
		t.Errorf("%s: has errorAt", file)
	case kind == "invalid" && errorAt == nil:
		t.Errorf("%s: missing errorAt", file)
	case errorAt != nil && *errorAt != "" && !strings.HasPrefix(*errorAt, "/"):
		t.Errorf("%s: errorAt %q is not a JSON pointer", file, *errorAt)
	}
}

// TestValidFixturesNameManifestEntries checks that valid frames use the
// type their file name says and name methods and events that exist at the
// fixture's version.
func TestValidFixturesNameManifestEntries(t *testing.T) {
	for _, version := range fixtureVersions {
		methods, events := manifestIndex(t, version)
		for name, fx := range readFixtures(t, version, "valid") {
			file := fixtureDir(version, "valid") + "/" + name
			f := frameOf(t, name, fx)
			if !strings.HasPrefix(name, f.Type+"-") {
				t.Errorf("%s: frame type %q does not match the file name", file, f.Type)
			}
			switch f.Type {
			case "req":
				if _, ok := methods[f.Method]; !ok {
					t.Errorf("%s: method %q does not exist at protocol %d", file, f.Method, version)
				}
			case "res":
				if _, ok := methods[fx.Method]; !ok {
					t.Errorf("%s: method %q does not exist at protocol %d", file, fx.Method, version)
				}
			case "event":
				if !events[f.Event] {
					t.Errorf("%s: event %q does not exist at protocol %d", file, f.Event, version)
				}
			}
		}
	}
}

// TestValidFixturesCoverTheProtocol requires, at protocol 3, a request and
// a response for every method group (schema file), a frame for every event,
// and both replies of every two-phase method.
func TestValidFixturesCoverTheProtocol(t *testing.T) {
	methods, events := manifestIndex(t, 3)
	reqGroups, resGroups, seenEvents := map[string]bool{}, map[string]bool{}, map[string]bool{}
	accepted, final := map[string]bool{}, map[string]bool{}
	for name, fx := range readFixtures(t, 3, "valid") {
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

// manifestIndex returns the methods and events of the manifest that exist
// at protocol version.
func manifestIndex(t *testing.T, version int) (map[string]manifestMethod, map[string]bool) {
	t.Helper()
	m := readManifest(t)
	methods, events := map[string]manifestMethod{}, map[string]bool{}
	for _, x := range m.Methods {
		if inRange(version, intOr0(x.Since), intOr0(x.Until)) {
			methods[x.Name] = x
		}
	}
	for _, x := range m.Events {
		if inRange(version, x.Since, x.Until) {
			events[x.Name] = true
		}
	}
	return methods, events
}

// inRange reports whether version lies in [since, until]; a 0 bound is
// open.
func inRange(version, since, until int) bool {
	return (since == 0 || version >= since) && (until == 0 || version <= until)
}

// intOr0 is *p, or 0 for nil.
func intOr0(p *int) int {
	if p == nil {
		return 0
	}
	return *p
}

// groupOf names a method's group by the schema file of its params.
func groupOf(m manifestMethod) string {
	file, _, _ := strings.Cut(m.Params, "#")
	return file
}
