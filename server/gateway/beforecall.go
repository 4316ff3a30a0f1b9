package gateway

import (
	"context"
	"math"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/engine"
	"github.com/gatewire/gatewire/runtime/rpc"
	"github.com/gatewire/gatewire/runtime/wire"
	"github.com/gatewire/gatewire/server/session"
)

// rateLimited are the methods under the config write budget.
var rateLimited = map[string]bool{
	protocol.MethodConfigApply: true,
	protocol.MethodConfigPatch: true,
}

// beforeCall runs after authorization and before every handler: a
// connection that authenticated with a shared secret that has since
// changed is closed with 4001 "gateway auth changed", and config.apply
// and config.patch are rate-limited.
func (g *Gateway) beforeCall(_ context.Context, c *engine.Conn, spec rpc.MethodSpec) error {
	s := g.sessions.Of(c.ID())
	if s == nil {
		return nil
	}
	if s.SecretStale(g.shared.Generation()) {
		c.Close(wire.CloseAuthChanged, wire.ReasonAuthChanged)
		return wire.InvalidRequest("%s", wire.ReasonAuthChanged)
	}
	if rateLimited[spec.Name] {
		return g.takeConfigWrite(spec.Name, s)
	}
	return nil
}

// takeConfigWrite spends one call of the config write budget of the
// session's device (or client address).
func (g *Gateway) takeConfigWrite(method string, s *session.Session) error {
	key := "ip:" + s.ClientIP.String()
	if s.DeviceID != "" {
		key = "device:" + s.DeviceID
	}
	ok, wait := g.limiter.take(key)
	if ok {
		return nil
	}
	secs := int64(math.Ceil(wait.Seconds()))
	return wire.Unavailable("rate limit exceeded for %s; retry after %ds", method, secs).
		WithRetry(wait.Milliseconds()).
		WithDetails(map[string]string{"method": method, "limit": configWriteLabel})
}
