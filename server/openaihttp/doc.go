// Package openaihttp serves OpenClaw's OpenAI-compatible HTTP endpoints on
// the gateway's port: POST /v1/chat/completions, POST /v1/responses and
// GET /v1/models[/{id}], each turned on by
// gateway.http.endpoints.{chatCompletions,responses}.enabled. A request is
// one agent run through the runtime (origin "openai") in its own session
// (agent:<agentId>:openai:<uuid>, or a stable one per OpenAI `user`); the
// answer streams back through the run's Observer, as JSON or as SSE in
// v3's order. The OpenAI `model` names an agent target ("openclaw",
// "openclaw/default", "openclaw/<agentId>"), not a provider model; the
// x-openclaw-model header picks the backend model.
package openaihttp
