package gatewire

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/coder/websocket"
)

// Dial connects to the gateway at rawURL (ws:// or wss://) and completes
// the handshake: it waits for connect.challenge, sends connect and returns
// once the gateway answered hello-ok. ctx bounds the whole handshake, not
// the connection it returns.
//
// Connect offers protocols 3..4 unless Options narrow the range; the
// gateway picks the version (Conn.Protocol). When a gateway refuses the
// range as a protocol mismatch naming a version the client speaks (an
// OpenClaw 2026.5 gateway refuses 4..4 with expectedProtocol 3), Dial
// closes that socket with 1008 "connect retry" and reconnects once
// offering exactly that version.
//
// A refused connect is returned as a *ConnectError (errors.As finds the
// gateway's *wire.Error in it). When a shared token was refused with
// AUTH_TOKEN_MISMATCH and the device has a stored device token, Dial
// retries once with that token as well, if the endpoint is trusted with
// it (loopback, or wss:// with a pinned certificate).
//
// When the gateway grants fewer scopes than were asked for, Dial closes
// the connection and returns a *ScopesError, unless
// Options.AllowFewerScopes is set (see Conn.Scopes).
func Dial(ctx context.Context, rawURL string, opts Options) (*Conn, error) {
	d, err := newDialer(rawURL, opts)
	if err != nil {
		return nil, err
	}
	return d.dial(ctx)
}

// dialer is what every dial to one gateway shares: the parsed URL, the
// options with their defaults filled and the upgrade options. A Client
// makes one and redials with it.
type dialer struct {
	url       *url.URL
	opts      Options
	ws        *websocket.DialOptions
	protocols protocolRange // the range connect offers first
}

// newDialer checks rawURL and opts once: settings that can never work (a
// URL that cannot be parsed, a malformed TLS fingerprint, a protocol
// range the client does not speak) are errors.
func newDialer(rawURL string, opts Options) (*dialer, error) {
	u, err := parseGatewayURL(rawURL)
	if err != nil {
		return nil, err
	}
	o := opts.withDefaults()
	r, err := offeredRange(&o)
	if err != nil {
		return nil, err
	}
	ws, err := websocketOptions(u, &o)
	if err != nil {
		return nil, err
	}
	return &dialer{url: u, opts: o, ws: ws, protocols: r}, nil
}

// dial opens a connection and runs the handshake, reconnecting once with
// the version a protocol mismatch names (see protocolFallback).
func (d *dialer) dial(ctx context.Context) (*Conn, error) {
	c, err := d.dialRange(ctx, d.protocols)
	if next, ok := protocolFallback(err, d.protocols); ok {
		d.opts.Logger.Debug("reconnecting with the gateway's protocol version", "offered", d.protocols.String(), "next", next.String())
		c, err = d.dialRange(ctx, next)
	}
	return c, err
}

// dialRange opens a connection offering r, retrying once with the stored
// device token after a shared-token mismatch (see Dial).
func (d *dialer) dialRange(ctx context.Context, r protocolRange) (*Conn, error) {
	c, err := d.attempt(ctx, r, false)
	if err != nil && shouldRetryWithStoredToken(err, d.url, &d.opts) {
		d.opts.Logger.Debug("retrying once with the stored device token")
		c, err = d.attempt(ctx, r, true)
	}
	return c, err
}

// websocketOptions returns the upgrade options of o.
func websocketOptions(u *url.URL, o *Options) (*websocket.DialOptions, error) {
	d := &websocket.DialOptions{
		HTTPClient:      o.HTTPClient,
		HTTPHeader:      o.HTTPHeader.Clone(),
		CompressionMode: websocket.CompressionDisabled,
	}
	if o.TLSFingerprint != "" {
		if u.Scheme != "wss" {
			return nil, errFingerprintNeedsTLS
		}
		client, err := pinnedHTTPClient(o.HTTPClient, o.TLSFingerprint)
		if err != nil {
			return nil, err
		}
		d.HTTPClient = client
	}
	return d, nil
}

// attempt opens one socket and runs the handshake on it, offering r.
func (d *dialer) attempt(ctx context.Context, r protocolRange, retry bool) (*Conn, error) {
	o := &d.opts
	stored, haveStored := o.Device.storedToken(o.Role, o.Logger)
	creds := planCredentials(o, stored, haveStored, retry)
	ws, resp, err := websocket.Dial(ctx, d.url.String(), d.ws)
	if err != nil {
		return nil, upgradeError(d.url, resp, err)
	}
	c := newConn(ws, *o)
	if err := c.handshake(ctx, r, creds); err != nil {
		return nil, err
	}
	if err := c.checkScopes(creds.scopes); err != nil {
		return nil, err
	}
	return c, nil
}

// upgradeError explains a failed upgrade, with the gateway's HTTP status
// and the start of its body when it answered one.
func upgradeError(u *url.URL, resp *http.Response, err error) *UpgradeError {
	e := &UpgradeError{URL: u.Redacted(), Err: err}
	if resp != nil && resp.StatusCode != http.StatusSwitchingProtocols {
		e.StatusCode = resp.StatusCode
		if resp.Body != nil {
			b, _ := io.ReadAll(io.LimitReader(resp.Body, maxUpgradeBody))
			e.Body = strings.TrimSpace(string(b))
		}
	}
	return e
}

// maxUpgradeBody is how much of a refused upgrade's body is kept.
const maxUpgradeBody = 512

// shouldRetryWithStoredToken decides the one retry after a shared-token
// mismatch: the gateway must have refused the shared token (and nothing
// else), no device token was given explicitly, one is stored, and the
// endpoint is trusted with it.
func shouldRetryWithStoredToken(err error, u *url.URL, o *Options) bool {
	var ce *ConnectError
	if !errors.As(err, &ce) || o.Auth.Token == "" || o.Auth.DeviceToken != "" {
		return false
	}
	d := Details(ce)
	mismatch := d.Code == DetailAuthTokenMismatch || d.CanRetryWithDeviceToken || d.RecommendedNextStep == "retry_with_device_token"
	if !mismatch || !trustedForDeviceTokenRetry(u, o) {
		return false
	}
	_, haveStored := o.Device.storedToken(o.Role, o.Logger)
	return haveStored
}
