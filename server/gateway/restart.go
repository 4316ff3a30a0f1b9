package gateway

import (
	"errors"
	"time"

	"github.com/gatewire/gatewire/server/config"
)

// ErrRestart is what Run returns after it shut the gateway down for an
// in-process restart (Restart); Serve then starts the next gateway.
var ErrRestart = errors.New("gateway restarting")

// Restart timing and wording, as OpenClaw's gateway sends them.
const (
	// RestartExpected is how soon a restarting gateway tells its clients
	// it will be back: the shutdown event's restartExpectedMs.
	RestartExpected = 1500 * time.Millisecond
	// restartReason is the shutdown event's reason on a restart.
	restartReason = "gateway restarting"
)

// Restart asks Run to restart the gateway in-process: every connection
// gets the shutdown event with restartExpectedMs and a 1012 close, Run
// returns ErrRestart, and Serve starts a new gateway from the config file
// on the same port. why says what asked (for the log). When the config
// file on disk would not start a gateway, nothing happens and the error
// says why: a running gateway is never traded for a broken one.
func (g *Gateway) Restart(why string) error {
	if err := g.checkStartable(); err != nil {
		g.log.Error("restart refused: the config file would not start a gateway; the gateway keeps running", "why", why, "err", err)
		return err
	}
	select {
	case g.restartReq <- why:
	default: // a restart is already pending
	}
	return nil
}

// checkStartable loads the config file the next gateway would start from
// and computes its effective configuration (refusing an exposed bind
// without a credential), as New does.
func (g *Gateway) checkStartable() error {
	file, err := config.Load(g.setup.ConfigPath, g.setup.ConfigExplicit)
	if err != nil {
		return err
	}
	// The token only matters as "some token": the next gateway reads or
	// generates the real one from the state directory.
	placeholder := func() (string, error) { return "restart-check", nil }
	_, err = config.NewManager(file, g.setup.Overrides, placeholder)
	return err
}
