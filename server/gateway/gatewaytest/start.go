// Package gatewaytest starts real gatewire gateways for tests: Start runs
// one on 127.0.0.1:0 with a temporary state directory, and Dial opens a
// raw protocol connection to it whose every received frame is validated
// against the protocol schema (a frame with an extra or missing key fails
// the test, as it would make a real OpenClaw client drop it).
package gatewaytest

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/gatewire/gatewire/runtime/engine"
	"github.com/gatewire/gatewire/server/config"
	"github.com/gatewire/gatewire/server/gateway"
	"github.com/gatewire/gatewire/server/gatewaytls"
	"github.com/gatewire/gatewire/server/session"
	"github.com/gatewire/gatewire/server/statedir"
)

// Options configure Start.
type Options struct {
	// Config, when set, is written as the config file (JSON5) before
	// the gateway starts.
	Config string
	// Overrides are flag or environment values above the config file.
	Overrides config.Overrides
	// StateDir reuses a state directory (e.g. to restart a gateway);
	// empty means a new temporary one.
	StateDir statedir.Dir
	// Authenticator replaces the built-in connect authentication; Hub
	// and Sessions, when set, are the ones it was built with.
	Authenticator gateway.Authenticator
	Hub           *engine.Hub
	Sessions      *session.Registry
	// Stdout receives the text log (default: discarded).
	Stdout io.Writer
	// Now is the gateway's clock (default time.Now).
	Now func() time.Time
	// Env is the gateway's environment (provider API keys such as
	// OPENAI_API_KEY); nil means an empty one, so the test machine's
	// variables never reach a test gateway.
	Env map[string]string
}

// Gateway is a running test gateway.
type Gateway struct {
	*gateway.Gateway
	// URL is the WebSocket URL, HTTPURL the same address over HTTP.
	URL, HTTPURL string
	// Token is the effective gateway token (configured or generated).
	Token string
	// StateDir is the gateway's state directory.
	StateDir statedir.Dir

	cancel context.CancelFunc
	done   chan error
}

// Start runs a gateway on 127.0.0.1:0 and stops it when the test ends.
func Start(t testing.TB, o Options) *Gateway {
	t.Helper()
	dir := o.StateDir
	if dir == "" {
		dir = statedir.Dir(t.TempDir())
	}
	if o.Config != "" {
		if err := os.WriteFile(dir.ConfigFile(), []byte(o.Config), 0o600); err != nil {
			t.Fatalf("gatewaytest: writing config: %v", err)
		}
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("gatewaytest: listen: %v", err)
	}
	g, err := gateway.New(gateway.Setup{
		StateDir: dir, Overrides: o.Overrides, Stdout: o.Stdout, Listener: ln,
		Authenticator: o.Authenticator, Hub: o.Hub, Sessions: o.Sessions, Now: o.Now,
		Getenv: func(k string) string { return o.Env[k] },
	})
	if err != nil {
		ln.Close()
		t.Fatalf("gatewaytest: starting gateway: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	tg := &Gateway{
		Gateway: g, URL: g.URL(), HTTPURL: httpURL(g.URL()),
		Token: g.Config().Effective().Gateway.Auth.Token, StateDir: dir,
		cancel: cancel, done: make(chan error, 1),
	}
	go func() { tg.done <- g.Run(ctx) }()
	t.Cleanup(tg.Stop)
	return tg
}

// TLSClient returns an HTTP client that trusts the certificate the
// gateway serves now (by its files, as a CA would: chain and address),
// for DialTLS and https requests; nil when the gateway serves no TLS.
func (g *Gateway) TLSClient(t testing.TB) *http.Client {
	t.Helper()
	c := g.Config().Effective().Gateway.Tls
	if !c.Enabled {
		return nil
	}
	m, err := gatewaytls.Load(gatewaytls.Resolve(c, g.StateDir.Root()))
	if err != nil {
		t.Fatalf("gatewaytest: the gateway's certificate: %v", err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(m.Leaf)
	return &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS13}}}
}

// httpURL is the HTTP URL of the same address as the WebSocket URL u
// (https:// for wss://).
func httpURL(u string) string {
	if rest, ok := strings.CutPrefix(u, "wss://"); ok {
		return "https://" + rest
	}
	return "http://" + strings.TrimPrefix(u, "ws://")
}

// Stop shuts the gateway down and waits until Run has returned.
func (g *Gateway) Stop() {
	g.cancel()
	<-g.done
	g.done <- nil // later Stops return at once
}
