package controlui

import (
	"strings"
	"testing"
)

func TestInlineScriptHashesCoverOnlyInlineScripts(t *testing.T) {
	page := `<html><head><script>alert(1)</script><SCRIPT type="module" src="./a.js"></SCRIPT>` +
		`<script src=x.js>ignored()</script><script data-src="y">b()</script><script></script></head></html>`
	// printf 'alert(1)' | openssl dgst -sha256 -binary | base64, and the same for 'b()'.
	want := []string{"sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI=", "sha256-cf242PFc/kb7xD0Qzhsmd9vvRkc+cWFmbi+k+YvtdKc="}
	got := InlineScriptHashes([]byte(page))
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("hashes = %q, want %q", got, want)
	}
	csp := ContentSecurityPolicy(got)
	if !strings.Contains(csp, "script-src 'self' '"+want[0]+"' '"+want[1]+"';") || strings.Contains(csp, "unsafe-eval") {
		t.Fatalf("policy = %q", csp)
	}
	if none := ContentSecurityPolicy(nil); !strings.Contains(none, "script-src 'self';") {
		t.Fatalf("policy without inline scripts = %q", none)
	}
}

func TestNormalizeBasePath(t *testing.T) {
	for in, want := range map[string]string{"": "", "/": "", "ui": "/ui", "/ui/": "/ui", "/a/b-c_d.e~": "/a/b-c_d.e~"} {
		if got, err := NormalizeBasePath(in); err != nil || got != want {
			t.Errorf("NormalizeBasePath(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"/a//b", "/a/../b", "/./a", "/a b", "/a?x", "/a#x", "/ü"} {
		if got, err := NormalizeBasePath(bad); err == nil {
			t.Errorf("NormalizeBasePath(%q) = %q, want an error", bad, got)
		}
	}
}

func TestWithBaseSetsTheBasePathOnce(t *testing.T) {
	for in, want := range map[string]string{
		`<html><head lang="x"><title>t</title></head></html>`:        `<html><head lang="x"><base href="/ui/"><title>t</title></head></html>`,
		"<HTML><HEAD>\n<meta charset=utf-8><BASE href=\"/\"></HEAD>": "<HTML><HEAD>\n<meta charset=utf-8><base href=\"/ui/\"></HEAD>",
		`<p>no head</p>`:     `<base href="/ui/"><p>no head</p>`,
		`<header>x</header>`: `<base href="/ui/"><header>x</header>`,
	} {
		if got := string(withBase([]byte(in), "/ui/")); got != want {
			t.Errorf("withBase(%q) = %q, want %q", in, got, want)
		}
	}
}
