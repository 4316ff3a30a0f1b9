package cli

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	gatewire "github.com/gatewire/gatewire/clients/go"
	"github.com/gatewire/gatewire/internal/service"
	"github.com/gatewire/gatewire/runtime/wire"
)

// refusedError is a connect the gateway refused.
type refusedError struct {
	url      string
	refusal  *gatewire.ConnectError
	settings *settings
}

// Error names the refusal by its detailed code (AUTH_TOKEN_MISMATCH, …)
// when the gateway gave one, then the gateway's next step and a hint in
// gatewire's terms.
func (e *refusedError) Error() string {
	r := e.refusal.Reply
	d := gatewire.Details(e.refusal)
	msg := fmt.Sprintf("gateway at %s refused the connection: %s [%s]", e.url, escapeText(r.Message), cmp.Or(d.Code, r.Code))
	if d.RecommendedNextStep != "" {
		msg += "\nnext step (from the gateway): " + escapeText(d.RecommendedNextStep)
	}
	if hint := e.hint(d); hint != "" {
		msg += "\nhint: " + hint
	}
	return msg
}

func (e *refusedError) Unwrap() error { return e.refusal }

// hint suggests what to do about a refusal.
func (e *refusedError) hint(d gatewire.ErrorDetails) string {
	switch {
	case d.Code == gatewire.DetailPairingRequired && d.RequestID != "":
		return "approve this device on the gateway host with: gatewire devices approve " + escapeText(d.RequestID)
	case d.Code == gatewire.DetailPairingRequired:
		return "approve this device on the gateway host with: gatewire devices approve --latest"
	case d.Code == gatewire.DetailAuthDeviceTokenMismatch:
		return "the stored device token was refused and has been forgotten; connect once with the gateway's token"
	case strings.HasSuffix(d.Code, "_NOT_CONFIGURED"):
		return "the gateway has no secret for its auth mode; set gateway.auth.token (or .password) in its config file, or start it with --token"
	case strings.HasPrefix(d.Code, "AUTH_TOKEN"), d.Code == "DEVICE_IDENTITY_REQUIRED" && !e.settings.hasSecret():
		return e.secretHint("token", "--token", envToken)
	case strings.HasPrefix(d.Code, "AUTH_PASSWORD"):
		return e.secretHint("password", "--password", envPassword)
	case d.Code == "AUTH_RATE_LIMITED":
		return "too many failed attempts from this address; wait, then retry with the right secret"
	case d.ExpectedProtocol != 0:
		return fmt.Sprintf("the gateway speaks protocol %d; this client speaks %d..%d", d.ExpectedProtocol,
			gatewire.MinProtocolVersion, gatewire.MaxProtocolVersion)
	}
	return ""
}

// secretHint says which secret was sent and how to send the right one.
// The gateway's message speaks of OpenClaw's client setting
// gateway.remote.token; gatewire's CLI takes the secret as a flag or a
// variable, and on the gateway's host reads the one the gateway uses.
func (e *refusedError) secretHint(what, flag, variable string) string {
	s := e.settings
	sent := "no gateway " + what + " was found"
	if s.secretSource != "" {
		sent = fmt.Sprintf("the %s from %s was refused", what, s.secretSource)
	}
	local := fmt.Sprintf("gateway.auth.%s in the gateway's config file", what)
	if what == "token" {
		local += ", else its generated token file " + s.tokenFile
	}
	return fmt.Sprintf("%s. Pass the gateway's %s with %s <%s> or %s=<%s> "+
		"(on the gateway's host the CLI reads %s; gateway.remote.%s in the gateway's message is OpenClaw's client setting)",
		sent, what, flag, what, variable, what, local, what)
}

// unreachableError is a gateway that gave no answer to the WebSocket
// upgrade: nothing listening, a network error, or no answer in time.
type unreachableError struct {
	url string
	err error
	// dev is the --dev flag, which the suggested gateway command takes.
	dev bool
	// profile is the --profile flag, which it takes too.
	profile service.Profile
}

func (e *unreachableError) Error() string {
	msg := fmt.Sprintf("gateway not reachable at %s: %v", e.url, e.err)
	if gatewire.IsLoopbackURL(e.url) {
		msg += "\nhint: is the gateway running? Start it with: gatewire gateway"
		switch {
		case e.dev:
			msg += " --dev"
		case e.profile != "":
			msg += " --profile " + string(e.profile) + " (or, supervised: gatewire gateway start --profile " + string(e.profile) + ")"
		}
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
	msg := fmt.Sprintf("%s failed: %s [%s]", e.method, escapeText(we.Message), we.Code)
	if we.Details != nil {
		if raw, err := json.Marshal(we.Details); err == nil {
			msg += "\ndetails: " + escapeText(string(raw))
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
