package gateway

import (
	"time"

	"github.com/gatewire/gatewire/server/config"
)

// reloadAction is what an edit of the config file leads to.
type reloadAction int

const (
	reloadNothing reloadAction = iota // the effective configuration is the same
	reloadIgnored                     // gateway.reload.mode is off
	reloadHot                         // applied while the gateway runs
	reloadRestart                     // an in-process restart
)

// planReload decides what a change of the config file leads to under a
// reload mode (the edited file's own gateway.reload.mode, so an edit that
// turns reloading off is not applied). Which keys need a restart comes
// from the schema's x-restart marks (ch.Restart); changes of
// gateway.reload alone apply hot in every mode but off.
func planReload(mode config.ReloadMode, ch config.Change) reloadAction {
	switch {
	case len(ch.Changed) == 0:
		return reloadNothing
	case mode == config.ReloadOff:
		return reloadIgnored
	case ch.OnlyReloadSettings():
		return reloadHot
	case mode == config.ReloadRestart:
		return reloadRestart
	case mode == config.ReloadHot:
		return reloadHot
	case len(ch.Restart) > 0:
		return reloadRestart
	}
	return reloadHot
}

// configFileChanged handles an edit of the config file that has settled:
// it is applied hot, turned into an in-process restart, or ignored, as
// gateway.reload.mode says. An invalid file is reported and the running
// configuration is kept.
func (g *Gateway) configFileChanged() {
	ch, err := g.cfg.Pending()
	if err != nil {
		g.log.Error("config reload skipped: the config file changed on disk but was not applied", "err", err)
		return
	}
	mode := ch.Next.Gateway.Reload.Mode
	switch planReload(mode, ch) {
	case reloadNothing:
	case reloadIgnored:
		g.log.Info("config reload disabled (gateway.reload.mode=off); the edit applies at the next start", "changed", ch.Changed)
	case reloadHot:
		if _, err := g.cfg.Reload(); err != nil {
			g.log.Error("config reload skipped: the config file changed on disk but was not applied", "err", err)
		}
	case reloadRestart:
		g.log.Info("config change needs a restart; restarting the gateway in-process", "mode", mode, "changed", ch.Changed, "restartKeys", ch.Restart)
		_ = g.Restart("config change: " + joinKeys(ch.Changed))
	}
}

// reloadDebounce is how long an edit of the config file must settle
// before it is read (gateway.reload.debounceMs).
func (g *Gateway) reloadDebounce() time.Duration {
	return time.Duration(g.cfg.Effective().Gateway.Reload.DebounceMs) * time.Millisecond
}

// joinKeys lists changed keys for a log line, the first few of them.
func joinKeys(keys []string) string {
	const most = 5
	out := ""
	for i, k := range keys {
		if i == most {
			return out + ", …"
		}
		if i > 0 {
			out += ", "
		}
		out += k
	}
	return out
}
