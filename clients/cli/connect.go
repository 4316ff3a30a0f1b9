package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"slices"

	gatewire "github.com/gatewire/gatewire/clients/go"
	"github.com/gatewire/gatewire/gen/go/protocol"
)

// access says how a command connects.
type access struct {
	// scopes are the least-privilege scopes of the command's method(s).
	scopes []string
}

// dial connects for a command (see optionsFor for how).
func dial(ctx context.Context, s *settings, acc access, stderr io.Writer) (*gatewire.Conn, error) {
	opts, err := optionsFor(s, acc, stderr)
	if err != nil {
		return nil, err
	}
	return dialWith(ctx, s, opts)
}

// dialWith connects with opts, explaining a failure for people.
func dialWith(ctx context.Context, s *settings, opts gatewire.Options) (*gatewire.Conn, error) {
	conn, err := gatewire.Dial(ctx, s.url, opts)
	if err != nil {
		return nil, explainDialError(s, err)
	}
	return conn, nil
}

// optionsFor returns the dial options of a command. On the gateway's own
// host with its shared secret, the command connects as the local backend
// helper (gateway-client/backend, no device identity), which keeps the
// scopes it asks for, as the reference CLI does for health and gateway
// status: a local operator who holds the secret is never stopped by a
// device pairing. Anywhere else it connects as the "cli" client with its
// own device identity and device tokens (the identity dir, never the
// gateway's), as it also does with --device-identity.
func optionsFor(s *settings, acc access, stderr io.Writer) (gatewire.Options, error) {
	if s.loopback && s.hasSecret() && !s.asDevice {
		return backendOptions(s, acc, stderr), nil
	}
	device, err := gatewire.OpenDevice(s.identityDir)
	if err != nil {
		return gatewire.Options{}, err
	}
	return gatewire.Options{
		Client: gatewire.ClientInfo{ID: gatewire.ClientIDCLI, Mode: gatewire.ClientModeCLI, Version: s.clientVersion},
		Scopes: acc.scopes, Auth: s.auth(), Device: device, Logger: warnLogger(stderr),
		MinProtocol: s.protocol, MaxProtocol: s.protocol, TLSFingerprint: s.tlsFingerprint,
	}, nil
}

// cliCap declares, in connect.caps, that a backend-mode connection is
// the CLI: client.mode must stay "backend" for the local helper to keep
// its scopes (v3 clears them for mode "cli" without a device), and
// gatewire leaves connections that declare the CLI mode, in either
// place, out of presence.
var cliCap = string(protocol.ClientModeCli)

// backendOptions connect as the local backend helper with the shared
// secret, without a device identity.
func backendOptions(s *settings, acc access, stderr io.Writer) gatewire.Options {
	return gatewire.Options{
		Client: gatewire.ClientInfo{ID: gatewire.ClientIDGatewayClient, Mode: gatewire.ClientModeBackend, Version: s.clientVersion},
		Scopes: acc.scopes, Auth: s.auth(), Logger: warnLogger(stderr), Caps: []string{cliCap},
		MinProtocol: s.protocol, MaxProtocol: s.protocol, TLSFingerprint: s.tlsFingerprint,
	}
}

// auth returns the shared credentials to send.
func (s *settings) auth() gatewire.Auth { return gatewire.Auth{Token: s.token, Password: s.password} }

// warnLogger logs the client's warnings (e.g. a token cache it could not
// write) to stderr.
func warnLogger(w io.Writer) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelWarn}))
}

// mergeScopes returns base followed by the scopes of extra it does not
// already hold.
func mergeScopes(base []string, extra ...string) []string {
	out := slices.Clone(base)
	for _, s := range extra {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// explainDialError turns a failed connect into an error for people: a
// gateway that is not there, a refusal with its code and a hint, a
// handshake that went wrong or ran out of time.
func explainDialError(s *settings, err error) error {
	var ce *gatewire.ConnectError
	if errors.As(err, &ce) {
		return &refusedError{url: s.shownURL(), refusal: ce, settings: s}
	}
	if tlsErr := explainTLSError(s, err); tlsErr != nil {
		return tlsErr
	}
	var ue *gatewire.UpgradeError
	switch {
	case errors.As(err, &ue) && ue.StatusCode == 0:
		return &unreachableError{url: s.shownURL(), err: err, dev: s.dev, profile: s.profile}
	case ue != nil:
		return err // the gateway's HTTP answer, with the URL
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("gateway at %s did not complete the handshake within %s: %w", s.shownURL(), s.timeout, err)
	}
	return fmt.Errorf("gateway at %s: %w", s.shownURL(), err)
}
