package wire

import "github.com/gatewire/gatewire/runtime/clip"

// WebSocket close codes the gateway uses (RFC 6455 plus the 4000 range).
const (
	CloseNormal          = 1000 // handshake timeout, non-JSON first frame
	CloseProtocolError   = 1002 // protocol version mismatch
	ClosePolicyViolation = 1008 // invalid frames, auth failures, slow consumers
	CloseMessageTooBig   = 1009 // frame over the current payload limit
	CloseInternalError   = 1011 // unexpected server failure
	CloseServiceRestart  = 1012 // gateway shutdown or restart
	CloseTryAgainLater   = 1013 // gateway starting
	CloseTickTimeout     = 4000 // client side: no frame within two tick intervals
	CloseAuthChanged     = 4001 // credentials or device authorization changed
)

// Close reasons fixed by the protocol.
const (
	ReasonInvalidRequestFrame  = "invalid request frame"
	ReasonFirstMustBeConnect   = "invalid handshake: first request must be connect"
	ReasonProtocolMismatch     = "protocol mismatch"
	ReasonInvalidRole          = "invalid role"
	ReasonRepeatedUnauthorized = "repeated unauthorized calls"
	ReasonSlowConsumer         = "slow consumer"
	ReasonServiceRestart       = "service restart"
	ReasonAuthChanged          = "gateway auth changed"
	ReasonDeviceRemoved        = "device removed"
	ReasonTickTimeout          = "tick timeout"
	ReasonEmptyDefault         = "invalid handshake"
)

// MaxCloseReasonBytes is the longest close reason the gateway sends.
const MaxCloseReasonBytes = 120

// CloseReason truncates reason to MaxCloseReasonBytes of UTF-8 without
// splitting a character. An empty reason becomes ReasonEmptyDefault.
func CloseReason(reason string) string {
	if reason == "" {
		return ReasonEmptyDefault
	}
	return clip.Bytes(reason, MaxCloseReasonBytes)
}
