package tools

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/gatewire/gatewire/schema"
	"github.com/gatewire/gatewire/server/agent/provider"
)

// toolsFile is the schema file holding every tool's arguments.
const toolsFile = "tools.json"

// toolsURL is the URL the file is compiled under.
const toolsURL = "gatewire:///" + toolsFile

// argSchemas holds, per definition, the schema handed to the model (local
// references inlined, so it stands alone) and the compiled validator.
type argSchemas struct {
	once  sync.Once
	err   error
	defs  map[string]json.RawMessage
	comp  *jsonschema.Compiler
	cache sync.Map // definition name → *jsonschema.Schema
}

var toolSchemas argSchemas

// load reads tools.json once.
func (a *argSchemas) load() error {
	a.once.Do(func() {
		raw, err := schema.FS.ReadFile(toolsFile)
		if err != nil {
			a.err = err
			return
		}
		var file struct {
			Defs map[string]json.RawMessage `json:"$defs"`
		}
		if err := json.Unmarshal(raw, &file); err != nil {
			a.err = fmt.Errorf("%s: %w", toolsFile, err)
			return
		}
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
		if err != nil {
			a.err = err
			return
		}
		c := jsonschema.NewCompiler()
		c.DefaultDraft(jsonschema.Draft2020)
		if err := c.AddResource(toolsURL, doc); err != nil {
			a.err = err
			return
		}
		a.defs, a.comp = file.Defs, c
	})
	return a.err
}

// spec returns the provider tool for one definition of tools.json.
func spec(name, description, def string) provider.Tool {
	params, err := parameters(def)
	if err != nil {
		// The schema is embedded and checked by the tests; a failure here
		// is a build defect, reported to the model as an empty schema.
		params = json.RawMessage(`{"type":"object"}`)
	}
	return provider.Tool{Name: name, Description: description, Parameters: params}
}

// parameters is definition def with its local references inlined.
func parameters(def string) (json.RawMessage, error) {
	if err := toolSchemas.load(); err != nil {
		return nil, err
	}
	var node any
	if err := json.Unmarshal(toolSchemas.defs[def], &node); err != nil || node == nil {
		return nil, fmt.Errorf("%s: no definition %q", toolsFile, def)
	}
	inlined, err := inline(node, 0)
	if err != nil {
		return nil, err
	}
	return json.Marshal(inlined)
}

// inline replaces every {"$ref": "#/$defs/X"} in node with X (inlined too).
func inline(node any, depth int) (any, error) {
	if depth > 16 {
		return nil, errors.New("tools.json: reference cycle")
	}
	switch n := node.(type) {
	case map[string]any:
		if ref, ok := n["$ref"].(string); ok {
			name, found := strings.CutPrefix(ref, "#/$defs/")
			var target any
			if !found || json.Unmarshal(toolSchemas.defs[name], &target) != nil || target == nil {
				return nil, fmt.Errorf("tools.json: unresolved reference %q", ref)
			}
			return inline(target, depth+1)
		}
		out := make(map[string]any, len(n))
		for k, v := range n {
			iv, err := inline(v, depth+1)
			if err != nil {
				return nil, err
			}
			out[k] = iv
		}
		return out, nil
	case []any:
		out := make([]any, len(n))
		for i, v := range n {
			iv, err := inline(v, depth+1)
			if err != nil {
				return nil, err
			}
			out[i] = iv
		}
		return out, nil
	}
	return node, nil
}

// decodeArgs validates raw against definition def and decodes it into
// out. The error is a short text the model can act on.
func decodeArgs(def string, raw json.RawMessage, out any) error {
	if err := toolSchemas.load(); err != nil {
		return err
	}
	if len(bytes.TrimSpace(raw)) == 0 {
		raw = json.RawMessage("{}")
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		return errors.New("arguments are not valid JSON")
	}
	s, err := compiled(def)
	if err != nil {
		return err
	}
	if err := s.Validate(doc); err != nil {
		return errors.New(violation(err))
	}
	if err := json.Unmarshal(raw, out); err != nil {
		return fmt.Errorf("arguments: %v", err)
	}
	return nil
}

// compiled returns the validator of definition def.
func compiled(def string) (*jsonschema.Schema, error) {
	if s, ok := toolSchemas.cache.Load(def); ok {
		return s.(*jsonschema.Schema), nil
	}
	s, err := toolSchemas.comp.Compile(toolsURL + "#/$defs/" + def)
	if err != nil {
		return nil, err
	}
	toolSchemas.cache.Store(def, s)
	return s, nil
}

// english prints the validator's messages.
var english = message.NewPrinter(language.English)

// violation is the first leaf error of a validation failure, as
// "at /path: message" (or just the message at the root).
func violation(err error) string {
	var verr *jsonschema.ValidationError
	if !errors.As(err, &verr) {
		return "invalid arguments: " + err.Error()
	}
	for len(verr.Causes) > 0 {
		verr = verr.Causes[0]
	}
	msg := verr.ErrorKind.LocalizedString(english)
	if len(verr.InstanceLocation) == 0 {
		return "invalid arguments: " + msg
	}
	return "invalid arguments: at /" + strings.Join(verr.InstanceLocation, "/") + ": " + msg
}
