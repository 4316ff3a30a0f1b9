package gatewaycmd

import (
	"fmt"
	"strconv"

	"github.com/gatewire/gatewire/server/gateway"
)

// maxPreauthSockets reads the per-address cap of unauthenticated sockets
// from the environment (gatewire's variable, then OpenClaw's); 0 when
// neither is set, which keeps the protocol's default.
func maxPreauthSockets(getenv func(string) string) (int, error) {
	for _, name := range []string{gateway.EnvMaxPreauthSockets, gateway.EnvMaxPreauthSocketsOpenClaw} {
		raw := getenv(name)
		if raw == "" {
			continue
		}
		n, err := strconv.Atoi(raw)
		if err != nil || n < 1 || n > 1_000_000 {
			return 0, fmt.Errorf("%s=%q: want a whole number from 1 to 1000000", name, raw)
		}
		return n, nil
	}
	return 0, nil
}
