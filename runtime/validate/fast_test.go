package validate

import (
	"encoding/json"
	"io/fs"
	"slices"
	"testing"
	"testing/fstest"

	"github.com/gatewire/gatewire/runtime/rpc"
)

// allChecks returns every schema check of v with a name, sorted.
func allChecks(v *Validator) map[string]*schemaCheck {
	checks := map[string]*schemaCheck{
		"RequestFrame": v.requestFrame, "ResponseFrame": v.responseFrame, "EventFrame": v.eventFrame,
	}
	for name, c := range v.params {
		checks[name+" params"] = c
	}
	for name, c := range v.results {
		checks[name+" result"] = c
	}
	for name, c := range v.events {
		if c != nil {
			checks[name+" event"] = c
		}
	}
	return checks
}

// compareFastPath fails when the fast path and the library disagree on doc:
// "valid" from the fast path must be right, and "invalid" should be too.
func compareFastPath(t *testing.T, checks map[string]*schemaCheck, doc any, what string) {
	t.Helper()
	names := make([]string, 0, len(checks))
	for name := range checks {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		c := checks[name]
		if c.fast == nil {
			continue
		}
		fast := c.fast.valid(doc)
		library := c.schema.Validate(doc) == nil
		if fast != library {
			t.Errorf("%s against %s: fast path says valid=%v, library says %v", what, name, fast, library)
		}
	}
}

// keywordDocs exercise every keyword of testdata/schema/keywords.json and
// the envelopes of frames.json, valid and not; they seed FuzzFastPath.
var keywordDocs = []string{
	`{"v":1}`, `{"v":"x"}`, `{"v":null}`, `{"v":1.5}`, `{"v":"on"}`, `{"v":"a"}`, `{"v":"c"}`, `{}`, `{"a":1,"b":2}`,
	`{"a":1,"z":2}`, `{"v":"abcd"}`, `{"v":"äöü"}`, `{"v":-1}`, `{"v":9007199254740992}`, `{"v":9007199254740991}`,
	`{"v":0.5}`, `{"v":0.50000001}`, `{"v":10}`, `{"v":7}`, `{"v":15}`, `{"v":1e1}`, `{"v":[]}`, `{"v":[1,2,3]}`,
	`{"v":[1,2,1]}`, `{"v":[1,1.0]}`, `{"v":["a",2]}`, `{"v":[2,3]}`, `{"v":[2,1]}`, `{"v":"A"}`, `{"v":"yesterday"}`,
	`{"v":"2026-05-07T10:00:00Z"}`, `{"v":true}`, `{"v":"z"}`, `{"v":"x"}`, `{"a":1}`, `{"a":1,"b":2,"c":3}`,
	`{"ok":1,"NO":2}`, `{"list":[{"name":"a"},{"name":""},{"nom":"c"}]}`, `{"list":[{"name":"a"}]}`,
	`{"a/b~c":1}`, `{"a":1,"b":"x"}`, `{"v":1.0}`, `{"v":100e-2}`, `{"v":123456789012345678901234567890}`,
	`[]`, `"s"`, `null`, `3`,
	`{"minProtocol":3,"maxProtocol":3,"client":{"id":"cli","version":"1.0"}}`,
	`{"minProtocol":3.0,"maxProtocol":3,"client":{"id":"cli","version":"1.0"},"scopes":["a",1]}`,
	`{"type":"req","id":"1","method":"m","params":{}}`, `{"type":"res","id":"1","ok":true}`,
	`{"type":"event","event":"tick","seq":0}`, `{"protocol":3}`, `{"protocol":3.0}`, `{"ts":-0}`,
	`{"x-a":1}`, `{"x-a":"s","y":1}`, `{"v":["a",1]}`, `{"v":["a","b"]}`, `{"v":["a",1,2]}`, `{"v":["a"]}`,
	`{"v":"ab"}`, `{"v":2}`, `{"v":3}`, `{"v":3.5}`, `{"v":""}`,
	`{"name":"r","children":[{"name":"c","children":[]}]}`, `{"name":"r","children":[{"name":"c","children":[{"nom":1}]}]}`,
}

func TestFastPathAgreesOnKeywordCases(t *testing.T) {
	v := newTestValidator(t)
	checks := allChecks(v)
	libraryOnly := []string{"Contains", "Unevaluated"} // keywords the fast path leaves to the library
	for _, def := range keywordDefs(t) {
		want := !slices.Contains(libraryOnly, def)
		if got := checks["kw."+def+" params"].fast != nil; got != want {
			t.Errorf("keyword definition %s: fast path %v, want %v", def, got, want)
		}
	}
	for _, doc := range keywordDocs {
		parsed, err := decodeJSON([]byte(doc))
		if err != nil {
			t.Fatalf("%s: %v", doc, err)
		}
		compareFastPath(t, checks, parsed, doc)
	}
}

// TestFastPathCoversTheRealSchema checks that every schema of the real
// manifest gets a fast path and agrees with the library on every fixture.
func TestFastPathCoversTheRealSchema(t *testing.T) {
	v := realValidator(t)
	checks := allChecks(v)
	for name, c := range checks {
		if c.fast == nil {
			t.Errorf("%s has no fast path", name)
		}
	}
	if !v.skipParams {
		t.Error("Request decodes params although RequestFrame ignores them")
	}
	for _, doc := range fixtureDocuments(t) {
		compareFastPath(t, checks, doc, "fixture value")
	}
}

// FuzzFastPath compares the fast path with the library over the real
// schema and over every keyword of the test schema.
func FuzzFastPath(f *testing.F) {
	for _, seed := range append(slices.Clone(decodeSeeds), keywordDocs...) {
		f.Add([]byte(seed))
	}
	for _, doc := range fixtureDocuments(f) {
		seed, err := json.Marshal(doc)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(seed)
	}
	checks := allChecks(realValidator(f))
	for name, c := range allChecks(newTestValidator(f)) {
		checks["test schema "+name] = c
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := decodeJSON(data)
		if err != nil {
			return
		}
		compareFastPath(t, checks, doc, string(data))
	})
}

// TestFastPathRefusesCyclesThroughUncoveredKeywords builds graphs where a
// reference cycle passes a schema the fast path does not cover: neither
// schema of the cycle may get a fast path, whichever is compiled first, and
// both must still be judged (by the library) without a crash.
func TestFastPathRefusesCyclesThroughUncoveredKeywords(t *testing.T) {
	files := fstest.MapFS{
		"frames.json": file(minimalFrames),
		"m.json": file(`{"$schema":"https://json-schema.org/draft/2020-12/schema","$defs":{
			"A":{"type":"object","properties":{"b":{"$ref":"#/$defs/B"},"c":{"$ref":"#/$defs/C"}}},
			"B":{"type":"object","properties":{"a":{"$ref":"#/$defs/A"}}},
			"C":{"type":"array","contains":{"const":1}}}}`),
	}
	for _, order := range [][]string{{"A", "B"}, {"B", "A"}} {
		m := &rpc.Manifest{}
		for _, def := range order {
			m.Methods = append(m.Methods, rpc.MethodSpec{Name: def, Params: "m.json#/$defs/" + def})
		}
		v, err := New(files, m)
		if err != nil {
			t.Fatal(err)
		}
		for _, def := range order {
			if v.params[def].fast != nil {
				t.Errorf("order %v: %s got a fast path through the uncovered contains", order, def)
			}
		}
		err = v.Params("B", json.RawMessage(`{"a":{"c":[2]}}`))
		if got := asError(t, err).Details(); got != "at /a/c: must contain at least 1 valid item(s)" {
			t.Errorf("order %v: B = %s", order, got)
		}
		if err := v.Params("A", json.RawMessage(`{"b":{"a":{"c":[1]}}}`)); err != nil {
			t.Errorf("order %v: valid A rejected: %v", order, err)
		}
	}
}

// fixtureDocuments returns every frame of schema/examples and every params
// or payload value in them.
func fixtureDocuments(t testing.TB) []any {
	t.Helper()
	names, err := fs.Glob(examples, "*/*/*.json")
	if err != nil || len(names) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	var docs []any
	for _, name := range names {
		data, err := fs.ReadFile(examples, name)
		if err != nil {
			t.Fatal(err)
		}
		wrapper, err := decodeJSON(data)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		frame, _ := wrapper.(map[string]any)["frame"].(map[string]any)
		docs = append(docs, frame)
		for _, member := range []string{"params", "payload"} {
			if inner, ok := frame[member]; ok {
				docs = append(docs, inner)
			}
		}
	}
	return docs
}

func TestMemberIsFree(t *testing.T) {
	frames := func(params string) fstest.MapFS {
		return fstest.MapFS{"frames.json": file(`{"$schema":"https://json-schema.org/draft/2020-12/schema","$defs":{
			"RequestFrame":{"type":"object","required":["type"],"properties":{"type":{"const":"req"},"id":{},"method":{},"params":` + params + `},"additionalProperties":false},
			"ResponseFrame":{"type":"object"},"EventFrame":{"type":"object"}}}`)}
	}
	cases := map[string]bool{
		`{}`: true, `{"description":"any JSON"}`: true, `true`: true,
		`{"type":"object"}`: false, `false`: false, `{"not":{}}`: false, `{"$ref":"#/$defs/EventFrame"}`: false,
	}
	for params, free := range cases {
		v, err := New(frames(params), nil)
		if err != nil {
			t.Fatalf("%s: %v", params, err)
		}
		if v.skipParams != free {
			t.Errorf("params schema %s: skipParams = %v, want %v", params, v.skipParams, free)
		}
	}
	// A schema that looks at params must see them.
	v, err := New(frames(`{"type":"object"}`), nil)
	if err != nil {
		t.Fatal(err)
	}
	_, err = v.Request([]byte(`{"type":"req","id":"1","method":"m","params":1}`))
	if got := asError(t, err).Error(); got != "invalid request frame: at /params: must be object" {
		t.Errorf("params checked by the frame schema: %s", got)
	}
}
