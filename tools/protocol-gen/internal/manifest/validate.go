package manifest

import (
	"errors"
	"sort"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/gatewire/gatewire/tools/protocol-gen/internal/jsonnode"
	"github.com/gatewire/gatewire/tools/protocol-gen/internal/load"
)

// Validate checks the manifest document against its meta-schema and
// returns one located error per failed leaf of the validation.
func Validate(doc, meta *load.Document) error {
	const metaURL = "file:///manifest.schema.json"
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	if err := c.AddResource(metaURL, meta.Root.Value()); err != nil {
		return load.Errors{meta.ErrorAt(meta.Root, "", "cannot use the meta-schema: %v", err)}
	}
	sch, err := c.Compile(metaURL)
	if err != nil {
		return load.Errors{meta.ErrorAt(meta.Root, "", "the meta-schema does not compile: %v", err)}
	}
	err = sch.Validate(doc.Root.Value())
	var ve *jsonschema.ValidationError
	if err == nil {
		return nil
	}
	if !errors.As(err, &ve) {
		return load.Errors{doc.ErrorAt(doc.Root, "", "validate against the meta-schema: %v", err)}
	}
	return locate(doc, leaves(ve, nil)).Err()
}

// leaves collects the deepest causes of a validation error.
func leaves(e *jsonschema.ValidationError, out []*jsonschema.ValidationError) []*jsonschema.ValidationError {
	if len(e.Causes) == 0 {
		return append(out, e)
	}
	for _, c := range e.Causes {
		out = leaves(c, out)
	}
	return out
}

func locate(doc *load.Document, list []*jsonschema.ValidationError) load.Errors {
	var errs load.Errors
	seen := map[string]bool{}
	for _, e := range list {
		ptr := jsonnode.Join("", e.InstanceLocation...)
		msg := "invalid value"
		if out := e.BasicOutput(); out.Error != nil {
			msg = out.Error.String()
		}
		key := ptr + "\x00" + msg
		if seen[key] {
			continue
		}
		seen[key] = true
		node, err := jsonnode.Lookup(doc.Root, ptr)
		if err != nil {
			node = doc.Root
		}
		errs = append(errs, doc.ErrorAt(node, ptr, "%s", msg))
	}
	sort.SliceStable(errs, func(i, j int) bool { return errs[i].Line < errs[j].Line })
	return errs
}
