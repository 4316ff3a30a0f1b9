// Package browsertest runs a real headless Chromium for end-to-end tests of the pages gatewire serves.
//
// New starts Debian's chromium (installed by `make deps`) with a fresh profile under the test's temporary
// directory; Browser.Page opens a tab on a URL and returns a Page whose helpers fail the test with a clear
// message. Each page collects its console messages and uncaught exceptions; when the test has failed, the page's
// full-page screenshot and console log are written to t.ArtifactDir() (kept by `go test -artifacts`).
package browsertest
