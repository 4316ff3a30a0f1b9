// Package transcript keeps the gateway's agent sessions and their
// transcripts in the gateway's SQLite state database: one entry per
// session key (agent:<agentId>:<rest>) with the session's id, overrides
// (label, model, thinking level), run status and usage totals, and an
// append-only list of messages per session id in OpenClaw's transcript
// shape. A message Append has returned from is on disk (WAL with
// synchronous=FULL), so an acknowledged turn survives a crash or kill -9.
//
// Reset starts a session over under a new session id and Delete removes
// its entry; both keep the old messages, archived under the old id, as v3
// keeps a renamed transcript file. Compaction records a summary and the
// first message kept after it: Context (what the model sees) starts
// there, while History (what chat.history shows) keeps every visible
// message.
package transcript
