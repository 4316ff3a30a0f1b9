package gatewire

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/gatewire/gatewire/runtime/wire"
)

// ClosedError reports that a connection ended. Calls in flight and calls
// made afterwards fail with it.
type ClosedError struct {
	// Code and Reason are the WebSocket close status; Code is 0 when the
	// socket ended without a close frame.
	Code   int
	Reason string
	// ByClient is true when this side closed the connection (Close, the
	// tick watchdog, a failed handshake).
	ByClient bool
	// Err is the transport error behind an abrupt end, if any.
	Err error
}

// Error describes the close.
func (e *ClosedError) Error() string {
	who := "gateway"
	if e.ByClient {
		who = "client"
	}
	switch {
	case e.Code != 0 && e.Reason != "":
		return fmt.Sprintf("connection closed by %s: %d %s", who, e.Code, e.Reason)
	case e.Code != 0:
		return fmt.Sprintf("connection closed by %s: %d", who, e.Code)
	case e.Err != nil:
		return "connection lost: " + e.Err.Error()
	}
	return "connection closed"
}

// Unwrap returns the transport error.
func (e *ClosedError) Unwrap() error { return e.Err }

// UpgradeError is a WebSocket upgrade that failed: the gateway could not
// be reached, or it answered the upgrade request with an HTTP error (e.g.
// 503 for too many unauthenticated sockets, 403 for a refused Origin).
type UpgradeError struct {
	// URL is the gateway URL, any password in it redacted.
	URL string
	// StatusCode is the gateway's HTTP status; 0 when no HTTP answer came
	// (nothing listening, a network error, the context ended).
	StatusCode int
	// Body is the start of the gateway's answer, when it gave one.
	Body string
	// Err is the error the upgrade failed with.
	Err error
}

// Error describes the failure, with the gateway's answer when it gave one.
func (e *UpgradeError) Error() string {
	switch {
	case e.StatusCode != 0 && e.Body != "":
		return fmt.Sprintf("connecting to %s: gateway answered HTTP %d: %s", e.URL, e.StatusCode, e.Body)
	case e.StatusCode != 0:
		return fmt.Sprintf("connecting to %s: gateway answered HTTP %d", e.URL, e.StatusCode)
	}
	return fmt.Sprintf("connecting to %s: %v", e.URL, e.Err)
}

// Unwrap returns the error the upgrade failed with.
func (e *UpgradeError) Unwrap() error { return e.Err }

// ConnectError is a handshake the gateway refused: its reply to connect
// and the close that followed.
type ConnectError struct {
	// Reply is the error the gateway answered connect with.
	Reply *wire.Error
	// Close is how the socket ended (nil when the client closed it first).
	Close *ClosedError
}

// Error returns the gateway's message.
func (e *ConnectError) Error() string { return "connect refused: " + e.Reply.Message }

// Unwrap returns the gateway's reply, so errors.As finds the *wire.Error.
func (e *ConnectError) Unwrap() error { return e.Reply }

// ErrorDetails are the well-known fields of a protocol error's details
// (connect failures and pairing refusals); a field the details lack is
// zero.
type ErrorDetails struct {
	// Code is details.code, e.g. AUTH_TOKEN_MISMATCH or PAIRING_REQUIRED.
	Code string `json:"code"`
	// Reason is the machine-readable reason of a device proof or pairing
	// failure, e.g. "scope-upgrade".
	Reason string `json:"reason"`
	// AuthReason is the reason of a shared-secret failure, e.g.
	// "token_mismatch".
	AuthReason string `json:"authReason"`
	// CanRetryWithDeviceToken and RecommendedNextStep are the gateway's
	// advice after an auth failure.
	CanRetryWithDeviceToken bool   `json:"canRetryWithDeviceToken"`
	RecommendedNextStep     string `json:"recommendedNextStep"`
	// RequestID names the pending pairing request to approve.
	RequestID string `json:"requestId"`
	// RemediationHint is the gateway's advice on a pairing refusal.
	RemediationHint string `json:"remediationHint"`
	// DeviceID, RequestedRole and RequestedScopes describe what the
	// refused device asked for.
	DeviceID        string   `json:"deviceId"`
	RequestedRole   string   `json:"requestedRole"`
	RequestedScopes []string `json:"requestedScopes"`
	// ExpectedProtocol is the gateway's protocol after a mismatch; a
	// protocol 4 gateway adds the range the client offered and the lowest
	// version it still admits for probes.
	ExpectedProtocol     int `json:"expectedProtocol"`
	ClientMinProtocol    int `json:"clientMinProtocol"`
	ClientMaxProtocol    int `json:"clientMaxProtocol"`
	MinimumProbeProtocol int `json:"minimumProbeProtocol"`
	// MissingScope and RequiredScopes explain a protocol 4 FORBIDDEN
	// reply (details.code MISSING_SCOPE): the scope the call lacked and
	// the scopes it requires.
	MissingScope   string   `json:"missingScope"`
	RequiredScopes []string `json:"requiredScopes"`
}

// Details decodes the details of the *wire.Error in err's chain; the zero
// value when there is none or it is not an object.
func Details(err error) ErrorDetails {
	var we *wire.Error
	var d ErrorDetails
	if !errors.As(err, &we) || we.Details == nil {
		return d
	}
	raw, jerr := json.Marshal(we.Details)
	if jerr == nil {
		_ = json.Unmarshal(raw, &d) // a details value of another shape decodes as zero
	}
	return d
}

// Connect failure details codes the client acts on.
const (
	DetailAuthTokenMismatch       = "AUTH_TOKEN_MISMATCH"
	DetailAuthDeviceTokenMismatch = "AUTH_DEVICE_TOKEN_MISMATCH"
	DetailPairingRequired         = "PAIRING_REQUIRED"
	// DetailProtocolMismatch is a protocol 4 gateway's code for a connect
	// whose protocol range it does not admit (a protocol 3 gateway sends
	// only expectedProtocol).
	DetailProtocolMismatch = "PROTOCOL_MISMATCH"
	// DetailMissingScope is a protocol 4 gateway's code for a call the
	// connection's scopes do not allow (error code FORBIDDEN).
	DetailMissingScope = "MISSING_SCOPE"
)

// Close codes and reasons the client sends.
const (
	reasonChallengeTimeout = "connect challenge timeout"
	reasonChallengeNonce   = "connect challenge missing nonce"
	reasonConnectFailed    = "connect failed"
	reasonConnectRetry     = "connect retry"
	reasonGatewayStarting  = "gateway starting"
)
