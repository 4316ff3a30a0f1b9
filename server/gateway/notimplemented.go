package gateway

import (
	"strings"

	"github.com/gatewire/gatewire/server/config"
)

// logNotImplemented warns once, at start-up, about the keys of the
// config file that OpenClaw's own config defines but gatewire does not
// implement (accepted, no effect) and about deprecated keys.
func (g *Gateway) logNotImplemented() {
	for _, d := range config.Deprecations(g.cfg.File().Doc) {
		g.log.Warn(d.Key+": "+d.Message, "config", g.cfg.Path())
	}
	keys := g.cfg.File().NotImplemented
	if len(keys) == 0 {
		return
	}
	g.log.Warn("not implemented by gatewire: "+strings.Join(keys, ", "), "config", g.cfg.Path())
}
