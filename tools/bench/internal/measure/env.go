package measure

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/tools/bench/internal/client"
	"github.com/gatewire/gatewire/tools/bench/internal/target"
)

// Env is what every measurement of one target needs.
type Env struct {
	// Launcher starts the target.
	Launcher target.Launcher
	// Scratch is the directory under which each process gets its own
	// directory.
	Scratch string
	// Token is the shared gateway token.
	Token string
	// Sources is the number of loopback source addresses to dial from.
	Sources int
	// Protocol is the protocol version the operator connections offer
	// (0: client.DefaultProtocol).
	Protocol int
	// InstanceID is the client.instanceId all connections share ("" for
	// none, which gives every connection its own presence entry).
	InstanceID string
	// Logf reports progress (nil for silence).
	Logf func(format string, args ...any)
	// Label names the target in progress lines and errors (default: the
	// launcher's name), e.g. "gatewire-v4" for the gateway measured with
	// protocol 4 clients.
	Label string
}

// Name is the target's name in progress lines and errors.
func (e *Env) Name() string {
	if e.Label != "" {
		return e.Label
	}
	return e.Launcher.Name()
}

// readyTimeout bounds how long a target may take to accept its first
// connection.
const readyTimeout = 30 * time.Second

// adminScopes are the scopes the benchmark's connections ask for: the
// backend helper keeps them on loopback with the shared token, so every
// method is callable.
var adminScopes = []string{string(protocol.OperatorScopeAdmin)}

// readScopes are the scopes of the idle connections (presence and tick
// need none beyond being an operator).
var readScopes = []string{string(protocol.OperatorScopeRead)}

func (e *Env) logf(format string, args ...any) {
	if e.Logf != nil {
		e.Logf(format, args...)
	}
}

// dialer returns a Dialer for a running target.
func (e *Env) dialer(p *target.Process, scopes []string) (*client.Dialer, error) {
	return client.NewDialer(client.Config{URL: p.URL(), Token: e.Token, Scopes: scopes, Sources: e.Sources,
		InstanceID: e.InstanceID, Protocol: e.Protocol})
}

// server is a launched target with the time its first connect took and
// the admin-scoped dialer that made it.
type server struct {
	proc         *target.Process
	firstConnect time.Duration
	admin        *client.Dialer
}

// launchAttempts bounds the starts launch makes: the free port a target
// is given can be taken by another program between the probe that found
// it and the target's own bind, and the target then exits at once.
const launchAttempts = 3

// errExitedEarly marks a target that exited before it accepted a
// connection.
var errExitedEarly = errors.New("exited before accepting a connection")

// launch starts the target in a fresh scratch directory and dials it
// until a connection completes its handshake; that connection is closed.
// A target that exits before accepting is started again on another port.
func (e *Env) launch() (*server, error) {
	var err error
	for range launchAttempts {
		var s *server
		if s, err = e.launchOnce(); !errors.Is(err, errExitedEarly) {
			return s, err
		}
	}
	return nil, err
}

// launchOnce is one start of launch.
func (e *Env) launchOnce() (*server, error) {
	dir, err := os.MkdirTemp(e.Scratch, e.Name()+"-")
	if err != nil {
		return nil, fmt.Errorf("creating scratch dir: %w", err)
	}
	p, err := target.Start(e.Launcher, dir)
	if err != nil {
		return nil, err
	}
	d, err := e.dialer(p, adminScopes)
	if err != nil {
		p.Stop(time.Second)
		return nil, err
	}
	c, err := dialUntilAccepted(p, d)
	if err != nil {
		p.Stop(time.Second)
		return nil, err
	}
	took := time.Since(p.Started)
	c.CloseNow()
	return &server{proc: p, firstConnect: took, admin: d}, nil
}

// dialUntilAccepted retries dialing until a handshake succeeds, the
// process exits or readyTimeout passes.
func dialUntilAccepted(p *target.Process, d *client.Dialer) (*client.Conn, error) {
	deadline := time.Now().Add(readyTimeout)
	var last error
	for time.Now().Before(deadline) {
		if err := p.Failure(); err != nil {
			return nil, fmt.Errorf("%w: %w", errExitedEarly, err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		c, err := d.Dial(ctx)
		cancel()
		if err == nil {
			return c, nil
		}
		last = err
		time.Sleep(2 * time.Millisecond)
	}
	return nil, fmt.Errorf("no connection accepted within %v: %w", readyTimeout, last)
}

// stop ends a launched target.
func (s *server) stop() { s.proc.Stop(5 * time.Second) }
