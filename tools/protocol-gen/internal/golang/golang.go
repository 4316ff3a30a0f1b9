// Package golang projects the model onto Go: one struct per object type,
// named string types with constants and Valid for enums, sealed interfaces
// with decode functions for discriminated unions, and — for the protocol
// manifest — method and event constants, the manifest as data, the Handler
// interface, the dispatch table and the typed client. Output is rendered
// with github.com/dave/jennifer (gofmt'd, exact imports) and depends only
// on the order of the model, so it is the same on every run.
package golang

import (
	"bytes"
	"fmt"

	"github.com/dave/jennifer/jen"

	"github.com/gatewire/gatewire/tools/protocol-gen/internal/doctext"
	"github.com/gatewire/gatewire/tools/protocol-gen/internal/manifest"
	"github.com/gatewire/gatewire/tools/protocol-gen/internal/model"
)

// File groups the types written to one output file.
type File struct {
	// Name is the file name, ending in "_gen.go".
	Name string
	// Source names the schema file in the header, e.g. "schema/frames.json".
	Source string
	// Types are written in this order.
	Types []*model.Named
}

// Options describe the package to generate.
type Options struct {
	// Package is the Go package name.
	Package string
	// Doc is the package doc comment, written to doc_gen.go.
	Doc string
	// Files says which types go to which file.
	Files []File
	// HelperSource is named in the headers of files not made from one
	// schema file (helpers, doc).
	HelperSource string
	// Protocol, when set, adds the manifest files: constants, Manifest,
	// the per-domain handler interfaces and Register functions, Handler,
	// Unimplemented, RegisterAll, the typed emitters, Client and
	// DecodeEventPayload.
	Protocol *manifest.Protocol
}

// Reserved are the exported names generated code defines besides types;
// no type may use them.
func Reserved(protocol bool) []string {
	out := []string{"Nullable", "NewNullable", "NewNull"}
	if protocol {
		out = append(out, "Handler", "Unimplemented", "RegisterAll", "Client", "NewClient", "Manifest",
			"ProtocolVersion", "DecodeEventPayload")
	}
	return out
}

// Generate renders the Go files, keyed by file name.
func Generate(m *model.Model, opts Options) (map[string][]byte, error) {
	g, err := newGen(m, opts)
	if err != nil {
		return nil, err
	}
	out := map[string][]byte{}
	for _, f := range opts.Files {
		if len(f.Types) == 0 {
			continue
		}
		if err := g.render(out, f.Name, f.Source, func(jf *jen.File) { g.typesFile(jf, f.Types) }); err != nil {
			return nil, err
		}
	}
	if err := g.renderHelpers(out); err != nil {
		return nil, err
	}
	if opts.Protocol != nil {
		if err := g.renderProtocol(out); err != nil {
			return nil, err
		}
	}
	if opts.Doc != "" {
		if err := g.renderDoc(out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// render builds one file with the standard header and stores its bytes.
func (g *gen) render(out map[string][]byte, name, source string, build func(*jen.File)) error {
	if _, dup := out[name]; dup {
		return fmt.Errorf("two generated Go files are named %s", name)
	}
	f := jen.NewFile(g.opts.Package)
	f.ImportName(rpcPath, "rpc")
	f.ImportName(wirePath, "wire")
	f.HeaderComment(doctext.Header)
	f.HeaderComment("Source: " + doctext.Escape(source))
	build(f)
	var buf bytes.Buffer
	if err := f.Render(&buf); err != nil {
		return fmt.Errorf("render %s: %w", name, err)
	}
	out[name] = groupImports(buf.Bytes())
	return nil
}

// typesFile declares each type of a file, in order.
func (g *gen) typesFile(f *jen.File, types []*model.Named) {
	for _, n := range types {
		g.declare(f, n)
	}
}

func (g *gen) declare(f *jen.File, n *model.Named) {
	switch {
	case n.GoType != "":
		g.boundDecl(f, n)
	case n.Kind == model.Struct:
		g.structDecl(f, n)
		g.shapeDecl(f, n)
	case n.Kind == model.Enum:
		g.enumDecl(f, n)
	case n.Kind == model.Union && g.unionRaw[n] != "":
		g.rawUnionDecl(f, n)
	case n.Kind == model.Union:
		g.unionDecl(f, n)
	default:
		g.aliasDecl(f, n)
		g.shapeDecl(f, n)
	}
}

const (
	rpcPath  = "github.com/gatewire/gatewire/runtime/rpc"
	wirePath = "github.com/gatewire/gatewire/runtime/wire"
	jsonPath = "encoding/json"
)
