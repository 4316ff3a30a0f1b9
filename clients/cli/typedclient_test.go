package cli

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"
)

// TestCommandsCallThroughTheTypedClient keeps the commands on the
// generated client: no file names a method by its protocol.Method…
// constant or calls .Call itself, except `call` (generic on purpose) and
// the recorder the typed client runs over.
func TestCommandsCallThroughTheTypedClient(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	allowed := map[string]bool{"call.go": true, "run.go": true}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") || allowed[name] {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			sel, ok := n.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			if x, ok := sel.X.(*ast.Ident); ok && x.Name == "protocol" && strings.HasPrefix(sel.Sel.Name, "Method") {
				t.Errorf("%s: names a method by hand (protocol.%s); call it through the typed client", fset.Position(sel.Pos()), sel.Sel.Name)
			}
			if sel.Sel.Name == "Call" {
				t.Errorf("%s: calls .Call directly; use the typed client (session.api)", fset.Position(sel.Pos()))
			}
			return true
		})
	}
}
