package client

import (
	"cmp"
	"context"
	"crypto/tls"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"sync/atomic"

	"github.com/coder/websocket"
)

// Dialer opens handshaken connections to one target. It spreads the
// sockets over several loopback source addresses so that tens of
// thousands of connections do not exhaust one address's ephemeral ports.
type Dialer struct {
	url     string
	connect []byte
	clients []*http.Client
	next    atomic.Uint64
}

// Config says where and how to connect.
type Config struct {
	// URL is the target's WebSocket URL, e.g. ws://127.0.0.1:18789.
	URL string
	// Token is the shared gateway token ("" sends no auth).
	Token string
	// Scopes are the operator scopes asked for.
	Scopes []string
	// InstanceID, when set, is sent as client.instanceId by every
	// connection: the gateway keys presence by it, so all the
	// connections of one benchmark share a single presence entry.
	InstanceID string
	// Protocol is the protocol version every connection offers, exactly
	// (0 means DefaultProtocol).
	Protocol int
	// Sources is the number of loopback source addresses (127.0.0.1,
	// 127.0.0.2, …) used when the target is on 127.0.0.1; at least 1.
	Sources int
}

// NewDialer returns a Dialer for cfg.
func NewDialer(cfg Config) (*Dialer, error) {
	u, err := url.Parse(cfg.URL)
	if err != nil || (u.Scheme != "ws" && u.Scheme != "wss") {
		return nil, fmt.Errorf("target URL %q: want ws:// or wss://host:port", cfg.URL)
	}
	frame, err := connectFrame(cfg.Token, cfg.Scopes, cfg.InstanceID, cmp.Or(cfg.Protocol, DefaultProtocol))
	if err != nil {
		return nil, err
	}
	sources := max(cfg.Sources, 1)
	if u.Hostname() != "127.0.0.1" {
		sources = 1
	}
	d := &Dialer{url: cfg.URL, connect: frame}
	for i := range sources {
		d.clients = append(d.clients, sourceClient(i, sources, u.Scheme == "wss"))
	}
	return d, nil
}

// sourceClient returns an HTTP client whose sockets start at 127.0.0.(i+1),
// or from any address when there is a single source. Over wss:// it
// accepts the target's certificate unchecked: the target is a gateway
// the benchmark started with a generated certificate, and a pin would
// cost one SHA-256 of the certificate per handshake on the client.
func sourceClient(i, sources int, secure bool) *http.Client {
	dialer := &net.Dialer{}
	if sources > 1 {
		dialer.LocalAddr = &net.TCPAddr{IP: net.IPv4(127, 0, 0, byte(i+1))}
	}
	t := &http.Transport{DialContext: dialer.DialContext}
	if secure {
		t.TLSClientConfig = &tls.Config{InsecureSkipVerify: true, MinVersion: tls.VersionTLS13}
	}
	return &http.Client{Transport: t}
}

// Dial opens a socket and completes the handshake.
func (d *Dialer) Dial(ctx context.Context) (*Conn, error) {
	c, err := d.Open(ctx)
	if err != nil {
		return nil, err
	}
	if err := c.handshake(ctx, d.connect); err != nil {
		c.CloseNow()
		return nil, err
	}
	return c, nil
}

// Open opens a socket without running the handshake.
func (d *Dialer) Open(ctx context.Context) (*Conn, error) {
	hc := d.clients[d.next.Add(1)%uint64(len(d.clients))]
	ws, _, err := websocket.Dial(ctx, d.url, &websocket.DialOptions{HTTPClient: hc})
	if err != nil {
		return nil, fmt.Errorf("dialing %s: %w", d.url, err)
	}
	ws.SetReadLimit(-1)
	return &Conn{ws: ws}, nil
}
