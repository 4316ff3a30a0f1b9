package gateway

import "strings"

// logNotImplemented warns once, at start-up, about the keys of the
// config file that OpenClaw's own config defines but gatewire does not
// implement: they are accepted and have no effect.
func (g *Gateway) logNotImplemented() {
	keys := g.cfg.File().NotImplemented
	if len(keys) == 0 {
		return
	}
	g.log.Warn("not implemented by gatewire: "+strings.Join(keys, ", "), "config", g.cfg.Path())
}
