package auth

import "github.com/gatewire/gatewire/runtime/wire"

// Reason is why authentication failed (the protocol's details.authReason).
type Reason string

// Failure reasons.
const (
	ReasonTokenMissing          Reason = "token_missing"
	ReasonTokenMismatch         Reason = "token_mismatch"
	ReasonTokenMissingConfig    Reason = "token_missing_config"
	ReasonPasswordMissing       Reason = "password_missing"
	ReasonPasswordMismatch      Reason = "password_mismatch"
	ReasonPasswordMissingConfig Reason = "password_missing_config"
	ReasonBootstrapTokenInvalid Reason = "bootstrap_token_invalid"
	ReasonDeviceTokenMismatch   Reason = "device_token_mismatch"
	ReasonRateLimited           Reason = "rate_limited"
)

// detailCodes maps a reason to its details.code.
var detailCodes = map[Reason]string{
	ReasonTokenMissing:          "AUTH_TOKEN_MISSING",
	ReasonTokenMismatch:         "AUTH_TOKEN_MISMATCH",
	ReasonTokenMissingConfig:    "AUTH_TOKEN_NOT_CONFIGURED",
	ReasonPasswordMissing:       "AUTH_PASSWORD_MISSING",
	ReasonPasswordMismatch:      "AUTH_PASSWORD_MISMATCH",
	ReasonPasswordMissingConfig: "AUTH_PASSWORD_NOT_CONFIGURED",
	ReasonBootstrapTokenInvalid: "AUTH_BOOTSTRAP_TOKEN_INVALID",
	ReasonDeviceTokenMismatch:   "AUTH_DEVICE_TOKEN_MISMATCH",
	ReasonRateLimited:           "AUTH_RATE_LIMITED",
}

// Next steps a failure recommends (details.recommendedNextStep).
const (
	StepRetryWithDeviceToken    = "retry_with_device_token"
	StepUpdateAuthConfiguration = "update_auth_configuration"
	StepUpdateAuthCredentials   = "update_auth_credentials"
	StepWaitThenRetry           = "wait_then_retry"
	StepReviewAuthConfiguration = "review_auth_configuration"
)

// Failure describes a failed connect authentication.
type Failure struct {
	Reason Reason
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

// Details is the details object of an auth failure reply.
type Details struct {
	Code                    string `json:"code"`
	AuthReason              Reason `json:"authReason,omitempty"`
	CanRetryWithDeviceToken bool   `json:"canRetryWithDeviceToken"`
	RecommendedNextStep     string `json:"recommendedNextStep"`
}

// Reply returns the connect reply for f: INVALID_REQUEST with the
// protocol's message and details (and the retry hint when rate limited).
// The connection is then closed with 1008 and the same message.
func (f Failure) Reply() *wire.Error {
	canRetry := f.Reason == ReasonTokenMismatch && f.HasDevice && f.Sent.provided() == "token" && !f.Sent.DeviceToken
	e := wire.InvalidRequest("%s", f.message()).WithDetails(Details{
		Code:                    f.detailCode(),
		AuthReason:              f.Reason,
		CanRetryWithDeviceToken: canRetry,
		RecommendedNextStep:     nextStep(f.Reason, canRetry),
	})
	if f.Reason == ReasonRateLimited {
		e.WithRetry(f.RetryAfterMs)
	}
	return e
}

// detailCode returns details.code: AUTH_REQUIRED when there is no reason,
// AUTH_UNAUTHORIZED for a reason without a code of its own.
func (f Failure) detailCode() string {
	if f.Reason == "" {
		return "AUTH_REQUIRED"
	}
	if c, ok := detailCodes[f.Reason]; ok {
		return c
	}
	return "AUTH_UNAUTHORIZED"
}

// nextStep returns details.recommendedNextStep.
func nextStep(r Reason, canRetry bool) string {
	if canRetry {
		return StepRetryWithDeviceToken
	}
	switch r {
	case ReasonTokenMissing, ReasonTokenMissingConfig, ReasonPasswordMissing, ReasonPasswordMissingConfig:
		return StepUpdateAuthConfiguration
	case ReasonTokenMismatch, ReasonPasswordMismatch, ReasonDeviceTokenMismatch:
		return StepUpdateAuthCredentials
	case ReasonRateLimited:
		return StepWaitThenRetry
	}
	return StepReviewAuthConfiguration
}
