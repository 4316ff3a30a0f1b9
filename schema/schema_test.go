package schema

import (
	"encoding/json"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/gatewire/gatewire/runtime/validate"
)

// baseURL is where the tests mount the schema files; cross-file references
// such as "common.json#/$defs/NonEmptyString" resolve against it.
const baseURL = "https://schema.gatewire.test/"

const draft2020 = "https://json-schema.org/draft/2020-12/schema"

// manifestFile is data validated by manifestSchemaFile, not a schema.
const (
	manifestFile       = "manifest.json"
	manifestSchemaFile = "manifest.schema.json"
)

// schemaFiles returns the names of the schema documents in FS (every *.json
// except the manifest), sorted.
func schemaFiles(t *testing.T) []string {
	t.Helper()
	names, err := fs.Glob(FS, "*.json")
	if err != nil {
		t.Fatalf("glob schema files: %v", err)
	}
	var out []string
	for _, n := range names {
		if n != manifestFile {
			out = append(out, n)
		}
	}
	if len(out) == 0 {
		t.Fatal("no schema files embedded")
	}
	sort.Strings(out)
	return out
}

// readJSON decodes one embedded file into generic JSON values.
func readJSON(t *testing.T, name string) map[string]any {
	t.Helper()
	raw, err := FS.ReadFile(name)
	if err != nil {
		t.Fatalf("read %s: %v", name, err)
	}
	var doc map[string]any
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return doc
}

// newCompiler returns a draft 2020-12 compiler holding every schema file.
func newCompiler(t *testing.T) *jsonschema.Compiler {
	t.Helper()
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	for _, name := range schemaFiles(t) {
		f, err := FS.Open(name)
		if err != nil {
			t.Fatalf("open %s: %v", name, err)
		}
		doc, err := jsonschema.UnmarshalJSON(f)
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := c.AddResource(baseURL+name, doc); err != nil {
			t.Fatalf("add %s: %v", name, err)
		}
	}
	return c
}

// defsOf returns the $defs of a schema document.
func defsOf(doc map[string]any) map[string]any {
	defs, _ := doc["$defs"].(map[string]any)
	return defs
}

func TestEverySchemaFileIsDraft2020WithoutID(t *testing.T) {
	for _, name := range schemaFiles(t) {
		doc := readJSON(t, name)
		if doc["$schema"] != draft2020 {
			t.Errorf("%s: $schema = %v, want %s", name, doc["$schema"], draft2020)
		}
		if _, ok := doc["$id"]; ok {
			t.Errorf("%s: has $id; files are referenced by relative name", name)
		}
		if title, _ := doc["title"].(string); title == "" {
			t.Errorf("%s: missing title", name)
		}
	}
}

func TestEverySchemaFileAndDefinitionCompiles(t *testing.T) {
	c := newCompiler(t)
	for _, name := range schemaFiles(t) {
		if _, err := c.Compile(baseURL + name); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		for def := range defsOf(readJSON(t, name)) {
			if _, err := c.Compile(baseURL + name + "#/$defs/" + def); err != nil {
				t.Errorf("%s#/$defs/%s: %v", name, def, err)
			}
		}
	}
}

func TestEveryRefResolves(t *testing.T) {
	c := newCompiler(t)
	for _, name := range schemaFiles(t) {
		walkSchema(readJSON(t, name), "", func(ptr string, node map[string]any) {
			ref, ok := node["$ref"].(string)
			if !ok {
				return
			}
			target := ref
			if strings.HasPrefix(ref, "#") {
				target = name + ref
			}
			if _, err := c.Compile(baseURL + target); err != nil {
				t.Errorf("%s%s: $ref %q does not resolve: %v", name, ptr, ref, err)
			}
		})
	}
}

// isCondition reports whether the schema at ptr is the if, then or else of
// a conditional: it constrains an object another schema defines, so
// whether that object is closed is said there.
func isCondition(ptr string) bool {
	return strings.HasSuffix(ptr, "/if") || strings.HasSuffix(ptr, "/then") || strings.HasSuffix(ptr, "/else")
}

var pascalCase = regexp.MustCompile(`^[A-Z][a-z0-9]*([A-Z][a-z0-9]*)*$`)

// TestDefinitionConventions checks what the generator relies on: $defs keys
// are type names, each has a doc comment that starts with its name, and
// every object with properties says explicitly whether it is closed.
func TestDefinitionConventions(t *testing.T) {
	for _, name := range schemaFiles(t) {
		for def, v := range defsOf(readJSON(t, name)) {
			node, _ := v.(map[string]any)
			if !pascalCase.MatchString(def) {
				t.Errorf("%s: $defs key %q is not PascalCase", name, def)
			}
			desc, _ := node["description"].(string)
			if !strings.HasPrefix(desc, def+" ") {
				t.Errorf("%s#/$defs/%s: description must start with %q, got %q", name, def, def+" ", desc)
			}
		}
		walkSchema(readJSON(t, name), "", func(ptr string, node map[string]any) {
			if _, hasProps := node["properties"]; !hasProps || isCondition(ptr) {
				return
			}
			if _, stated := node["additionalProperties"]; !stated {
				t.Errorf("%s%s: object with properties must state additionalProperties", name, ptr)
			}
		})
	}
}

// TestErrorCodeIsTheRegistry checks the error codes: v3's six, and
// FORBIDDEN from protocol 4 on (absent from the v3 view).
func TestErrorCodeIsTheRegistry(t *testing.T) {
	errorCode := defsOf(readJSON(t, "errors.json"))["ErrorCode"].(map[string]any)
	v3 := []string{"NOT_LINKED", "NOT_PAIRED", "AGENT_TIMEOUT", "INVALID_REQUEST", "APPROVAL_NOT_FOUND", "UNAVAILABLE"}
	if got, want := stringsOf(errorCode["enum"]), append(slices.Clone(v3), "FORBIDDEN"); !slices.Equal(got, want) {
		t.Errorf("ErrorCode enum = %v, want %v", got, want)
	}
	view := defsOf(validate.ViewAt(readJSON(t, "errors.json"), 3).(map[string]any))["ErrorCode"].(map[string]any)
	if got := stringsOf(view["enum"]); !slices.Equal(got, v3) {
		t.Errorf("ErrorCode enum at protocol 3 = %v, want %v", got, v3)
	}
}

// walkSchema calls visit for every object in the document, depth first,
// with its JSON pointer.
func walkSchema(v any, ptr string, visit func(ptr string, node map[string]any)) {
	switch x := v.(type) {
	case map[string]any:
		visit(ptr, x)
		for k, child := range x {
			walkSchema(child, ptr+"/"+escapePointer(k), visit)
		}
	case []any:
		for i, child := range x {
			walkSchema(child, ptr+"/"+strconv.Itoa(i), visit)
		}
	}
}

func escapePointer(token string) string {
	return strings.ReplaceAll(strings.ReplaceAll(token, "~", "~0"), "/", "~1")
}

func stringsOf(v any) []string {
	list, _ := v.([]any)
	out := make([]string, 0, len(list))
	for _, x := range list {
		s, _ := x.(string)
		out = append(out, s)
	}
	return out
}

// defName returns the definition name of a location "<file>#/$defs/<Name>".
func defName(location string) string {
	return path.Base(location)
}
