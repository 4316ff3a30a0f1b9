package pairing

import (
	"errors"

	"github.com/gatewire/gatewire/runtime/wire"
)

// errUpgradeLoop guards against a pairing decision that never settles.
var errUpgradeLoop = errors.New("pairing: connect did not settle after repeated silent approvals")

// isReply reports whether err is a protocol reply (a refusal the caller
// should see) rather than a failure of the store.
func isReply(err error) bool {
	var we *wire.Error
	return errors.As(err, &we)
}
