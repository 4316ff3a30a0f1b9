package gatewire

import (
	"testing"

	"github.com/gatewire/gatewire/clients/internal/leakcheck"
)

// checkLeaks fails the test when goroutines of this package's connections
// or clients are still running once the test and its cleanups are done.
// Call it first in a test: cleanups run last-registered first.
func checkLeaks(t *testing.T) { leakcheck.Check(t) }
