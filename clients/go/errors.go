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
// (connect failures and pairing refusals).
type ErrorDetails struct {
	Code                    string   `json:"code"`
	Reason                  string   `json:"reason"`
	AuthReason              string   `json:"authReason"`
	CanRetryWithDeviceToken bool     `json:"canRetryWithDeviceToken"`
	RecommendedNextStep     string   `json:"recommendedNextStep"`
	RequestID               string   `json:"requestId"`
	RemediationHint         string   `json:"remediationHint"`
	DeviceID                string   `json:"deviceId"`
	RequestedRole           string   `json:"requestedRole"`
	RequestedScopes         []string `json:"requestedScopes"`
	ExpectedProtocol        int      `json:"expectedProtocol"`
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
)

// Close codes and reasons the client sends.
const (
	reasonChallengeTimeout = "connect challenge timeout"
	reasonChallengeNonce   = "connect challenge missing nonce"
	reasonConnectFailed    = "connect failed"
	reasonGatewayStarting  = "gateway starting"
)
