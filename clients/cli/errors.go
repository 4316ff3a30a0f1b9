package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	gatewire "github.com/gatewire/gatewire/clients/go"
	"github.com/gatewire/gatewire/runtime/wire"
)

// refusedError is a connect the gateway refused.
type refusedError struct {
	url           string
	refusal       *gatewire.ConnectError
	tokenFromFile bool
}

func (e *refusedError) Error() string {
	r := e.refusal.Reply
	msg := fmt.Sprintf("gateway at %s refused the connection: %s [%s]", e.url, r.Message, r.Code)
	if hint := e.hint(); hint != "" {
		msg += "\nhint: " + hint
	}
	return msg
}

func (e *refusedError) Unwrap() error { return e.refusal }

// hint suggests what to do about a refusal.
func (e *refusedError) hint() string {
	d := gatewire.Details(e.refusal)
	switch {
	case d.Code == gatewire.DetailPairingRequired && d.RequestID != "":
		return "approve this device on the gateway host with: gatewire devices approve " + d.RequestID
	case d.Code == gatewire.DetailPairingRequired:
		return "approve this device on the gateway host with: gatewire devices approve --latest"
	case strings.HasPrefix(d.Code, "AUTH_TOKEN") && e.tokenFromFile:
		return "the token in the state dir's gateway.token was refused; pass the gateway's token with --token or " + envToken
	case strings.HasPrefix(d.Code, "AUTH_TOKEN"):
		return "pass the gateway's token with --token or " + envToken
	case strings.HasPrefix(d.Code, "AUTH_PASSWORD"):
		return "pass the gateway's password with --password or " + envPassword
	case d.Code == gatewire.DetailAuthDeviceTokenMismatch:
		return "the stored device token was refused and has been forgotten; connect once with the gateway's token"
	case d.ExpectedProtocol != 0:
		return fmt.Sprintf("the gateway speaks protocol %d; this client speaks %d", d.ExpectedProtocol, gatewire.ProtocolVersion)
	case d.RecommendedNextStep != "":
		return "next step: " + d.RecommendedNextStep
	}
	return ""
}

// unreachableError is a gateway that gave no answer to the WebSocket
// upgrade: nothing listening, a network error, or no answer in time.
type unreachableError struct {
	url string
	err error
}

func (e *unreachableError) Error() string {
	msg := fmt.Sprintf("gateway not reachable at %s: %v", e.url, e.err)
	if gatewire.IsLoopbackURL(e.url) {
		msg += "\nhint: is the gateway running? Start it with: gatewire gateway"
	}
	return msg
}

func (e *unreachableError) Unwrap() error { return e.err }

// callError is a method call that failed.
type callError struct {
	method string
	err    error
}

func (e *callError) Error() string {
	var we *wire.Error
	if !errors.As(e.err, &we) {
		return fmt.Sprintf("%s failed: %v", e.method, withoutMethod(e.method, e.err))
	}
	msg := fmt.Sprintf("%s failed: %s [%s]", e.method, we.Message, we.Code)
	if we.Details != nil {
		if raw, err := json.Marshal(we.Details); err == nil {
			msg += "\ndetails: " + string(raw)
		}
	}
	return msg
}

func (e *callError) Unwrap() error { return e.err }

// withoutMethod drops the "<method>: " context the Go client puts on a
// call's error that is not the gateway's reply (a closed connection, a
// timeout): callError already names the method.
func withoutMethod(method string, err error) error {
	if inner := errors.Unwrap(err); inner != nil && err.Error() == method+": "+inner.Error() {
		return inner
	}
	return err
}
