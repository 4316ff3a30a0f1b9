package gatewire

import (
	"context"
	"errors"
	"strings"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/wire"
)

// drain asks the gateway for this node's pending work after a connect
// and hands it to NodeOptions.OnPending. It runs on its own goroutine; a
// gateway without node.pending.drain, or a connection that ended, ends
// it quietly.
func (n *Node) drain(c *Conn) {
	defer n.inflight.Done()
	if n.opts.OnPending == nil {
		return
	}
	ctx, cancel := context.WithTimeout(n.ctx, DefaultRequestTimeout)
	defer cancel()
	res, err := c.API().NodePendingDrain(ctx, &protocol.NodePendingDrainParams{})
	switch {
	case isUnknownMethod(err):
		n.log.Debug("gateway does not serve node.pending.drain")
		return
	case err != nil:
		n.log.Warn("node.pending.drain failed", "err", err)
		return
	}
	n.opts.OnPending(n.ctx, res.Items)
}

// isUnknownMethod reports whether err is the gateway's "unknown method"
// answer.
func isUnknownMethod(err error) bool {
	var we *wire.Error
	return errors.As(err, &we) && strings.HasPrefix(we.Message, "unknown method")
}
