package provider

import (
	"context"
	"fmt"
	"iter"
	"net/http"
	"time"
)

// The API names of the implemented providers, as in OpenClaw's `models.providers.<id>.api`.
const (
	APIOpenAICompletions = "openai-completions"
	APIOpenAIResponses   = "openai-responses"
	APIAnthropicMessages = "anthropic-messages"
)

// Provider streams model turns from one configured provider. Implementations are safe for concurrent use.
type Provider interface {
	// API names the wire API, one of the API* constants.
	API() string
	// Stream sends one turn and yields its events; the last is an EventStop or an EventError. Cancelling ctx
	// aborts the HTTP stream at once and ends the sequence with an EventError whose StopReason is StopAborted.
	// Stopping the iteration early also closes the stream.
	Stream(ctx context.Context, req *Request) iter.Seq[Event]
}

// Config configures a provider. BaseURL is `models.providers.<id>.baseUrl` (empty: the vendor's public
// endpoint); APIKey is resolved by the caller (from the config or [EnvAPIKey]) and may be empty for local
// servers that need none.
type Config struct {
	API     string
	BaseURL string
	APIKey  string
	// Timeout bounds each attempt, from sending the request to the end of its stream. 0 means 10 minutes.
	Timeout time.Duration
	// Retry is the retry policy; its zero value gives the defaults.
	Retry RetryPolicy
	// HTTPClient sends the requests; nil means a client of its own.
	HTTPClient *http.Client
}

// defaultTimeout is the attempt timeout of a zero Config.Timeout.
const defaultTimeout = 10 * time.Minute

// New returns the provider for cfg.API, or an error naming the supported APIs.
func New(cfg Config) (Provider, error) {
	r := newRunner(cfg)
	switch cfg.API {
	case APIOpenAICompletions:
		return newOpenAICompletions(cfg, r), nil
	case APIOpenAIResponses:
		return newOpenAIResponses(cfg, r), nil
	case APIAnthropicMessages:
		return newAnthropicMessages(cfg, r), nil
	}
	return nil, fmt.Errorf("provider: unknown api %q (supported: %s, %s, %s)",
		cfg.API, APIOpenAICompletions, APIOpenAIResponses, APIAnthropicMessages)
}
