// Package provider streams one model turn from an LLM provider.
//
// A [Provider] takes a [Request] (the system prompt, the conversation as [Message]s with role and content
// parts, and the [Tool]s the model may call) and yields [Event]s: text deltas, complete tool calls, usage, and
// exactly one terminal event, a stop reason or an error. Three wire APIs are implemented through the official
// SDKs, named as OpenClaw names them in `models.providers.<id>.api`:
//
//   - "openai-completions": OpenAI Chat Completions (github.com/openai/openai-go), which with a base URL covers
//     every OpenAI-compatible server (Ollama, vLLM, llama.cpp's server, LM Studio, OpenRouter);
//   - "openai-responses": the OpenAI Responses API (same SDK, same base URL rule);
//   - "anthropic-messages": the Anthropic Messages API (github.com/anthropics/anthropic-sdk-go).
//
// The package owns what is common to all of them: retries with backoff on HTTP 429 and 5xx that honour
// Retry-After (never on other 4xx, never once an event has been yielded), a per-attempt timeout, abort by
// context cancellation (which closes the HTTP stream at once), and the user-facing error texts of the OpenClaw
// v3 gateway. The SDKs' own retries are switched off so that there is one retry policy.
//
// Callers resolve configuration: the API key is passed in ([Config.APIKey]); [EnvAPIKey] names and reads the
// usual environment variable for an API when the config holds none.
package provider
