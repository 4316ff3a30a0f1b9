package javascript

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/gatewire/gatewire/tools/protocol-gen/internal/manifest"
	"github.com/gatewire/gatewire/tools/protocol-gen/internal/model"
)

// typesModule renders types.js: a @typedef per named type, then the
// method and event type maps. It exports nothing at run time.
func typesModule(m *model.Model, p *manifest.Protocol) string {
	var b strings.Builder
	b.WriteString(header(p.Source))
	b.WriteString("\n")
	b.WriteString(docBlock("", "The JSDoc types of gatewire's protocol: one type per schema definition and per anonymous object, "+
		"enum or union found inside one. Import them in JSDoc as import('./types.js').Name.", "@module types"))
	b.WriteString("\n")
	for _, n := range m.Types {
		b.WriteString(typedef(n))
		b.WriteString("\n")
	}
	b.WriteString(methodTypes(p))
	b.WriteString("\n")
	b.WriteString(eventTypes(p))
	b.WriteString("\nexport {};\n")
	return b.String()
}

func typedef(n *model.Named) string {
	desc := n.Description
	if desc == "" && n.Member != "" {
		desc = n.Name + " types " + n.Member + "."
	}
	switch n.Kind {
	case model.Struct:
		return structTypedef(n, desc)
	case model.Enum:
		vals := make([]string, len(n.Values))
		for i, v := range n.Values {
			vals[i] = strconv.Quote(v)
		}
		return docBlock("", desc, "@typedef {"+strings.Join(vals, "|")+"} "+n.Name)
	case model.Union:
		vars := make([]string, len(n.Variants))
		for i, v := range n.Variants {
			vars[i] = v.Type.Name
		}
		return docBlock("", desc, "@typedef {"+strings.Join(vars, "|")+"} "+n.Name)
	default:
		return docBlock("", desc, "@typedef {"+typeExpr(n.Target)+"} "+n.Name)
	}
}

var identifier = regexp.MustCompile(`^[A-Za-z_$][A-Za-z0-9_$]*$`)

// structTypedef is an object typedef with a @property per member, or a
// type literal when a member's name is not an identifier or the struct
// admits undeclared members.
func structTypedef(n *model.Named, desc string) string {
	literal := n.Extra != nil
	for _, f := range n.Fields {
		literal = literal || !identifier.MatchString(f.Name)
	}
	if literal {
		if n.Extra != nil && n.Extra.Kind != model.Raw {
			desc = strings.TrimSpace(desc + "\nMembers not listed are " + typeExpr(n.Extra) + ".")
		}
		return docBlock("", desc, "@typedef {"+literalType(n)+"} "+n.Name)
	}
	tags := []string{"@typedef {Object} " + n.Name}
	for _, f := range n.Fields {
		name := f.Name
		if !f.Required {
			name = "[" + name + "]"
		}
		tag := "@property {" + typeExpr(&f.Type) + "} " + name
		if d := fieldDoc(f); d != "" {
			tag += " - " + d
		}
		tags = append(tags, tag)
	}
	return docBlock("", desc, tags...)
}

func fieldDoc(f *model.Field) string {
	d := oneLine(f.Description)
	if f.Versioned() {
		d = strings.TrimSpace(d + " " + versionNote(f.Since, f.Until))
	}
	return d
}

func versionNote(since, until int64) string {
	switch {
	case since != 0 && until != 0:
		return fmt.Sprintf("(protocol %d to %d)", since, until)
	case since != 0:
		return fmt.Sprintf("(protocol %d and later)", since)
	default:
		return fmt.Sprintf("(protocol %d and earlier)", until)
	}
}

func literalType(n *model.Named) string {
	parts := make([]string, 0, len(n.Fields)+1)
	for _, f := range n.Fields {
		opt := ""
		if !f.Required {
			opt = "?"
		}
		parts = append(parts, strconv.Quote(f.Name)+opt+": "+typeExpr(&f.Type))
	}
	if n.Extra != nil {
		// The index signature must admit the declared members' types too;
		// the undeclared members' own type is in the description.
		parts = append(parts, "[key: string]: unknown")
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

// typeExpr is a type use in TypeScript's JSDoc dialect.
func typeExpr(t *model.Type) string {
	var s string
	switch t.Kind {
	case model.String:
		s = "string"
	case model.Integer, model.Number:
		s = "number"
	case model.Boolean:
		s = "boolean"
	case model.Ref:
		s = t.Named.Name
	case model.Array:
		s = "Array<" + typeExpr(t.Elem) + ">"
	case model.Map:
		s = "Record<string, " + typeExpr(t.Elem) + ">"
	default:
		s = "unknown"
	}
	if t.Const != "" && (t.Kind == model.String || t.Kind == model.Integer || t.Kind == model.Number || t.Kind == model.Boolean) {
		s = t.Const
	}
	if t.Nullable && s != "unknown" {
		s += "|null"
	}
	return s
}

func methodTypes(p *manifest.Protocol) string {
	var b strings.Builder
	b.WriteString("/**\n * MethodTypes maps each method's wire name to its params and result types (as the manifest entry names them).\n * @typedef {{\n")
	for _, m := range p.Methods {
		fmt.Fprintf(&b, " *   %s: {params: %s, result: %s},\n", strconv.Quote(m.Name), refType(p, &m.Params), refType(p, &m.Result))
	}
	b.WriteString(" * }} MethodTypes\n */\n")
	return b.String()
}

func eventTypes(p *manifest.Protocol) string {
	var b strings.Builder
	b.WriteString("/**\n * EventTypes maps each event's wire name to its payload type.\n * @typedef {{\n")
	for _, e := range p.Events {
		fmt.Fprintf(&b, " *   %s: %s,\n", strconv.Quote(e.Name), refType(p, &e.Payload))
	}
	b.WriteString(" * }} EventTypes\n */\n")
	return b.String()
}

func refType(p *manifest.Protocol, r *manifest.Ref) string {
	if n := p.Type(r); n != nil {
		return n.Name
	}
	return "unknown"
}
