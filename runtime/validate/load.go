package validate

import (
	"bytes"
	"fmt"
	"io/fs"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// baseURL is the URL the schema folder is compiled under, so that relative
// references between its files ("common.json#/$defs/NonEmptyString")
// resolve to other files of the same folder.
const baseURL = "gatewire:///"

// fsLoader serves the schema files of one folder to the compiler, as
// their view at one protocol version (0: as written).
type fsLoader struct {
	fsys    fs.FS
	version int
}

// Load reads the file a resolved schema URL names.
func (l fsLoader) Load(url string) (any, error) {
	name, ok := strings.CutPrefix(url, baseURL)
	if !ok || !fs.ValidPath(name) {
		return nil, fmt.Errorf("reference %q points outside the schema folder", url)
	}
	data, err := fs.ReadFile(l.fsys, name)
	if err != nil {
		return nil, err
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return ViewAt(doc, l.version), nil
}

// newCompiler returns a compiler over fsys at protocol version (0: the
// files as written): draft 2020-12 unless a file says otherwise, formats
// asserted (AJV with formats rejects a value that does not match its
// format).
func newCompiler(fsys fs.FS, version int) *jsonschema.Compiler {
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.AssertFormat()
	c.UseLoader(fsLoader{fsys: fsys, version: version})
	return c
}

// compileFiles compiles every schema file at the top of fsys, so that a
// malformed file fails New even when the manifest does not reach it. A
// JSON file without "$schema" (the manifest itself) is data, not a schema.
func compileFiles(c *jsonschema.Compiler, fsys fs.FS, version int) error {
	names, err := fs.Glob(fsys, "*.json")
	if err != nil {
		return fmt.Errorf("list schema files: %w", err)
	}
	if len(names) == 0 {
		return fmt.Errorf("no *.json schema files")
	}
	loader := fsLoader{fsys: fsys, version: version}
	for _, name := range names {
		doc, err := loader.Load(baseURL + name)
		if err != nil {
			return fmt.Errorf("load schema file: %w", err)
		}
		if !isSchemaDocument(doc) {
			continue
		}
		if err := c.AddResource(baseURL+name, doc); err != nil {
			return fmt.Errorf("add schema file %s: %w", name, err)
		}
		if _, err := c.Compile(baseURL + name); err != nil {
			return fmt.Errorf("compile %s: %w", name, err)
		}
	}
	return nil
}

// isSchemaDocument reports whether doc declares a JSON Schema dialect.
func isSchemaDocument(doc any) bool {
	obj, ok := doc.(map[string]any)
	if !ok {
		return false
	}
	dialect, _ := obj["$schema"].(string)
	return strings.HasPrefix(dialect, "https://json-schema.org/") || strings.HasPrefix(dialect, "http://json-schema.org/")
}

// compileLocation compiles the schema at a manifest location such as
// "system.json#/$defs/HealthParams".
func compileLocation(c *jsonschema.Compiler, location string) (*jsonschema.Schema, error) {
	file, _, _ := strings.Cut(location, "#")
	if file == "" || !fs.ValidPath(file) {
		return nil, fmt.Errorf("schema location %q does not name a file of the schema folder", location)
	}
	s, err := c.Compile(baseURL + location)
	if err != nil {
		return nil, fmt.Errorf("compile %s: %w", location, err)
	}
	return s, nil
}
