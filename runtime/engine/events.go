package engine

// Protocol names the engine itself uses.
const (
	MethodConnect         = "connect"
	EventConnectChallenge = "connect.challenge"
	EventTick             = "tick"
	EventShutdown         = "shutdown"
)
