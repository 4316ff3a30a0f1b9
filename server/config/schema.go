package config

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"

	configschema "github.com/gatewire/gatewire/schema/config"
)

// schemaJSON is the config schema, schema/config/gatewire.schema.json.
var schemaJSON = configschema.Schema

// SchemaJSON returns the JSON Schema of the config file as config.schema
// serves it: every local $ref replaced by the definition it names and
// $defs dropped, so a settings UI sees one plain tree of properties, as
// OpenClaw's own reply is.
func SchemaJSON() json.RawMessage { return bytes.Clone(servedSchema()) }

// servedSchema is the inlined schema, computed once.
var servedSchema = sync.OnceValue(func() []byte {
	var root map[string]any
	d := json.NewDecoder(bytes.NewReader(schemaJSON))
	d.UseNumber()
	if err := d.Decode(&root); err != nil {
		return schemaJSON
	}
	defs, _ := root["$defs"].(map[string]any)
	out, _ := inlineRefs(root, defs, 0).(map[string]any)
	delete(out, "$defs")
	b, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		return schemaJSON
	}
	return b
})

// inlineRefs returns v with every {"$ref": "#/$defs/Name", …} object
// replaced by the named definition merged with the object's other
// keywords (the config schema has no recursive definitions; depth bounds
// a mistaken one).
func inlineRefs(v any, defs map[string]any, depth int) any {
	switch v := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(v))
		inlined := false
		if ref, ok := v["$ref"].(string); ok && depth < maxMarkDepth {
			name, _ := strings.CutPrefix(ref, "#/$defs/")
			if def, ok := defs[name].(map[string]any); ok {
				for k, x := range inlineRefs(def, defs, depth+1).(map[string]any) {
					out[k] = x
				}
				inlined = true
			}
		}
		for k, x := range v {
			if k != "$ref" || !inlined {
				out[k] = inlineRefs(x, defs, depth+1)
			}
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = inlineRefs(x, defs, depth+1)
		}
		return out
	}
	return v
}

// UIHintsJSON returns the settings-UI hints by dotted config key: the
// schema's x-ui marks, with "sensitive": true on every x-secret key.
func UIHintsJSON() json.RawMessage {
	b, _ := json.Marshal(schemaMarks().hints) // maps of JSON values always encode
	return b
}

const schemaURL = "gatewire-config.schema.json"

// compiledSchema compiles the embedded schema once, on first use.
var compiledSchema = sync.OnceValues(func() (*jsonschema.Schema, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(schemaJSON))
	if err != nil {
		return nil, fmt.Errorf("config schema: %w", err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(schemaURL, doc); err != nil {
		return nil, fmt.Errorf("config schema: %w", err)
	}
	return c.Compile(schemaURL)
})

// Issue is one problem found in a config document.
type Issue struct {
	// Key is the dotted path of the offending key ("gateway.port",
	// "models.catalog[0].id"); empty for the document itself.
	Key string
	// Line is the 1-based line in the file, 0 when unknown.
	Line int
	// Message says what is wrong.
	Message string

	pointer []string // JSON pointer tokens of Key
	unknown bool     // a key the schema does not define
}

// String renders "line N: key: message" with the parts that are known.
func (i Issue) String() string {
	var b strings.Builder
	if i.Line > 0 {
		fmt.Fprintf(&b, "line %d: ", i.Line)
	}
	if i.Key != "" {
		b.WriteString(i.Key + ": ")
	}
	b.WriteString(i.Message)
	return b.String()
}

// validateSchema checks a JSON document (as decoded by
// jsonschema.UnmarshalJSON) against the config schema.
func validateSchema(doc any) []Issue {
	s, err := compiledSchema()
	if err != nil {
		return []Issue{{Message: err.Error()}}
	}
	err = s.Validate(doc)
	if err == nil {
		return nil
	}
	var verr *jsonschema.ValidationError
	if !errors.As(err, &verr) {
		return []Issue{{Message: err.Error()}}
	}
	var out []Issue
	collectIssues(verr, &out)
	sort.SliceStable(out, func(a, b int) bool { return out[a].Key < out[b].Key })
	return out
}

// collectIssues appends one issue per leaf error; an unknown key becomes
// an issue at that key.
func collectIssues(e *jsonschema.ValidationError, out *[]Issue) {
	if len(e.Causes) > 0 {
		for _, c := range e.Causes {
			collectIssues(c, out)
		}
		return
	}
	if ap, ok := e.ErrorKind.(*kind.AdditionalProperties); ok {
		for _, name := range ap.Properties {
			tokens := append(append([]string(nil), e.InstanceLocation...), name)
			*out = append(*out, Issue{Key: dottedKey(tokens), Message: "unknown key", pointer: tokens, unknown: true})
		}
		return
	}
	tokens := append([]string(nil), e.InstanceLocation...)
	*out = append(*out, Issue{Key: dottedKey(tokens), Message: kindMessage(e.ErrorKind), pointer: tokens})
}

// kindMessage words a schema violation for people editing the file.
func kindMessage(k jsonschema.ErrorKind) string {
	switch k := k.(type) {
	case *kind.Type:
		return fmt.Sprintf("must be %s, not %s", strings.Join(k.Want, " or "), k.Got)
	case *kind.Enum:
		return fmt.Sprintf("%s is not supported by gatewire; use one of %s", jsonList([]any{k.Got}), jsonList(k.Want))
	case *kind.Const:
		return fmt.Sprintf("must be %s", jsonList([]any{k.Want}))
	case *kind.Minimum:
		return fmt.Sprintf("must be at least %s", k.Want.RatString())
	case *kind.Maximum:
		return fmt.Sprintf("must be at most %s", k.Want.RatString())
	case *kind.MinLength:
		return fmt.Sprintf("must be at least %d characters", k.Want)
	case *kind.Required:
		return fmt.Sprintf("missing required key %s", strings.Join(k.Missing, ", "))
	}
	return "fails the schema keyword " + strings.Join(k.KeywordPath(), "/")
}

func jsonList(values []any) string {
	parts := make([]string, len(values))
	for i, v := range values {
		b, _ := json.Marshal(v)
		parts[i] = string(b)
	}
	return strings.Join(parts, ", ")
}

// dottedKey renders pointer tokens as a config key: object keys joined by
// dots, array indexes in brackets.
func dottedKey(tokens []string) string {
	var b strings.Builder
	for _, t := range tokens {
		if isIndex(t) {
			b.WriteString("[" + t + "]")
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(t)
	}
	return b.String()
}

func isIndex(t string) bool {
	if t == "" {
		return false
	}
	for _, r := range t {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
