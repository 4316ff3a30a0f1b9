package transcript

// Run statuses kept in RunInfo.Status, as sessions.list reports them.
const (
	RunRunning = "running"
	RunDone    = "done"
	RunFailed  = "failed"
	RunTimeout = "timeout" // v3 reports an aborted run so
)

// RunInfo is what a session remembers of its latest run.
type RunInfo struct {
	Status    string // RunRunning, RunDone, RunFailed, RunTimeout; "" before any run
	StartedAt int64  // epoch ms
	EndedAt   int64  // epoch ms; 0 while running
}

// Entry is one session: its key, its current session id (a UUID, new on
// every reset) and what the gateway keeps about it.
type Entry struct {
	Key       string
	AgentID   string
	SessionID string
	Label     string
	// Model is a "<provider>/<id>" override ("" = the agent's model).
	Model         string
	ThinkingLevel string
	// Epoch milliseconds.
	CreatedAt         int64
	UpdatedAt         int64
	LastInteractionAt int64
	ChatType          string // "direct" unless imported otherwise
	LastChannel       string // "webchat" once chat.send used it
	AbortedLastRun    bool
	CompactionCount   int
	// Summary is the latest compaction's summary ("" when never compacted).
	Summary string
	Totals  Usage
	LastRun RunInfo
}
