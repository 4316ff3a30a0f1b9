package auth

import (
	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/wire"
)

// detailCodes maps a failure reason to its details.code.
var detailCodes = map[protocol.AuthFailureReason]protocol.ConnectErrorDetailCode{
	protocol.AuthFailureReasonTokenMissing:          protocol.ConnectErrorDetailCodeAuthTokenMissing,
	protocol.AuthFailureReasonTokenMismatch:         protocol.ConnectErrorDetailCodeAuthTokenMismatch,
	protocol.AuthFailureReasonTokenMissingConfig:    protocol.ConnectErrorDetailCodeAuthTokenNotConfigured,
	protocol.AuthFailureReasonPasswordMissing:       protocol.ConnectErrorDetailCodeAuthPasswordMissing,
	protocol.AuthFailureReasonPasswordMismatch:      protocol.ConnectErrorDetailCodeAuthPasswordMismatch,
	protocol.AuthFailureReasonPasswordMissingConfig: protocol.ConnectErrorDetailCodeAuthPasswordNotConfigured,
	protocol.AuthFailureReasonBootstrapTokenInvalid: protocol.ConnectErrorDetailCodeAuthBootstrapTokenInvalid,
	protocol.AuthFailureReasonDeviceTokenMismatch:   protocol.ConnectErrorDetailCodeAuthDeviceTokenMismatch,
	protocol.AuthFailureReasonRateLimited:           protocol.ConnectErrorDetailCodeAuthRateLimited,
	protocol.AuthFailureReasonScopeMismatch:         protocol.ConnectErrorDetailCodeAuthScopeMismatch,
}

// Failure describes a failed connect authentication.
type Failure struct {
	// Reason is why a credential was refused (details.authReason), empty
	// when no check gave one.
	Reason protocol.AuthFailureReason
	// Mode is the gateway's auth mode.
	Mode Mode
	// Sent is the credentials the client sent.
	Sent Credentials
	// Client is the connecting program (it picks the hint).
	Client ClientKind
	// HasDevice is true when the connect carried a device identity.
	HasDevice bool
	// RetryAfterMs is set for rate-limited failures.
	RetryAfterMs int64
	// Protocol is the version the connect negotiated: v4's messages give
	// other hints (see message.go).
	Protocol int
	// Local is true for a client directly on this host without a browser
	// origin (v4 tells a local CLI to use this gateway's secret).
	Local bool
}

// Credentials is which credentials a connect carried (non-empty fields).
type Credentials struct {
	Token, Password, BootstrapToken, DeviceToken bool
}

// provided names the first credential kind sent, in the protocol's order.
func (c Credentials) provided() string {
	switch {
	case c.Password:
		return "password"
	case c.Token:
		return "token"
	case c.BootstrapToken:
		return "bootstrap-token"
	case c.DeviceToken:
		return "device-token"
	}
	return "none"
}

// Reply returns the connect reply for f: INVALID_REQUEST with the
// protocol's message and details (and the retry hint when rate limited).
// The connection is then closed with 1008 and the same message.
func (f Failure) Reply() *wire.Error {
	canRetry := f.Reason == protocol.AuthFailureReasonTokenMismatch && f.HasDevice && f.Sent.provided() == "token" && !f.Sent.DeviceToken
	d := protocol.AuthErrorDetails{
		Code:                    f.detailCode(),
		CanRetryWithDeviceToken: canRetry,
		RecommendedNextStep:     nextStep(f.Reason, canRetry),
	}
	if f.Reason != "" {
		d.AuthReason = &f.Reason
	}
	e := wire.InvalidRequest("%s", f.message()).WithDetails(d)
	if f.Reason == protocol.AuthFailureReasonRateLimited {
		e.WithRetry(f.RetryAfterMs)
	}
	return e
}

// detailCode returns details.code: AUTH_REQUIRED when there is no reason,
// AUTH_UNAUTHORIZED for a reason without a code of its own.
func (f Failure) detailCode() protocol.ConnectErrorDetailCode {
	if f.Reason == "" {
		return protocol.ConnectErrorDetailCodeAuthRequired
	}
	if c, ok := detailCodes[f.Reason]; ok {
		return c
	}
	return protocol.ConnectErrorDetailCodeAuthUnauthorized
}

// nextStep returns details.recommendedNextStep.
func nextStep(r protocol.AuthFailureReason, canRetry bool) protocol.RecommendedNextStep {
	if canRetry {
		return protocol.RecommendedNextStepRetryWithDeviceToken
	}
	switch r {
	case protocol.AuthFailureReasonTokenMissing, protocol.AuthFailureReasonTokenMissingConfig,
		protocol.AuthFailureReasonPasswordMissing, protocol.AuthFailureReasonPasswordMissingConfig:
		return protocol.RecommendedNextStepUpdateAuthConfiguration
	case protocol.AuthFailureReasonTokenMismatch, protocol.AuthFailureReasonPasswordMismatch,
		protocol.AuthFailureReasonDeviceTokenMismatch:
		return protocol.RecommendedNextStepUpdateAuthCredentials
	case protocol.AuthFailureReasonRateLimited:
		return protocol.RecommendedNextStepWaitThenRetry
	}
	return protocol.RecommendedNextStepReviewAuthConfiguration
}
