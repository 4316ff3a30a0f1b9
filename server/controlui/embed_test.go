package controlui_test

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/gatewire/gatewire/server/controlui"
)

// TestEmbeddedTree: the page and the generated protocol modules are one
// valid file tree (fstest.TestFS walks, opens, reads and stats every file).
func TestEmbeddedTree(t *testing.T) {
	if err := fstest.TestFS(controlui.Embedded(), "index.html", "app.js", "gateway.js", "ui.js", "views/index.js",
		"protocol/protocol.js", "protocol/types.js"); err != nil {
		t.Fatal(err)
	}
}

// TestNoInlineScript: index.html loads its code from files only, so the
// CSP needs no hash for it, and nothing in the page sets innerHTML.
func TestNoInlineScript(t *testing.T) {
	fsys := controlui.Embedded()
	html, err := fs.ReadFile(fsys, "index.html")
	if err != nil {
		t.Fatal(err)
	}
	for _, tag := range strings.Split(string(html), "<script")[1:] {
		if attrs, _, _ := strings.Cut(tag, ">"); !strings.Contains(attrs, "src=") {
			t.Errorf("index.html has an inline script: <script%s>", attrs)
		}
	}
	err = fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".js") || strings.HasPrefix(p, controlui.ProtocolDir+"/") {
			return err
		}
		src, err := fs.ReadFile(fsys, p)
		for _, bad := range []string{".innerHTML", ".outerHTML", "insertAdjacentHTML", "document.write", "eval("} {
			if strings.Contains(string(src), bad) {
				t.Errorf("%s uses %s", p, bad)
			}
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}
