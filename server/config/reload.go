package config

import (
	"strings"

	genconfig "github.com/gatewire/gatewire/gen/go/config"
)

// ReloadMode is gateway.reload.mode: how edits of the config file apply
// while the gateway runs.
type ReloadMode = genconfig.ReloadMode

// The reload modes.
const (
	ReloadHybrid  = genconfig.ReloadModeHybrid
	ReloadHot     = genconfig.ReloadModeHot
	ReloadRestart = genconfig.ReloadModeRestart
	ReloadOff     = genconfig.ReloadModeOff
)

// reloadKey is the config object whose changes never need a restart,
// whatever the mode (as OpenClaw's gateway.reload).
const reloadKey = "gateway.reload"

// OnlyReloadSettings reports whether every changed key lies under
// gateway.reload.
func (c Change) OnlyReloadSettings() bool {
	for _, k := range c.Changed {
		if k != reloadKey && !strings.HasPrefix(k, reloadKey+".") {
			return false
		}
	}
	return len(c.Changed) > 0
}
