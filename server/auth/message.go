package auth

import "github.com/gatewire/gatewire/gen/go/protocol"

// ClientKind groups connecting programs by the hint their auth failures
// carry.
type ClientKind int

// Client kinds.
const (
	ClientOther     ClientKind = iota
	ClientCLI                  // client.mode "cli"
	ClientControlUI            // the Control UI and web chat (browsers)
)

// KindOf classifies a client by its connect.client id and mode. The TUI
// is not a browser: it gets the hint of other clients.
func KindOf(id protocol.ClientId, mode protocol.ClientMode) ClientKind {
	switch {
	case mode == protocol.ClientModeCli:
		return ClientCLI
	case id == protocol.ClientIdOpenclawControlUI, mode == protocol.ClientModeWebchat, id == protocol.ClientIdWebchatUI:
		return ClientControlUI
	}
	return ClientOther
}

// Hint texts of auth failures (v4 adds the local CLI's and the Control
// UI's missing-token hints).
const (
	hintUIToken          = "open the dashboard URL and paste the token in Control UI settings"
	hintUIMissingTokenV4 = "paste in Control UI settings or openclaw doctor --generate-gateway-token; restart"
	hintCLITokenLocalV4  = "use this gateway's gateway.auth.token or pair the device"
	hintCLIPasswordLocal = "use this gateway's gateway.auth.password"
	msgSetupCodeRejected = "unauthorized: setup code invalid, expired, revoked, or already used (create a new code; review `openclaw devices list`)"
)

// tokenHint and passwordHint tell each kind of client how to fix its
// credentials; on v4 a CLI on this host is told to use this gateway's
// secret.
func (f Failure) tokenHint() string {
	switch f.Client {
	case ClientCLI:
		if f.v4Local() {
			return hintCLITokenLocalV4
		}
		return "set gateway.remote.token to match gateway.auth.token"
	case ClientControlUI:
		return hintUIToken
	}
	return "provide gateway auth token"
}

func (f Failure) passwordHint() string {
	switch f.Client {
	case ClientCLI:
		if f.v4Local() {
			return hintCLIPasswordLocal
		}
		return "set gateway.remote.password to match gateway.auth.password"
	case ClientControlUI:
		return "enter the password in Control UI settings"
	}
	return "provide gateway auth password"
}

// missingTokenHint is the hint of token_missing: v4 tells the Control UI
// how to get a token.
func (f Failure) missingTokenHint() string {
	if f.Protocol >= 4 && f.Client == ClientControlUI {
		return hintUIMissingTokenV4
	}
	return f.tokenHint()
}

// v4Local reports a v4 connection from this host.
func (f Failure) v4Local() bool { return f.Protocol >= 4 && f.Local }

// message returns the failure text the reply and the close reason carry.
func (f Failure) message() string {
	th, ph := f.tokenHint(), f.passwordHint()
	switch f.Reason {
	case protocol.AuthFailureReasonTokenMissing:
		return "unauthorized: gateway token missing (" + f.missingTokenHint() + ")"
	case protocol.AuthFailureReasonTokenMismatch:
		return "unauthorized: gateway token mismatch (" + th + ")"
	case protocol.AuthFailureReasonTokenMissingConfig:
		return "unauthorized: gateway token not configured on gateway (set gateway.auth.token)"
	case protocol.AuthFailureReasonPasswordMissing:
		return "unauthorized: gateway password missing (" + ph + ")"
	case protocol.AuthFailureReasonPasswordMismatch:
		return "unauthorized: gateway password mismatch (" + ph + ")"
	case protocol.AuthFailureReasonPasswordMissingConfig:
		return "unauthorized: gateway password not configured on gateway (set gateway.auth.password)"
	case protocol.AuthFailureReasonBootstrapTokenInvalid:
		return f.bootstrapRejected()
	case protocol.AuthFailureReasonRateLimited:
		return "unauthorized: too many failed authentication attempts (retry later)"
	case protocol.AuthFailureReasonDeviceTokenMismatch:
		return "unauthorized: device token mismatch (rotate/reissue device token)"
	case protocol.AuthFailureReasonScopeMismatch:
		return "unauthorized: device token scope mismatch (re-pair or approve scope upgrade)"
	}
	return f.fallbackMessage(th, ph)
}

// bootstrapRejected is the text of a refused setup-code token.
func (f Failure) bootstrapRejected() string {
	if f.Protocol >= 4 {
		return msgSetupCodeRejected
	}
	return "unauthorized: bootstrap token invalid or expired (scan a fresh setup code)"
}

// fallbackMessage covers a failure without a specific reason.
func (f Failure) fallbackMessage(th, ph string) string {
	sent := f.Sent.provided()
	switch {
	case f.Mode == ModeToken && sent == "none":
		return "unauthorized: gateway token missing (" + th + ")"
	case f.Mode == ModeToken && sent == "device-token":
		return "unauthorized: device token rejected (pair/repair this device, or provide gateway token)"
	case sent == "bootstrap-token":
		return f.bootstrapRejected()
	case f.Mode == ModePassword && sent == "none":
		return "unauthorized: gateway password missing (" + ph + ")"
	}
	return "unauthorized"
}
