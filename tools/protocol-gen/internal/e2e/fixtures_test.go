package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"testing"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/tools/protocol-gen/internal/names"
)

// fixtureRoot is schema/examples, relative to this package; every
// version's valid fixtures (v3/valid, v4/valid) round-trip through the
// generated types, which hold the union of the versions' members.
var fixtureRoot = filepath.Join("..", "..", "..", "..", "schema", "examples")

// fixture is the wrapper every example file holds.
type fixture struct {
	Description string          `json:"description"`
	Method      string          `json:"method"`
	Frame       json.RawMessage `json:"frame"`
}

// TestValidFixturesRoundTrip decodes every valid fixture with the
// generated types — the frame with DecodeGatewayFrame, then a request's
// params, a response's payload or an event's payload with the type the
// manifest gives — encodes it again and requires semantically equal JSON.
func TestValidFixturesRoundTrip(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(fixtureRoot, "v*", "valid", "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatalf("no fixtures in %s", fixtureRoot)
	}
	sort.Strings(files)
	awaiting := awaitingSchema(t)
	for _, file := range files {
		rel, _ := filepath.Rel(fixtureRoot, file)
		t.Run(filepath.ToSlash(rel), func(t *testing.T) {
			if part, ok := awaiting[filepath.ToSlash(rel)]; ok {
				t.Skipf("awaiting its schema (%s); runtime/validate fails once it holds", part)
			}
			var fx fixture
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(data, &fx); err != nil {
				t.Fatalf("fixture wrapper: %v", err)
			}
			roundTripFrame(t, fx)
		})
	}
}

// awaitingSchema reads every version's awaiting-schema.json: the fixtures
// whose shape the schema does not carry yet, keyed "v4/valid/<file>".
func awaitingSchema(t *testing.T) map[string]string {
	t.Helper()
	lists, err := filepath.Glob(filepath.Join(fixtureRoot, "v*", "awaiting-schema.json"))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, list := range lists {
		data, err := os.ReadFile(list)
		if err != nil {
			t.Fatal(err)
		}
		var entries map[string]string
		if err := json.Unmarshal(data, &entries); err != nil {
			t.Fatalf("%s: %v", list, err)
		}
		version := filepath.Base(filepath.Dir(list))
		for file, part := range entries {
			out[version+"/"+file] = part
		}
	}
	return out
}

func roundTripFrame(t *testing.T, fx fixture) {
	frame, err := protocol.DecodeGatewayFrame(fx.Frame)
	if err != nil {
		t.Fatalf("DecodeGatewayFrame: %v", err)
	}
	requireSameJSON(t, "frame", fx.Frame, mustMarshal(t, frame))
	switch f := frame.(type) {
	case *protocol.RequestFrame:
		params := f.Params
		if len(params) == 0 {
			params = json.RawMessage(`{}`)
		}
		requireSameJSON(t, "params", params, typedRoundTrip(t, paramsType(t, string(f.Method)), params))
	case *protocol.ResponseFrame:
		if len(f.Payload) > 0 && fx.Method != "" {
			requireSameJSON(t, "payload", f.Payload, typedRoundTrip(t, resultType(t, fx.Method), f.Payload))
		}
	case *protocol.EventFrame:
		v, err := protocol.DecodeEventPayload(string(f.Event), f.Payload)
		if err != nil {
			t.Fatalf("DecodeEventPayload: %v", err)
		}
		if len(f.Payload) > 0 {
			requireSameJSON(t, "payload", f.Payload, mustMarshal(t, v))
		}
	default:
		t.Fatalf("DecodeGatewayFrame returned %T", frame)
	}
}

// handlerMethod finds the Handler method of a wire method name.
func handlerMethod(t *testing.T, wire string) reflect.Method {
	m, ok := reflect.TypeFor[protocol.Handler]().MethodByName(names.Pascal(wire))
	if !ok {
		t.Fatalf("Handler has no method for %q", wire)
	}
	return m
}

// paramsType and resultType are the types a method's Handler method takes
// and returns (behind their pointers).
func paramsType(t *testing.T, wire string) reflect.Type {
	return handlerMethod(t, wire).Type.In(2).Elem()
}

func resultType(t *testing.T, wire string) reflect.Type {
	return handlerMethod(t, wire).Type.Out(0).Elem()
}

// typedRoundTrip decodes raw into a *typ, as the generated client does
// (null leaves it nil), and encodes it again.
func typedRoundTrip(t *testing.T, typ reflect.Type, raw json.RawMessage) []byte {
	v := reflect.New(reflect.PointerTo(typ))
	if err := json.Unmarshal(raw, v.Interface()); err != nil {
		t.Fatalf("decode into %s: %v", typ, err)
	}
	return mustMarshal(t, v.Interface())
}

func mustMarshal(t *testing.T, v any) []byte {
	t.Helper()
	out, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("encode %T: %v", v, err)
	}
	return out
}

// requireSameJSON compares two documents as decoded trees (numbers kept
// exact), so member order and spacing do not matter.
func requireSameJSON(t *testing.T, what string, want, got []byte) {
	t.Helper()
	w, err := decodeTree(want)
	if err != nil {
		t.Fatalf("%s: fixture JSON: %v", what, err)
	}
	g, err := decodeTree(got)
	if err != nil {
		t.Fatalf("%s: re-encoded JSON: %v", what, err)
	}
	if !reflect.DeepEqual(w, g) {
		t.Fatalf("%s does not round-trip:\n fixture: %s\n     got: %s", what, compact(want), got)
	}
}

func decodeTree(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	return normalizeNumbers(v), nil
}

// normalizeNumbers rewrites numbers to a canonical text so that 1.0 and 1
// (the same JSON number) compare equal.
func normalizeNumbers(v any) any {
	switch x := v.(type) {
	case json.Number:
		if f, err := x.Float64(); err == nil {
			return fmt.Sprint(f)
		}
		return x.String()
	case []any:
		for i := range x {
			x[i] = normalizeNumbers(x[i])
		}
	case map[string]any:
		for k := range x {
			x[k] = normalizeNumbers(x[k])
		}
	}
	return v
}

func compact(data []byte) string {
	var b bytes.Buffer
	if json.Compact(&b, data) != nil {
		return string(data)
	}
	return b.String()
}
