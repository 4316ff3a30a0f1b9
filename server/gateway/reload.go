package gateway

import (
	"time"

	"github.com/gatewire/gatewire/server/admission"
	"github.com/gatewire/gatewire/server/auth"
	"github.com/gatewire/gatewire/server/config"
)

// applyChange puts a new effective configuration into force: the keys
// that can change while the gateway runs are applied, the others are
// logged as needing a restart.
func (g *Gateway) applyChange(ch config.Change) {
	next := ch.Next
	if ch.Has("logging.level") {
		if err := g.logs.SetLevel(string(next.Logging.Level)); err != nil {
			g.log.Warn("config reload: logging.level", "err", err)
		}
	}
	if ch.Has("gateway.auth") || ch.Has("models.providers") {
		g.logs.Redactor.SetSecrets(g.logSecrets(next)...)
	}
	if err := g.applyAuthSettings(next); err != nil {
		g.log.Error("config reload: authentication settings", "err", err)
	}
	if ch.Has("heartbeat") {
		g.heartbeat.Configure(next.Heartbeat.Enabled, time.Duration(next.Heartbeat.EveryMs)*time.Millisecond)
	}
	if ch.Has("voicewake") && g.engine != nil {
		g.broadcastVoicewake()
	}
	g.log.Info("config applied", "changed", ch.Changed)
	if len(ch.Restart) > 0 {
		g.log.Warn("config keys changed that take effect after a restart", "keys", ch.Restart)
	}
}

// applyAuthSettings hands the shared secret, the failed-auth limits, the
// pairing switches and the upgrade policy to the handshake, which closes
// the connections a changed secret invalidates.
func (g *Gateway) applyAuthSettings(c config.Config) error {
	if g.hs != nil {
		return g.hs.Update(handshakeSettings(c))
	}
	if _, err := g.shared.Update(secretsOf(c)); err != nil {
		return err
	}
	return g.admitter.Update(admissionSettings(c))
}

// secretsOf maps the effective config to the shared-secret settings; only
// the secret of the active mode counts, so changing the other one does
// not invalidate connections.
func secretsOf(c config.Config) auth.Secrets {
	s := auth.Secrets{Mode: auth.Mode(config.AuthMode(c))}
	switch s.Mode {
	case auth.ModeToken:
		s.Token = c.Gateway.Auth.Token
	case auth.ModePassword:
		s.Password = c.Gateway.Auth.Password
	}
	return s
}

// admissionSettings maps the effective config to the upgrade policy.
func admissionSettings(c config.Config) admission.Settings {
	return admission.Settings{
		TrustedProxies: c.Gateway.TrustedProxies,
		AllowedOrigins: c.Gateway.ControlUI.AllowedOrigins,
	}
}
