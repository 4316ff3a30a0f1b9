package controlui_test

import (
	"io/fs"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"strings"
	"testing"

	"github.com/gatewire/gatewire/internal/browsertest"
	"github.com/gatewire/gatewire/server/controlui"
	"github.com/gatewire/gatewire/server/gateway/gatewaytest"
)

// uiServer serves Embedded() on its own loopback port, with index.html
// for route paths, and hands WebSocket upgrades to the gateway unchanged
// (no forwarding headers, so the gateway sees a direct loopback client,
// as it does when it serves the page itself). It returns the page URL.
func uiServer(t *testing.T, g *gatewaytest.Gateway) string {
	t.Helper()
	target, err := url.Parse(g.HTTPURL)
	if err != nil {
		t.Fatal(err)
	}
	proxy := &httputil.ReverseProxy{Rewrite: func(r *httputil.ProxyRequest) {
		r.SetURL(target)
		r.Out.Host = r.In.Host
	}}
	fsys := controlui.Embedded()
	files := http.FileServerFS(fsys)
	mux := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", strictCSP)
		if strings.EqualFold(r.Header.Get("Upgrade"), "websocket") {
			proxy.ServeHTTP(w, r)
			return
		}
		name := strings.TrimPrefix(r.URL.Path, "/")
		if _, err := fs.Stat(fsys, name); name == "" || err != nil {
			http.ServeFileFS(w, r, fsys, "index.html")
			return
		}
		files.ServeHTTP(w, r)
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: mux}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { srv.Close() })
	return "http://" + ln.Addr().String() + "/"
}

// strictCSP is the policy the page is tested under: nothing inline,
// nothing from elsewhere. A violation is a console error, which fails the
// tests that check the console.
const strictCSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'; object-src 'none'"

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
	p := b.Page(t, uiServer(t, g)+path+"#token="+url.QueryEscape(g.Token)+fragment)
	p.WaitEval(`window.__gatewire && window.__gatewire.gw.state === "connected"`)
	return p
}
