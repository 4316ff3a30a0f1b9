package gatewire

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/coder/websocket"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/rpc"
	"github.com/gatewire/gatewire/runtime/wire"
)

// Handshake failures detected by the client.
var (
	// ErrChallengeTimeout: no connect.challenge arrived in time; the
	// client closed 1008 "connect challenge timeout".
	ErrChallengeTimeout = errors.New("gateway sent no connect challenge")
	// ErrChallengeNonce: the challenge carried no nonce; the client closed
	// 1008 "connect challenge missing nonce".
	ErrChallengeNonce = errors.New("gateway's connect challenge has no nonce")
)

// handshake waits for the challenge, sends connect offering the protocol
// range r and reads hello-ok. On failure the connection is closed (and
// gone) when it returns.
func (c *Conn) handshake(ctx context.Context, r protocolRange, creds credentials) error {
	nonce, err := c.awaitChallenge(ctx)
	if err != nil {
		return err
	}
	var hello protocol.HelloOk
	cctx, cancel := c.connectContext(ctx)
	defer cancel()
	if err := c.call(cctx, protocol.MethodConnect, buildConnect(&c.opts, r, creds, nonce), &hello, rpc.CallOptions{}); err != nil {
		return c.refused(ctx, err, r, creds)
	}
	v, err := negotiated(r, hello.Protocol)
	if err != nil {
		c.closeAndWait(ctx, wire.CloseProtocolError, wire.ReasonProtocolMismatch)
		return err
	}
	c.hello, c.protocol = &hello, v
	c.keepDeviceToken(&hello)
	c.startWatchdog(tickInterval(hello.Policy))
	return nil
}

// connectContext bounds the wait for hello-ok by the request timeout when
// ctx has no deadline of its own.
func (c *Conn) connectContext(ctx context.Context) (context.Context, context.CancelFunc) {
	if _, has := ctx.Deadline(); has || c.opts.RequestTimeout <= 0 {
		return ctx, func() {}
	}
	return context.WithTimeout(ctx, c.opts.RequestTimeout)
}

// awaitChallenge returns the nonce of the gateway's connect.challenge.
func (c *Conn) awaitChallenge(ctx context.Context) (string, error) {
	timer := time.NewTimer(c.opts.ChallengeTimeout)
	defer timer.Stop()
	select {
	case nonce := <-c.challenge:
		if strings.TrimSpace(nonce) == "" {
			c.closeAndWait(ctx, wire.ClosePolicyViolation, reasonChallengeNonce)
			return "", ErrChallengeNonce
		}
		return nonce, nil
	case <-timer.C:
		c.closeAndWait(ctx, wire.ClosePolicyViolation, reasonChallengeTimeout)
		return "", fmt.Errorf("%w within %s", ErrChallengeTimeout, c.opts.ChallengeTimeout)
	case <-c.done:
		return "", fmt.Errorf("waiting for the connect challenge: %w", c.err)
	case <-ctx.Done():
		c.abort(ctx.Err())
		<-c.done
		return "", ctx.Err()
	}
}

// refused handles a failed connect call offering r: the gateway's refusal
// becomes a *ConnectError (a stored device token it rejected is
// forgotten), anything else is returned as it is. The connection is gone
// when it returns.
func (c *Conn) refused(ctx context.Context, err error, r protocolRange, creds credentials) error {
	var we *wire.Error
	if !errors.As(err, &we) {
		c.abort(err)
		<-c.done
		if errors.Is(err, context.DeadlineExceeded) {
			return fmt.Errorf("waiting for hello-ok: %w", err)
		}
		return err
	}
	if Details(we).Code == DetailAuthDeviceTokenMismatch && creds.storedToken != "" {
		c.forgetDeviceToken()
	}
	refusal := &ConnectError{Reply: we}
	code, reason := wire.ClosePolicyViolation, reasonConnectFailed
	switch _, retry := protocolFallback(refusal, r); {
	case retry:
		reason = reasonConnectRetry
	case we.Code == wire.CodeUnavailable && we.Retryable != nil && *we.Retryable:
		code, reason = wire.CloseTryAgainLater, reasonGatewayStarting
	}
	c.closeAndWait(ctx, code, reason)
	if !c.err.ByClient {
		refusal.Close = c.err
	}
	return refusal
}

// closeAndWait closes with code and reason and waits until the connection
// is gone, dropping it when ctx ends first.
func (c *Conn) closeAndWait(ctx context.Context, code int, reason string) {
	c.closeWith(websocket.StatusCode(code), reason)
	select {
	case <-c.done:
	case <-ctx.Done():
		c.cancel() // stops the reader, which cuts the close handshake short
		<-c.done
	}
}

// keepDeviceToken stores the device token hello-ok issued. A failure to
// write the cache is logged: the connection itself is fine.
func (c *Conn) keepDeviceToken(h *protocol.HelloOk) {
	d := c.opts.Device
	if d == nil || d.Tokens == nil || d.Identity == nil || h.Auth.DeviceToken == nil || *h.Auth.DeviceToken == "" {
		return
	}
	role := h.Auth.Role
	if role == "" {
		role = c.opts.Role
	}
	scopes := h.Auth.Scopes
	if scopes == nil {
		scopes = []string{}
	}
	t := StoredToken{Token: *h.Auth.DeviceToken, Role: role, Scopes: scopes, UpdatedAtMs: c.opts.Now().UnixMilli()}
	if err := d.Tokens.Put(d.ID(), t); err != nil {
		c.log.Warn("could not keep the device token", "err", err)
	}
}

// forgetDeviceToken drops the stored token the gateway rejected.
func (c *Conn) forgetDeviceToken() {
	d := c.opts.Device
	if err := d.Tokens.Remove(d.ID(), c.opts.Role); err != nil {
		c.log.Warn("could not forget the rejected device token", "err", err)
	}
}
