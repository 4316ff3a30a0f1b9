package browsertest

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// testPage is a small page with a form, a console error on click and an uncaught exception after it.
const testPage = `<!doctype html><html><head><title>browsertest</title></head><body>
<input id="name" aria-label="name"><button id="go">go</button><p id="out">waiting</p>
<script>
document.getElementById('go').addEventListener('click', () => {
  const name = document.getElementById('name').value;
  document.getElementById('out').textContent = 'hello ' + name;
  console.error('clicked by ' + name);
  setTimeout(() => { throw new Error('boom after ' + name); }, 0);
});
console.log('ready');
</script></body></html>`

// serve starts a loopback HTTP server with the test page at /.
func serve(t *testing.T) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(testPage))
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

func TestPageDrivesARealBrowser(t *testing.T) {
	b := New(t)
	p := b.Page(t, serve(t))

	var title string
	p.Eval(`document.title`, &title)
	if title != "browsertest" {
		t.Fatalf("title = %q", title)
	}
	var sum int
	p.Eval(`Promise.resolve(40).then(n => n + 2)`, &sum)
	if sum != 42 {
		t.Fatalf("awaited promise = %d, want 42", sum)
	}

	p.Type("#name", "Ada")
	p.Click("#go")
	p.WaitText("#out", "hello Ada")
	if got := p.Text("#out"); got != "hello Ada" {
		t.Fatalf("Text(#out) = %q", got)
	}

	p.WaitEval(`document.getElementById('out').textContent.length === 9`)
	errs := waitConsoleErrors(t, p, 2)
	if !strings.Contains(errs[0], "error: clicked by Ada") {
		t.Errorf("first console error = %q", errs[0])
	}
	if !strings.Contains(errs[1], "exception: ") || !strings.Contains(errs[1], "boom after Ada") {
		t.Errorf("uncaught exception = %q", errs[1])
	}
	if !slices.ContainsFunc(p.Console(), func(m chromedp.ConsoleMessage) bool { return m.Text == "ready" }) {
		t.Errorf("console.log('ready') not collected: %v", p.Console())
	}
}

// waitConsoleErrors waits until the page has reported at least n console errors (they arrive asynchronously).
func waitConsoleErrors(t *testing.T, p *Page, n int) []string {
	t.Helper()
	deadline := time.Now().Add(p.Timeout)
	for {
		errs := p.ConsoleErrors()
		if len(errs) >= n {
			return errs
		}
		if time.Now().After(deadline) {
			t.Fatalf("want %d console errors, got %q", n, errs)
		}
		time.Sleep(pollEvery)
	}
}

// failedTB is a test that reports itself failed and keeps its artifacts in dir, so that a page's failure
// artifacts can be checked without failing the real test.
type failedTB struct {
	testing.TB

	dir string
}

func (f failedTB) Failed() bool        { return true }
func (f failedTB) ArtifactDir() string { return f.dir }

func TestFailedPageLeavesScreenshotAndConsoleLog(t *testing.T) {
	b := New(t)
	url := serve(t)
	dir := t.TempDir()
	t.Run("page", func(st *testing.T) {
		p := b.Page(failedTB{TB: st, dir: dir}, url)
		p.Eval(`console.error('left for the artifacts')`, nil)
		waitConsoleErrors(st, p, 1)
	})
	pngs, _ := filepath.Glob(filepath.Join(dir, "page-*.png"))
	logs, _ := filepath.Glob(filepath.Join(dir, "page-*-console.log"))
	if len(pngs) != 1 || len(logs) != 1 {
		t.Fatalf("artifacts in %s: png %v, log %v", dir, pngs, logs)
	}
	png, err := os.ReadFile(pngs[0])
	if err != nil || !bytes.HasPrefix(png, []byte("\x89PNG\r\n")) {
		t.Fatalf("screenshot %s is not a PNG (err %v)", pngs[0], err)
	}
	log, err := os.ReadFile(logs[0])
	if err != nil || !strings.Contains(string(log), "error: left for the artifacts") {
		t.Fatalf("console log %s = %q (err %v)", logs[0], log, err)
	}
}

func TestMissingChromiumSaysRunMakeDeps(t *testing.T) {
	t.Setenv(EnvChromium, filepath.Join(t.TempDir(), "chromium"))
	_, err := chromiumPath()
	if err == nil || !strings.Contains(err.Error(), "chromium not found: run `make deps` (installs Debian's chromium)") {
		t.Fatalf("chromiumPath() error = %v", err)
	}
}

func TestRepoRootHoldsGatewiresGoMod(t *testing.T) {
	root, err := RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	mod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil || !strings.HasPrefix(string(mod), modulePath) {
		t.Fatalf("go.mod at %s: %v", root, err)
	}
	if wd, _ := os.Getwd(); !strings.HasPrefix(wd, root) {
		t.Fatalf("root %s is not above %s", root, wd)
	}
}
