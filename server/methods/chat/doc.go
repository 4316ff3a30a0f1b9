// Package chat serves the gateway methods over the agent runtime: agent
// (two-phase: accepted, then the run's final result), agent.wait, chat.send
// (with its slash commands), chat.abort, send (which refuses webchat and,
// with no messaging channel configured, every target as v3 does) and
// commands.list.
//
// Slash commands (/stop, /new, /reset, /model, /status) are authorized by
// the same judgment as WebSocket calls (rpc.Manifest.AuthorizeAs), each as
// the method whose effect it has, so a command never grants more than the
// caller could do by calling that method (security invariant 12).
package chat
