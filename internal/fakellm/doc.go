// Package fakellm is an in-process LLM provider server for tests and
// benchmarks: one loopback HTTP server that speaks the OpenAI Chat
// Completions API (POST /v1/chat/completions), the OpenAI Responses API
// (POST /v1/responses) and the Anthropic Messages API (POST /v1/messages),
// always streaming (SSE), as the gateway's providers call them.
//
// Replies are scripted per request and written in neutral terms (text
// chunks, tool calls, usage, stop reason, an HTTP error, an error inside
// the stream, a stream that holds until released or until the client
// goes away, a connection cut mid-stream); the server renders each in the wire format of the endpoint
// that was called. Replies queue in order; when the queue is empty the
// Responder decides (by default an HTTP 400, so an unscripted call fails
// at once and is not retried). Raw SSE frames can be scripted as well,
// for tests of a decoder. Every request is recorded with its decoded body.
package fakellm
