package controlui_test

import (
	"net/url"
	"testing"

	"github.com/gatewire/gatewire/internal/browsertest"
	"github.com/gatewire/gatewire/server/gateway/gatewaytest"
)

// pageURL is the address of the Control UI the gateway serves at its
// root (or under basePath), path below it.
func pageURL(g *gatewaytest.Gateway, path string) string {
	return g.HTTPURL + "/" + path
}

// openUI starts a browser on the page with the gateway token in the
// fragment and waits until the page is connected.
func openUI(t *testing.T, g *gatewaytest.Gateway, path string) *browsertest.Page {
	t.Helper()
	return openUIFragment(t, g, path, "")
}

// openUIFragment is openUI with more fragment parameters ("protocol=3").
func openUIFragment(t *testing.T, g *gatewaytest.Gateway, path, fragment string) *browsertest.Page {
	t.Helper()
	if fragment != "" {
		fragment = "&" + fragment
	}
	b := browsertest.New(t)
	p := b.Page(t, pageURL(g, path)+"#token="+url.QueryEscape(g.Token)+fragment)
	p.WaitEval(`window.__gatewire && window.__gatewire.gw.state === "connected"`)
	return p
}
