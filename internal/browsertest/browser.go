package browsertest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"testing"

	"github.com/chromedp/chromedp"
)

// EnvChromium names the environment variable that overrides the browser binary.
const EnvChromium = "GATEWIRE_CHROMIUM"

// DefaultChromium is where Debian's chromium package puts the browser.
const DefaultChromium = "/usr/bin/chromium"

// errNoChromium is the message a test fails with when no browser is installed.
var errNoChromium = errors.New("chromium not found: run `make deps` (installs Debian's chromium)")

// Browser is one headless Chromium process for one test; it closes when the test ends.
type Browser struct {
	ctx context.Context
}

// New starts a headless Chromium with a fresh profile for t and closes it when t ends. It fails the test (never
// skips) when the browser is not installed.
func New(t testing.TB) *Browser {
	t.Helper()
	path, err := chromiumPath()
	if err != nil {
		t.Fatal(err)
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), allocatorOptions(path, t.TempDir())...)
	ctx, cancel := chromedp.NewContext(allocCtx)
	t.Cleanup(func() {
		cancel()
		cancelAlloc()
	})
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("browsertest: start %s: %v", path, err)
	}
	return &Browser{ctx: ctx}
}

// chromiumPath returns the browser binary: $GATEWIRE_CHROMIUM when set, else /usr/bin/chromium.
func chromiumPath() (string, error) {
	path := os.Getenv(EnvChromium)
	if path == "" {
		path = DefaultChromium
	}
	found, err := exec.LookPath(path)
	if err != nil {
		return "", fmt.Errorf("%w (looked for %s)", errNoChromium, path)
	}
	return found, nil
}

// allocatorOptions are the flags the browser runs with: headless, no sandbox (tests run as root in CI), no GPU,
// nothing that reaches the network on its own, and a profile in dataDir.
func allocatorOptions(path, dataDir string) []chromedp.ExecAllocatorOption {
	return []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("no-default-browser-check", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("mute-audio", true),
		chromedp.WindowSize(1280, 800),
		chromedp.UserDataDir(dataDir),
	}
}
