package golang

import (
	"embed"
	"fmt"
	"go/format"
	"strings"

	"github.com/gatewire/gatewire/tools/protocol-gen/internal/doctext"
)

// templates hold the fixed helper code a package may need.
//
//go:embed templates/*.tmpl
var templates embed.FS

// renderHelpers writes the helper files the generated types use.
func (g *gen) renderHelpers(out map[string][]byte) error {
	for _, h := range []struct {
		used     bool
		template string
		file     string
	}{
		{g.usesNullable, "nullable.go.tmpl", "nullable_gen.go"},
		{g.usesExtra, "extra.go.tmpl", "extra_gen.go"},
		{g.usesUnion, "union.go.tmpl", "union_gen.go"},
		{len(g.shaped) > 0, "shape.go.tmpl", "shape_gen.go"},
	} {
		if !h.used {
			continue
		}
		if err := g.renderTemplate(out, h.template, h.file); err != nil {
			return err
		}
	}
	return nil
}

func (g *gen) renderTemplate(out map[string][]byte, template, file string) error {
	body, err := templates.ReadFile("templates/" + template)
	if err != nil {
		return fmt.Errorf("read template %s: %w", template, err)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "// %s\n// Source: %s\n\npackage %s\n\n", doctext.Header, doctext.Escape(g.opts.HelperSource), g.opts.Package)
	b.Write(body)
	src, err := format.Source([]byte(b.String()))
	if err != nil {
		return fmt.Errorf("format %s: %w", file, err)
	}
	if _, dup := out[file]; dup {
		return fmt.Errorf("two generated Go files are named %s", file)
	}
	out[file] = src
	return nil
}
