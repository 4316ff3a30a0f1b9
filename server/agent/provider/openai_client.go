package provider

import (
	"errors"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
	"github.com/openai/openai-go/v3/packages/ssestream"
)

// newOpenAIClient builds the openai-go client both OpenAI APIs use: the configured base URL and key, the SDK's
// own retries off (the runner retries), and the caller's HTTP client when there is one. The key is always set
// explicitly (an empty one sends no Authorization header), so OPENAI_API_KEY never reaches a server the config
// did not give it to; the SDK's other variables (OPENAI_BASE_URL when no base URL is configured, OPENAI_ORG_ID,
// OPENAI_PROJECT_ID, OPENAI_CUSTOM_HEADERS) still apply, as they do for any openai-go program.
func newOpenAIClient(cfg Config) openai.Client {
	opts := []option.RequestOption{option.WithMaxRetries(0), option.WithAPIKey(cfg.APIKey)}
	if cfg.BaseURL != "" {
		opts = append(opts, option.WithBaseURL(cfg.BaseURL))
	}
	if cfg.HTTPClient != nil {
		opts = append(opts, option.WithHTTPClient(cfg.HTTPClient))
	}
	return openai.NewClient(opts...)
}

// openAIFailure extracts the HTTP error reply from an openai-go error, or the error object of an SSE event
// (status 0: the provider reported it inside the stream).
func openAIFailure(err error) *httpFailure {
	var streamErr *ssestream.StreamError
	if errors.As(err, &streamErr) {
		return &httpFailure{message: providerMessage(string(streamErr.Event.Data))}
	}
	var apiErr *openai.Error
	if !errors.As(err, &apiErr) {
		return nil
	}
	return newHTTPFailure(apiErr.StatusCode, apiErr.Response, apiErr.RawJSON())
}
