package gateway

import (
	"testing"

	"github.com/gatewire/gatewire/server/config"
)

// planReload follows the table of PROTOCOL.md "Restart and reload".
func TestPlanReloadPerMode(t *testing.T) {
	hot := config.Change{Changed: []string{"voicewake.triggers"}}
	restart := config.Change{Changed: []string{"gateway.port", "voicewake.triggers"}, Restart: []string{"gateway.port"}}
	settings := config.Change{Changed: []string{"gateway.reload.debounceMs"}}
	for _, c := range []struct {
		mode config.ReloadMode
		ch   config.Change
		want reloadAction
	}{
		{config.ReloadHybrid, config.Change{}, reloadNothing},
		{config.ReloadHybrid, hot, reloadHot},
		{config.ReloadHybrid, restart, reloadRestart},
		{config.ReloadHybrid, settings, reloadHot},
		{config.ReloadHot, hot, reloadHot},
		{config.ReloadHot, restart, reloadHot},
		{config.ReloadRestart, hot, reloadRestart},
		{config.ReloadRestart, restart, reloadRestart},
		{config.ReloadRestart, settings, reloadHot},
		{config.ReloadOff, hot, reloadIgnored},
		{config.ReloadOff, restart, reloadIgnored},
		{config.ReloadOff, settings, reloadIgnored},
		{config.ReloadOff, config.Change{}, reloadNothing},
	} {
		if got := planReload(c.mode, c.ch); got != c.want {
			t.Errorf("%s %v: %d, want %d", c.mode, c.ch.Changed, got, c.want)
		}
	}
}
