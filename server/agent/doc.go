// Package agent runs agent turns: the Runtime takes a user message for a
// session, records it, streams the model's answer through the session's
// provider, executes the tool calls the model makes, feeds their results
// back, records the final assistant message, and publishes the run's
// `agent` and `chat` events as the OpenClaw v3 gateway does.
//
// One run at a time per session (later starts queue behind it), many
// sessions in parallel. A run's id is its idempotency key: the key is
// registered before anything asynchronous happens, so a duplicate start
// (in flight or finished) returns the existing run instead of a second one.
// Abort cancels the provider stream at once.
//
// The gateway methods over the Runtime (agent, agent.wait, chat.send,
// chat.abort, send, commands.list) live in server/methods/chat.
package agent
