package gateway

import (
	"context"
	"errors"
	"fmt"
	"net"
)

// Serve runs gateways built from s until ctx ends. Whenever the running
// gateway restarts in-process (Restart: SIGUSR1, or a config edit that
// gateway.reload.mode turns into a restart), the next gateway is built
// from scratch in the same process: it reads the config file again,
// opens the state again and listens again, on the configured bind and
// port, or on the address of s.Listener when one was given. started, when
// not nil, is called with each gateway before it serves and with a
// context that ends when that gateway stops. A gateway that cannot start
// after a restart (its port was taken meanwhile) ends Serve with the
// error.
func Serve(ctx context.Context, s Setup, started func(context.Context, *Gateway)) error {
	for restarts := 0; ; restarts++ {
		g, err := New(s)
		if err != nil {
			if restarts > 0 {
				return fmt.Errorf("restarting the gateway: %w", err)
			}
			return err
		}
		runCtx, stopped := context.WithCancel(ctx)
		if started != nil {
			started(runCtx, g)
		}
		err = g.Run(ctx)
		stopped()
		if !errors.Is(err, ErrRestart) {
			return err
		}
		if s, err = nextSetup(s, g); err != nil {
			return fmt.Errorf("restarting the gateway: %w", err)
		}
	}
}

// nextSetup is the setup of the gateway that follows g after a restart:
// the port is no longer forced free, the metrics registry (when metrics
// are on) is kept, and a listener that was handed in is opened again on the
// same address.
func nextSetup(s Setup, g *Gateway) (Setup, error) {
	s.Force = false
	s.Metrics = g.Metrics() // counters carry on across an in-process restart
	if s.Listener == nil {
		return s, nil
	}
	addr := g.listener.Addr()
	ln, err := net.Listen(addr.Network(), addr.String())
	if err != nil {
		return s, err
	}
	s.Listener = ln
	return s, nil
}
