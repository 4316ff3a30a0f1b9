package engine

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/netip"
	"time"

	"github.com/gatewire/gatewire/runtime/rpc"
	"github.com/gatewire/gatewire/runtime/wire"
)

// Validator checks inbound frames against the protocol schema at the
// connection's protocol version (runtime/validate.Versions implements it);
// version 0 is a connection still in its handshake.
type Validator interface {
	// Request validates a frame as a request frame and decodes it.
	Request(version int, frame []byte) (*wire.Request, error)
	// Params validates a request's params against its method's schema.
	Params(version int, method string, params json.RawMessage) error
}

// Handshaker decides whether a connect request opens the connection.
type Handshaker interface {
	// Connect receives a connect request whose params passed schema
	// validation. It returns the hello-ok payload and the peer the
	// connection acts as, or an error: a *Refusal to control the reply
	// and the close, anything else refuses with INVALID_REQUEST and 1008.
	Connect(ctx context.Context, c *Conn, req *wire.Request) (hello any, peer *Peer, err error)
}

// Refusal is a failed handshake: the reply to the connect request (nil
// for none) and the close code and reason that follow it.
type Refusal struct {
	// Reply is the error answering the connect request; nil sends none.
	Reply *wire.Error
	// Code and Reason are the WebSocket close that follows the reply.
	Code   int
	Reason string
}

// Error returns the close reason.
func (r *Refusal) Error() string { return r.Reason }

// Admission is what the server decided about an upgrade request before it
// was accepted.
type Admission struct {
	// ClientIP is the client's address (unmapped), after trusted-proxy
	// resolution; the pre-auth socket budget is counted per ClientIP.
	ClientIP netip.Addr
	// Data is server-specific state carried to the handshake.
	Data any
}

// Rejection refuses an upgrade with a plain HTTP response.
type Rejection struct {
	// Status is the HTTP status code and Body the plain-text body.
	Status int
	Body   string
}

// Config configures a Server. Manifest, Validator, Registry and
// Handshaker are required. The server takes the registry's handlers when
// it is built; register every domain before.
type Config struct {
	Manifest   *rpc.Manifest
	Validator  Validator
	Registry   *rpc.Registry
	Handshaker Handshaker
	// Hub is the set of open connections and the event publisher the
	// server serves; built before the server so that producers can be
	// built with it. Nil makes a new one.
	Hub *Hub

	// Admit inspects an upgrade request before it is accepted (origin
	// checks, client address). Nil admits every request, taking the client
	// address from the socket.
	Admit func(r *http.Request) (Admission, *Rejection)
	// BeforeCall runs after authorization and before the handler of every
	// request; a non-nil error is the reply (rate limits, revoked auth).
	BeforeCall func(ctx context.Context, c *Conn, spec rpc.MethodSpec) error
	// OnOpen runs once a connection has completed its handshake and
	// OnClose once it has gone; both run on the connection's goroutine.
	OnOpen  func(c *Conn)
	OnClose func(c *Conn)

	// Observer receives the engine's measurements (connections,
	// handshakes, requests, events, slow consumers); nil records nothing
	// and costs nothing.
	Observer Observer

	// Policy overrides the manifest's policy field by field (zero fields
	// keep the manifest's values).
	Policy rpc.Policy
	// PingInterval is the WebSocket ping period (default 25 s).
	PingInterval time.Duration
	// MaxInFlight caps concurrent requests per connection (default 256);
	// further frames wait, which pushes back on the client.
	MaxInFlight int
	// Logger receives connection logs (default slog.Default()).
	Logger *slog.Logger
	// Now is the clock (default time.Now).
	Now func() time.Time
}

const (
	defaultPingInterval = 25 * time.Second
	defaultMaxInFlight  = 256
)

// withDefaults fills unset fields.
func (c Config) withDefaults() Config {
	c.Policy = mergePolicy(c.Manifest.Policy, c.Policy)
	if c.PingInterval <= 0 {
		c.PingInterval = defaultPingInterval
	}
	if c.MaxInFlight <= 0 {
		c.MaxInFlight = defaultMaxInFlight
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	return c
}

// mergePolicy returns base with every non-zero field of over applied.
func mergePolicy(base, over rpc.Policy) rpc.Policy {
	pick := func(b, o int64) int64 {
		if o != 0 {
			return o
		}
		return b
	}
	return rpc.Policy{
		MaxPayload:             pick(base.MaxPayload, over.MaxPayload),
		MaxBufferedBytes:       pick(base.MaxBufferedBytes, over.MaxBufferedBytes),
		TickIntervalMs:         pick(base.TickIntervalMs, over.TickIntervalMs),
		PreauthMaxPayload:      pick(base.PreauthMaxPayload, over.PreauthMaxPayload),
		HandshakeTimeoutMs:     pick(base.HandshakeTimeoutMs, over.HandshakeTimeoutMs),
		MaxPreauthSocketsPerIP: pick(base.MaxPreauthSocketsPerIP, over.MaxPreauthSocketsPerIP),
		DedupeTTLMs:            pick(base.DedupeTTLMs, over.DedupeTTLMs),
		DedupeMax:              pick(base.DedupeMax, over.DedupeMax),
	}
}
