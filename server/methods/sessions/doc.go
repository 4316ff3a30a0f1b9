// Package sessions serves the sessions domain: the session index
// (sessions.list, sessions.patch, sessions.reset, sessions.delete,
// sessions.compact), the sessions.changed feed (sessions.subscribe and
// unsubscribe), the transcript as clients read it (chat.history) or add
// to it without a run (chat.inject), and the usage reports
// (sessions.usage, usage.cost). Sessions and transcripts live in the
// transcript store; the agent runtime is reached only through small
// function dependencies (is a run active, abort a session's runs,
// summarize for compaction), so this package does not depend on it.
package sessions
