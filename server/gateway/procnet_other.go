//go:build !linux

package gateway

import "errors"

// listenerProcess cannot find the process holding a port on this system.
func listenerProcess(port uint16) (pid int, command string) { return 0, "" }

// terminate is not supported on this system.
func terminate(int) error { return errors.New("stopping another process is only supported on Linux") }
