package main

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gatewire/gatewire/tools/protocol-gen/internal/emit"
	"github.com/gatewire/gatewire/tools/protocol-gen/internal/pipeline"
)

// largeDocument builds a draft-07 document with n definitions, the same
// for the same n: objects of 8 to 22 members with anonymous objects three
// levels deep, enums, string-constant unions, discriminated unions,
// nullable members, maps, tuples, untyped values, allOf compositions and
// references between definitions, some of them recursive. About 4.8 KB per
// definition, with descriptions.
func largeDocument(n int) []byte {
	r := rand.New(rand.NewPCG(2026, uint64(n)))
	defs := map[string]any{}
	order := make([]string, n)
	for i := range n {
		order[i] = fmt.Sprintf("Entity%04d", i)
	}
	for i, name := range order {
		defs[name] = largeDefinition(r, i, order)
	}
	doc := map[string]any{
		"$schema":     "http://json-schema.org/draft-07/schema#",
		"title":       "Synthetic document for the generator benchmark",
		"definitions": defs,
	}
	out, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		panic(err)
	}
	return out
}

func largeDefinition(r *rand.Rand, i int, names []string) any {
	ref := func() any { return map[string]any{"$ref": "#/definitions/" + names[r.IntN(len(names))]} }
	switch i % 10 {
	case 7:
		return map[string]any{"description": sentence(r, 20), "type": "string", "enum": words(r, 3+r.IntN(12))}
	case 8:
		return map[string]any{"description": sentence(r, 20), "oneOf": []any{variant(r, "alpha"), variant(r, "beta"), variant(r, "gamma")}}
	case 9:
		return map[string]any{"allOf": []any{ref(), largeObject(r, 0, 3, ref)}}
	default:
		return largeObject(r, 0, 8+r.IntN(15), ref)
	}
}

func largeObject(r *rand.Rand, depth, members int, ref func() any) map[string]any {
	props := map[string]any{}
	var required []string
	for j := range members {
		name := fmt.Sprintf("%sField%d", strings.ToLower(words(r, 1)[0].(string)), j)
		props[name] = largeMember(r, depth, ref)
		if r.IntN(3) == 0 {
			required = append(required, name)
		}
	}
	obj := map[string]any{"description": sentence(r, 20), "type": "object", "properties": props}
	if len(required) > 0 {
		obj["required"] = required
	}
	if r.IntN(2) == 0 {
		obj["additionalProperties"] = false
	}
	return obj
}

func largeMember(r *rand.Rand, depth int, ref func() any) any {
	desc := sentence(r, 10)
	switch k := r.IntN(14); {
	case k == 0 && depth < 3:
		return largeObject(r, depth+1, 3+r.IntN(5), ref)
	case k == 1:
		return map[string]any{"description": desc, "type": "array", "items": ref()}
	case k == 2:
		return map[string]any{"description": desc, "type": "object", "additionalProperties": map[string]any{"type": "integer"}}
	case k == 3:
		return map[string]any{"description": desc, "anyOf": []any{ref(), map[string]any{"type": "null"}}}
	case k == 4:
		return map[string]any{"description": desc, "type": []any{"string", "null"}}
	case k == 5:
		return map[string]any{"description": desc, "enum": words(r, 4)}
	case k == 6:
		return map[string]any{"description": desc, "anyOf": []any{map[string]any{"const": "on"}, map[string]any{"const": "off"}}}
	case k == 7:
		return map[string]any{"description": desc}
	case k == 8:
		return map[string]any{"description": desc, "type": "array", "items": []any{map[string]any{"type": "string"}, map[string]any{"type": "number"}}}
	case k == 9:
		return ref()
	case k == 10:
		return map[string]any{"description": desc, "type": "integer", "minimum": 0}
	case k == 11:
		return map[string]any{"description": desc, "type": "boolean"}
	case k == 12:
		return map[string]any{"description": desc, "type": "object", "patternProperties": map[string]any{"^x-": map[string]any{"type": "string"}}, "additionalProperties": false}
	default:
		return map[string]any{"description": desc, "type": "string", "maxLength": 200}
	}
}

func variant(r *rand.Rand, tag string) any {
	return map[string]any{
		"type":       "object",
		"required":   []any{"kind"},
		"properties": map[string]any{"kind": map[string]any{"const": tag}, "value": map[string]any{"type": "number"}, "note": map[string]any{"type": "string", "description": sentence(r, 8)}},
	}
}

var vocabulary = strings.Fields("gateway session device token node channel agent approval pairing scope event frame " +
	"request response payload manifest schema policy limit cursor snapshot presence health heartbeat config " +
	"model message history route origin nonce signature client server queue budget window")

func words(r *rand.Rand, n int) []any {
	out := make([]any, n)
	for i := range out {
		out[i] = fmt.Sprintf("%s-%d", vocabulary[r.IntN(len(vocabulary))], i)
	}
	return out
}

func sentence(r *rand.Rand, n int) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = vocabulary[r.IntN(len(vocabulary))]
	}
	return strings.ToUpper(parts[0][:1]) + strings.Join(parts, " ")[1:] + "."
}

// writeLargeDocument writes largeDocument(n) into dir and returns its path.
func writeLargeDocument(t testing.TB, dir string, n int) string {
	t.Helper()
	path := filepath.Join(dir, "large.json")
	if err := os.WriteFile(path, largeDocument(n), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestTypesLargeDocumentBuilds generates a 200-definition document and
// requires the Go to build and vet in a module of its own and the Swift to
// parse.
func TestTypesLargeDocumentBuilds(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a large generated package")
	}
	dir := t.TempDir()
	res, err := pipeline.Types(pipeline.TypesOptions{Input: writeLargeDocument(t, dir, 200), GoPackage: "large", Swift: true})
	if err != nil {
		t.Fatal(err)
	}
	module := filepath.Join(dir, "module")
	if err := emit.Write(filepath.Join(module, "large"), res.Go, false); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(module, "go.mod"), []byte("module example.test/large\n\ngo 1.24\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("go", "vet", "./...")
	cmd.Dir = module
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go vet: %v\n%s", err, out)
	}
	swiftDir := filepath.Join(dir, "swift")
	if err := emit.Write(swiftDir, res.Swift, false); err != nil {
		t.Fatal(err)
	}
	swiftCheck(t, swiftDir)
}

// BenchmarkTypesLargeDocument generates Go and Swift for a document of
// about 4 MB and 900 definitions (built once, deterministically).
func BenchmarkTypesLargeDocument(b *testing.B) {
	path := writeLargeDocument(b, b.TempDir(), 900)
	info, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := pipeline.Types(pipeline.TypesOptions{Input: path, GoPackage: "large", Swift: true}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(info.Size())/(1<<20), "MiB-input")
}

// BenchmarkGenerateProtocol regenerates gen/ from gatewire's schema folder.
func BenchmarkGenerateProtocol(b *testing.B) {
	for b.Loop() {
		if _, err := pipeline.Protocol(schemaDir); err != nil {
			b.Fatal(err)
		}
	}
}
