package javascript

// The shared -update flag, so that go test ./tools/protocol-gen/... -update
// is accepted by every test binary.
import _ "github.com/gatewire/gatewire/tools/protocol-gen/internal/golden"
