package engine

import "github.com/gatewire/gatewire/internal/testclient"

// WebSocket opcodes the tests read and write, which the engine's code no
// longer names since the transport moved out.
const (
	opText  = testclient.OpText
	opClose = testclient.OpClose
	opPing  = testclient.OpPing
	opPong  = testclient.OpPong
)
