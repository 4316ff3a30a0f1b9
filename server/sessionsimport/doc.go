// Package sessionsimport brings OpenClaw sessions into gatewire: it reads
// an OpenClaw state directory (agents/<agentId>/sessions/sessions.json
// and each session's <sessionId>.jsonl transcript), follows each
// transcript's branch from its last entry back to the root as OpenClaw
// does, and writes every session, with its messages, ids, timestamps,
// overrides and latest compaction, into gatewire's state database. It
// also provides the `gatewire sessions import` command.
package sessionsimport
