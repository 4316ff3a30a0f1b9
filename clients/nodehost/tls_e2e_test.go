package nodehost

import (
	"strconv"
	"strings"
	"testing"

	gatewire "github.com/gatewire/gatewire/clients/go"
	"github.com/gatewire/gatewire/server/gateway/gatewaytest"
)

// TestNodeHostPinsATLSGateway: `gatewire node run --host --port
// --tls-fingerprint` dials wss:// and pairs as a node.
func TestNodeHostPinsATLSGateway(t *testing.T) {
	checkLeaks(t)
	g := gatewaytest.Start(t, gatewaytest.Options{Config: `{gateway: {tls: {enabled: true}}}`})
	port, err := strconv.Atoi(g.URL[strings.LastIndex(g.URL, ":")+1:])
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	f := Flags{Host: "127.0.0.1", Port: port, TLSFingerprint: g.TLSFingerprint(), Token: g.Token, DisplayName: "tls-box", StateDir: dir}
	opts, url, err := f.nodeOptions(dir, nil)
	if err != nil || url != g.URL {
		t.Fatalf("nodeOptions: %v, url %s, want %s", err, url, g.URL)
	}
	if opts.TLSFingerprint != g.TLSFingerprint() {
		t.Fatalf("pin %q not passed on", opts.TLSFingerprint)
	}
	if _, u, _ := (Flags{Host: "gw.example", Port: 1, TLS: true}).nodeOptions(t.TempDir(), nil); u != "wss://gw.example:1" {
		t.Fatalf("--tls URL = %s", u)
	}
	h := runHostWith(t, f)
	op := gatewaytest.DialTLS(t, g.URL, g.TLSClient(t))
	op.MustConnect(gatewaytest.ConnectParams(g.Token, "operator", gatewire.AllOperatorScopes...))
	t.Cleanup(op.CloseNow)
	if n := waitConnected(t, op, h.id, true); n.DisplayName == nil || *n.DisplayName != "tls-box" {
		t.Fatalf("node = %+v", n)
	}
}
