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

// tokenHint and passwordHint tell each kind of client how to fix its
// credentials.
func (k ClientKind) tokenHint() string {
	switch k {
	case ClientCLI:
		return "set gateway.remote.token to match gateway.auth.token"
	case ClientControlUI:
		return "open the dashboard URL and paste the token in Control UI settings"
	}
	return "provide gateway auth token"
}

func (k ClientKind) passwordHint() string {
	switch k {
	case ClientCLI:
		return "set gateway.remote.password to match gateway.auth.password"
	case ClientControlUI:
		return "enter the password in Control UI settings"
	}
	return "provide gateway auth password"
}

// message returns the failure text the reply and the close reason carry.
func (f Failure) message() string {
	th, ph := f.Client.tokenHint(), f.Client.passwordHint()
	switch f.Reason {
	case protocol.AuthFailureReasonTokenMissing:
		return "unauthorized: gateway token missing (" + th + ")"
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
		return "unauthorized: bootstrap token invalid or expired (scan a fresh setup code)"
	case protocol.AuthFailureReasonRateLimited:
		return "unauthorized: too many failed authentication attempts (retry later)"
	case protocol.AuthFailureReasonDeviceTokenMismatch:
		return "unauthorized: device token mismatch (rotate/reissue device token)"
	}
	return f.fallbackMessage(th, ph)
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
		return "unauthorized: bootstrap token invalid or expired (scan a fresh setup code)"
	case f.Mode == ModePassword && sent == "none":
		return "unauthorized: gateway password missing (" + ph + ")"
	}
	return "unauthorized"
}
