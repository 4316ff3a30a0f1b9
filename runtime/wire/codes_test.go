package wire_test

import (
	"testing"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/wire"
)

// TestErrorCodesAreTheGeneratedRegistry proves wire's error codes (the
// runtime cannot import the generated package) equal the generated
// ErrorCode registry, value for value.
func TestErrorCodesAreTheGeneratedRegistry(t *testing.T) {
	pairs := map[string]protocol.ErrorCode{
		wire.CodeNotLinked:        protocol.ErrorCodeNotLinked,
		wire.CodeNotPaired:        protocol.ErrorCodeNotPaired,
		wire.CodeAgentTimeout:     protocol.ErrorCodeAgentTimeout,
		wire.CodeInvalidRequest:   protocol.ErrorCodeInvalidRequest,
		wire.CodeApprovalNotFound: protocol.ErrorCodeApprovalNotFound,
		wire.CodeUnavailable:      protocol.ErrorCodeUnavailable,
	}
	if len(pairs) != 6 {
		t.Fatalf("wire's codes are not distinct: %v", pairs)
	}
	for code, generated := range pairs {
		if code != string(generated) {
			t.Errorf("wire has %q, the registry %q", code, generated)
		}
	}
}
