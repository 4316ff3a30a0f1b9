package validate

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"slices"
	"testing"

	"github.com/gatewire/gatewire/runtime/rpc"
)

// testSchema is the small schema folder the unit tests compile.
var testSchema = os.DirFS("testdata/schema")

// testManifest declares "connect" and "hello" over HelloParams, one method
// "kw.<Def>" per definition of keywords.json, and the event "tick".
func testManifest(t testing.TB) *rpc.Manifest {
	t.Helper()
	m := &rpc.Manifest{
		Protocol: 3,
		Methods: []rpc.MethodSpec{
			{Name: "connect", Params: "methods.json#/$defs/HelloParams", Result: "methods.json#/$defs/HelloResult"},
			{Name: "hello", Params: "methods.json#/$defs/HelloParams"},
		},
		Events: []rpc.EventSpec{
			{Name: "tick", Payload: "methods.json#/$defs/TickEvent"},
			{Name: "anything"},
		},
	}
	for _, def := range keywordDefs(t) {
		m.Methods = append(m.Methods, rpc.MethodSpec{Name: "kw." + def, Params: "keywords.json#/$defs/" + def})
	}
	return m
}

func keywordDefs(t testing.TB) []string {
	t.Helper()
	data, err := fs.ReadFile(testSchema, "keywords.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Defs map[string]json.RawMessage `json:"$defs"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	var names []string
	for name := range doc.Defs {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}

func newTestValidator(t testing.TB) *Validator {
	t.Helper()
	v, err := New(testSchema, testManifest(t))
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return v
}

// asError returns err as an *Error or fails the test.
func asError(t *testing.T, err error) *Error {
	t.Helper()
	var verr *Error
	if !errors.As(err, &verr) {
		t.Fatalf("error %v (%T) is not a *validate.Error", err, err)
	}
	return verr
}
