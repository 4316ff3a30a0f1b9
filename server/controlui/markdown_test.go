package controlui_test

import (
	"encoding/json"
	"testing"

	"github.com/gatewire/gatewire/internal/browsertest"
	"github.com/gatewire/gatewire/server/gateway/gatewaytest"
)

// TestMarkdown renders Markdown with the page's own renderer in the
// browser and compares the DOM it built: the supported constructs become
// elements, markup in the text stays text, links are made only for
// http(s) and mailto and never nest, and a bare URL (which once recursed
// without end) is one link.
func TestMarkdown(t *testing.T) {
	g := gatewaytest.Start(t, gatewaytest.Options{})
	p := browsertest.New(t).Page(t, pageURL(g, ""))
	cases := []struct{ in, want string }{
		{"see https://example.com/a.", `<p>see <a href="https://example.com/a" target="_blank" rel="noopener noreferrer">https://example.com/a</a>.</p>`},
		{"[x https://y.test](https://z.test/)", `<p><a href="https://z.test/" target="_blank" rel="noopener noreferrer">x https://y.test</a></p>`},
		{"[a](javascript:void0) and [m](mailto:a@b.test)", `<p>a (javascript:void0) and <a href="mailto:a@b.test" target="_blank" rel="noopener noreferrer">m</a></p>`},
		{`<b onmouseover="x()">hi</b> <script>y()</script>`, `<p>&lt;b onmouseover="x()"&gt;hi&lt;/b&gt; &lt;script&gt;y()&lt;/script&gt;</p>`},
		{"```html\n<img src=x onerror=z()>\n```", `<pre><code data-lang="html">&lt;img src=x onerror=z()&gt;</code></pre>`},
		{"# Title\n\n**bold _and em_** *em* `a<b>` ~~old~~", `<h3>Title</h3><p><strong>bold <em>and em</em></strong> <em>em</em> <code>a&lt;b&gt;</code> <del>old</del></p>`},
		{"- one\n- two\n\n1. first\n\n> quoted", `<ul><li>one</li><li>two</li></ul><ol><li>first</li></ol><blockquote><p>quoted</p></blockquote>`},
		{"snake_case_name stays", `<p>snake_case_name stays</p>`},
	}
	inputs := make([]string, len(cases))
	for i, c := range cases {
		inputs[i] = c.in
	}
	in, _ := json.Marshal(inputs)
	var got []string
	p.Eval(`import('./markdown.js').then(m => `+string(in)+`.map(s => {
	  const d = document.createElement('div'); d.appendChild(m.render(s)); return d.innerHTML; }))`, &got)
	for i, c := range cases {
		if got[i] != c.want {
			t.Errorf("render(%q)\n got %s\nwant %s", c.in, got[i], c.want)
		}
	}
}
