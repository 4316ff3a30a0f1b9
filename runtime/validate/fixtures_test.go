package validate

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path"
	"strconv"
	"testing"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/rpc"
	"github.com/gatewire/gatewire/runtime/wire"
	"github.com/gatewire/gatewire/schema"
)

// examples is the fixture folder of the real schema: one folder per
// protocol version (v3, v4), each with valid and invalid.
var examples = os.DirFS("../../schema/examples")

// fixture is the wrapper every file of schema/examples holds.
type fixture struct {
	file        string
	Description string          `json:"description"`
	Method      string          `json:"method"`
	Frame       json.RawMessage `json:"frame"`
	ErrorAt     *string         `json:"errorAt"`
}

// fixtureVersions are the protocol versions with a fixture folder
// (schema/examples/v<N>).
var fixtureVersions = []int{3, 4}

// TestSchemaFixtures runs every fixture of schema/examples through the real
// schema at the fixture's protocol version (the manifest's view at that
// version, and the schema files' view): valid ones pass every stage,
// invalid ones fail at their errorAt.
func TestSchemaFixtures(t *testing.T) {
	for _, version := range fixtureVersions {
		dir := "v" + strconv.Itoa(version)
		v := versionValidator(t, version)
		valid, invalid := loadFixtures(t, dir+"/valid"), loadFixtures(t, dir+"/invalid")
		if len(valid) == 0 || len(invalid) == 0 {
			t.Fatalf("schema/examples/%s holds %d valid and %d invalid fixtures; both sets must be non-empty", dir, len(valid), len(invalid))
		}
		awaiting := awaitingSchema(t, dir)
		for _, fx := range valid {
			t.Run(dir+"/valid/"+fx.file, func(t *testing.T) {
				err := checkFixture(v, fx)
				if part, ok := awaiting["valid/"+fx.file]; ok {
					requireStillAwaiting(t, part, err == nil)
					return
				}
				if err != nil {
					t.Errorf("%s: %v", fx.Description, err)
				}
			})
		}
		for _, fx := range invalid {
			t.Run(dir+"/invalid/"+fx.file, func(t *testing.T) {
				if part, ok := awaiting["invalid/"+fx.file]; ok {
					requireStillAwaiting(t, part, invalidFixtureHolds(v, fx))
					return
				}
				checkInvalidFixture(t, v, fx)
			})
		}
	}
}

// awaitingSchema reads schema/examples/<dir>/awaiting-schema.json: the
// fixtures of that version whose shape the schema does not carry yet,
// each with the part that brings it. Such a fixture must still fail (an
// invalid one: still be accepted or fail elsewhere), so the list never
// hides a fixture that holds.
func awaitingSchema(t testing.TB, dir string) map[string]string {
	t.Helper()
	data, err := fs.ReadFile(examples, dir+"/awaiting-schema.json")
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	var out map[string]string
	if err := json.Unmarshal(data, &out); err != nil {
		t.Fatalf("%s/awaiting-schema.json: %v", dir, err)
	}
	for file := range out {
		if _, err := fs.Stat(examples, dir+"/"+file); err != nil {
			t.Errorf("%s/awaiting-schema.json names %s, which does not exist", dir, file)
		}
	}
	return out
}

// requireStillAwaiting fails once a fixture listed as awaiting its schema
// holds: the entry is stale.
func requireStillAwaiting(t *testing.T, part string, holds bool) {
	t.Helper()
	if holds {
		t.Errorf("holds now; remove it from awaiting-schema.json (was waiting for %s)", part)
	}
}

// invalidFixtureHolds reports whether an invalid fixture fails exactly at
// its errorAt.
func invalidFixtureHolds(v *Validator, fx fixture) bool {
	var verr *Error
	if fx.ErrorAt == nil || !errors.As(checkFixture(v, fx), &verr) {
		return false
	}
	found, _ := violationAt(verr, *fx.ErrorAt)
	return found
}

// versionValidator validates at one protocol version: the generated
// manifest's view at that version, which New reads the schema files at.
func versionValidator(t testing.TB, version int) *Validator {
	t.Helper()
	view := protocol.Manifest.At(version)
	if view == nil {
		t.Fatalf("the manifest does not accept protocol %d", version)
	}
	v, err := New(schema.FS, view)
	if err != nil {
		t.Fatalf("New at protocol %d: %v", version, err)
	}
	if v.Protocol() != version {
		t.Fatalf("validator at protocol %d says it validates %d", version, v.Protocol())
	}
	return v
}

func checkInvalidFixture(t *testing.T, v *Validator, fx fixture) {
	if fx.ErrorAt == nil {
		t.Fatalf("invalid fixture has no errorAt")
	}
	err := checkFixture(v, fx)
	if err == nil {
		t.Fatalf("%s: accepted", fx.Description)
	}
	var verr *Error
	if !errors.As(err, &verr) {
		t.Fatalf("%s: failed without a validation error: %v", fx.Description, err)
	}
	if found, seen := violationAt(verr, *fx.ErrorAt); !found {
		t.Errorf("%s: failed at %q, want a violation at %q (%v)", fx.Description, seen, *fx.ErrorAt, err)
	}
}

// violationAt reports whether verr has a violation at the frame pointer
// at (the value itself, or the property a violation names), and where the
// violations are.
func violationAt(verr *Error, at string) (found bool, seen []string) {
	for _, violation := range verr.Violations {
		ptr := verr.FramePointer(violation)
		if ptr == at || verr.FramePointer(Violation{Pointer: violation.Target()}) == at {
			return true, nil
		}
		seen = append(seen, ptr)
	}
	return false, seen
}

// checkFixture validates a fixture's frame the way the gateway and its
// tests do: the envelope by its type, then the params, result or event
// payload it carries.
func checkFixture(v *Validator, fx fixture) error {
	head, _ := wire.DecodeInbound(fx.Frame) // routing only; the validator judges the frame
	switch head.Type {
	case "res":
		if err := v.Response(fx.Frame); err != nil || !head.OK || head.Payload == nil {
			return err
		}
		return v.Result(fx.Method, head.Payload)
	case "event":
		if err := v.Event(fx.Frame); err != nil {
			return err
		}
		return v.EventPayload(head.Event, head.Payload)
	default:
		req, err := v.Request(fx.Frame)
		if err != nil {
			return err
		}
		return v.Params(req.Method, req.Params)
	}
}

func realValidator(t testing.TB) *Validator {
	t.Helper()
	v, err := New(schema.FS, realManifest(t))
	if err != nil {
		t.Fatalf("New over the real schema: %v", err)
	}
	return v
}

// realManifest reads the method and event schema locations out of
// schema/manifest.json.
func realManifest(t testing.TB) *rpc.Manifest {
	t.Helper()
	data, err := fs.ReadFile(schema.FS, "manifest.json")
	if err != nil {
		t.Fatalf("read manifest: %v", err)
	}
	var doc struct {
		Methods []struct{ Name, Params, Result string } `json:"methods"`
		Events  []struct{ Name, Payload string }        `json:"events"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatalf("decode manifest: %v", err)
	}
	m := &rpc.Manifest{Protocol: 3, Protocols: rpc.Protocols{Current: 4, Accepted: []int{3, 4}}} // v3 frames
	for _, method := range doc.Methods {
		m.Methods = append(m.Methods, rpc.MethodSpec{Name: method.Name, Params: method.Params, Result: method.Result})
	}
	for _, event := range doc.Events {
		m.Events = append(m.Events, rpc.EventSpec{Name: event.Name, Payload: event.Payload})
	}
	return m
}

func loadFixtures(t testing.TB, dir string) []fixture {
	t.Helper()
	names, err := fs.Glob(examples, dir+"/*.json")
	if err != nil {
		t.Fatal(err)
	}
	var out []fixture
	for _, name := range names {
		data, err := fs.ReadFile(examples, name)
		if err != nil {
			t.Fatal(err)
		}
		fx := fixture{file: path.Base(name)}
		if err := json.Unmarshal(data, &fx); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(fx.Frame) == 0 {
			t.Fatalf("%s: no frame", name)
		}
		out = append(out, fx)
	}
	return out
}
