package manifest

import (
	"github.com/gatewire/gatewire/tools/protocol-gen/internal/load"
	"github.com/gatewire/gatewire/tools/protocol-gen/internal/model"
)

// Protocol is the manifest with every schema reference resolved to the
// named type generated for it.
type Protocol struct {
	*Manifest
	// Source names manifest.json for generated headers.
	Source string
	// ErrorCodes is the error-code enum; Frame the frame union.
	ErrorCodes *model.Named
	Frame      *model.Named
	// Types maps each method's params and result and each event's payload
	// reference to its type.
	Types map[*Ref]*model.Named
}

// Type returns the named type of a reference.
func (p *Protocol) Type(r *Ref) *model.Named { return p.Types[r] }

// Resolve resolves every reference of m against the loaded schema files.
// Each must name a definition; the error-code registry must be a string
// enum and the frame a discriminated union.
func Resolve(m *Manifest, doc *load.Document, set *load.Set, mod *model.Model) (*Protocol, error) {
	p := &Protocol{Manifest: m, Source: doc.Name, Types: map[*Ref]*model.Named{}}
	var errs load.Errors
	resolve := func(r *Ref) *model.Named {
		if r.Text == "" {
			return nil
		}
		s, err := set.ResolveRef(doc.URI, r.Text)
		if err != nil {
			errs = append(errs, doc.ErrorAt(r.Node, r.Pointer, "%v", err))
			return nil
		}
		n := mod.TypeOf(s)
		if n == nil || n.Definition == "" {
			errs = append(errs, doc.ErrorAt(r.Node, r.Pointer, "%q is not a definition ($defs member)", r.Text))
			return nil
		}
		p.Types[r] = n
		return n
	}
	for _, x := range m.Methods {
		resolve(&x.Params)
		resolve(&x.Result)
		for _, v := range x.Versions {
			resolve(&v.Params)
			resolve(&v.Result)
		}
	}
	for _, x := range m.Events {
		if n := resolve(&x.Payload); n != nil {
			errs = append(errs, checkConditions(doc, x, n)...)
		}
		for _, r := range x.Versions {
			resolve(r)
		}
	}
	if p.ErrorCodes = resolve(&m.ErrorCodes); p.ErrorCodes != nil && p.ErrorCodes.Kind != model.Enum {
		errs = append(errs, doc.ErrorAt(m.ErrorCodes.Node, m.ErrorCodes.Pointer, "%s must be a string enum", m.ErrorCodes.Text))
	}
	if p.Frame = resolve(&m.Frame); p.Frame != nil && p.Frame.Kind != model.Union {
		errs = append(errs, doc.ErrorAt(m.Frame.Node, m.Frame.Pointer, "%s must be a union discriminated by a constant member", m.Frame.Text))
	}
	return p, errs.Err()
}

// checkConditions checks that every condition of an event's routes names
// a required, non-null string member of the payload struct.
func checkConditions(doc *load.Document, e *Event, payload *model.Named) load.Errors {
	var errs load.Errors
	for _, r := range e.Routes {
		for _, c := range []*Condition{r.When, r.DropIfSlowWhen} {
			if c != nil && ConditionField(payload, c.Member) == nil {
				errs = append(errs, doc.ErrorAt(c.Node, c.Pointer, "member %q is not a required string member of %s", c.Member, payload.Name))
			}
		}
	}
	return errs
}

// ConditionField returns the payload field a condition reads: a required,
// non-null string or string-enum member of a struct; nil when there is none.
func ConditionField(payload *model.Named, member string) *model.Field {
	if payload.Kind != model.Struct {
		return nil
	}
	for i := range payload.Fields {
		f := payload.Fields[i]
		if f.Name != member || !f.Required || f.Type.Nullable {
			continue
		}
		if f.Type.Kind == model.String || f.Type.Kind == model.Ref && f.Type.Named.Kind == model.Enum {
			return f
		}
	}
	return nil
}
