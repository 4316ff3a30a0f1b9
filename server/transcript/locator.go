package transcript

// Locator names where a session's transcript lives in gatewire's store,
// for the replies in which v3 gives a transcript file's path
// (sessions.delete's archived, the agent result's agentMeta.sessionFile):
// the state database's path and the session id, "<state.db path>#<sessionId>".
func Locator(dbPath, sessionID string) string { return dbPath + "#" + sessionID }
