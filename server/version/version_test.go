package version

import "testing"

func TestServerHeaderNamesProductAndVersion(t *testing.T) {
	old := Version
	defer func() { Version = old }()
	Version = "1.2.3"
	if got := ServerHeader(); got != "gatewire/1.2.3" {
		t.Fatalf("ServerHeader() = %q", got)
	}
}
