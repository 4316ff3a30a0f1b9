package validate

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path"
	"testing"

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

// TestSchemaFixtures runs every protocol 3 fixture of schema/examples
// through the real schema: valid ones pass every stage, invalid ones fail
// at their errorAt.
func TestSchemaFixtures(t *testing.T) {
	v := realValidator(t)
	valid, invalid := loadFixtures(t, "v3/valid"), loadFixtures(t, "v3/invalid")
	if len(valid) == 0 || len(invalid) == 0 {
		t.Fatalf("schema/examples/v3 holds %d valid and %d invalid fixtures; both sets must be non-empty", len(valid), len(invalid))
	}
	for _, fx := range valid {
		t.Run("valid/"+fx.file, func(t *testing.T) {
			if err := checkFixture(v, fx); err != nil {
				t.Errorf("%s: %v", fx.Description, err)
			}
		})
	}
	for _, fx := range invalid {
		t.Run("invalid/"+fx.file, func(t *testing.T) {
			checkInvalidFixture(t, v, fx)
		})
	}
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
	var seen []string
	for _, violation := range verr.Violations {
		at := verr.FramePointer(violation)
		target := verr.FramePointer(Violation{Pointer: violation.Target()})
		if at == *fx.ErrorAt || target == *fx.ErrorAt {
			return
		}
		seen = append(seen, at)
	}
	t.Errorf("%s: failed at %q, want a violation at %q (%v)", fx.Description, seen, *fx.ErrorAt, err)
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
