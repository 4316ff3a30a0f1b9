package cli

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/gatewire/gatewire/runtime/wire"
)

func TestCallErrorsNameTheMethodOnce(t *testing.T) {
	closed := fmt.Errorf("status: %w", context.DeadlineExceeded) // as the Go client reports it
	cases := map[error]string{
		closed:                           "status failed: context deadline exceeded",
		errors.New("decoding: bad JSON"): "status failed: decoding: bad JSON",
		wire.InvalidRequest("missing scope: operator.read"): "status failed: missing scope: operator.read [INVALID_REQUEST]",
	}
	for err, want := range cases {
		if got := (&callError{method: "status", err: err}).Error(); got != want {
			t.Errorf("callError(%v) = %q, want %q", err, got, want)
		}
	}
}
