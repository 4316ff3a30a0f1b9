package validate

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/gatewire/gatewire/runtime/rpc"
)

// minimalFrames is a frames.json with permissive envelopes.
const minimalFrames = `{"$schema":"https://json-schema.org/draft/2020-12/schema","$defs":{
  "RequestFrame":{"type":"object"},"ResponseFrame":{"type":"object"},"EventFrame":{"type":"object"}}}`

func TestNewRejectsBrokenSchemas(t *testing.T) {
	cases := []struct {
		name  string
		files fstest.MapFS
		m     *rpc.Manifest
		want  string
	}{
		{"no files", fstest.MapFS{}, nil, "no *.json schema files"},
		{"no frames", fstest.MapFS{"common.json": file(`{"$schema":"https://json-schema.org/draft/2020-12/schema","$defs":{}}`)}, nil, "frames.json"},
		{"not JSON", fstest.MapFS{"frames.json": file(`{"$defs":`)}, nil, "frames.json"},
		{"bad keyword value", fstest.MapFS{
			"frames.json": file(minimalFrames),
			"bad.json":    file(`{"$schema":"https://json-schema.org/draft/2020-12/schema","$defs":{"X":{"type":"strung"}}}`),
		}, nil, "bad.json"},
		{"dangling reference", fstest.MapFS{
			"frames.json": file(minimalFrames),
			"m.json":      file(`{"$schema":"https://json-schema.org/draft/2020-12/schema","$defs":{"P":{"$ref":"missing.json#/$defs/Y"}}}`),
		}, manifest("m.json#/$defs/P"), "missing.json"},
		{"reference out of the folder", fstest.MapFS{
			"frames.json": file(minimalFrames),
			"m.json":      file(`{"$schema":"https://json-schema.org/draft/2020-12/schema","$defs":{"P":{"$ref":"https://example.com/s.json"}}}`),
		}, manifest("m.json#/$defs/P"), "outside the schema folder"},
		{"unknown definition", fstest.MapFS{"frames.json": file(minimalFrames)}, manifest("frames.json#/$defs/Nope"), "method m"},
		{"no params schema", fstest.MapFS{"frames.json": file(minimalFrames)}, manifest(""), "no params schema"},
		{"location outside", fstest.MapFS{"frames.json": file(minimalFrames)}, manifest("../frames.json#/$defs/RequestFrame"), "does not name a file"},
		{"lookahead pattern", fstest.MapFS{
			"frames.json": file(minimalFrames),
			"m.json":      file(`{"$schema":"https://json-schema.org/draft/2020-12/schema","$defs":{"P":{"pattern":"^(?!x)"}}}`),
		}, manifest("m.json#/$defs/P"), "m.json"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := New(tc.files, tc.m)
			if err == nil {
				t.Fatal("New succeeded")
			}
			if !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "validate: ") {
				t.Errorf("New error %q does not mention %q", err, tc.want)
			}
		})
	}
}

func TestNewSkipsDataFiles(t *testing.T) {
	files := fstest.MapFS{
		"frames.json":   file(minimalFrames),
		"manifest.json": file(`{"$schema":"manifest.schema.json","protocol":3,"methods":[]}`),
	}
	if _, err := New(files, nil); err != nil {
		t.Fatalf("New: %v", err)
	}
}

func file(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }

func manifest(params string) *rpc.Manifest {
	return &rpc.Manifest{Methods: []rpc.MethodSpec{{Name: "m", Params: params}}}
}
