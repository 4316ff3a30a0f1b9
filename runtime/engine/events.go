package engine

import "github.com/gatewire/gatewire/runtime/rpc"

// Protocol names the engine itself uses. The engine cannot import the
// generated package (it imports the runtime), so it keeps these; a test
// proves each equals its generated value.
const (
	methodConnect         = "connect"
	eventConnectChallenge = "connect.challenge"
	eventTick             = "tick"
	eventShutdown         = "shutdown"
	// failClosedScope is the scope a method the manifest does not know
	// requires, so that only an admin learns it does not exist.
	failClosedScope = rpc.FailClosedScope
)
