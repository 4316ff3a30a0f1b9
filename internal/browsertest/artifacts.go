package browsertest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/chromedp/chromedp"
)

// artifactTimeout bounds the screenshot of a failed page: a page that hangs must not hang the test's cleanup.
const artifactTimeout = 10 * time.Second

// saveArtifacts writes the page's full-page screenshot (page-N.png) and console log (page-N-console.log) to the
// test's artifact directory and says where in the test log.
func (p *Page) saveArtifacts() {
	dir := p.t.ArtifactDir()
	base := filepath.Join(dir, fmt.Sprintf("page-%d", p.n))
	var lines []string
	for _, m := range p.console.snapshot() {
		lines = append(lines, formatMessage(m))
	}
	if err := os.WriteFile(base+"-console.log", []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
		p.t.Logf("browsertest: write console log: %v", err)
	}
	ctx, cancel := context.WithTimeout(p.Ctx, artifactTimeout)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err == nil {
		err = os.WriteFile(base+".png", png, 0o600)
	}
	if err != nil {
		p.t.Logf("browsertest: screenshot: %v", err)
	}
	p.t.Logf("browsertest: screenshot and console log of the failed page: %s.png, %s-console.log "+
		"(kept with go test -artifacts)", base, base)
}
