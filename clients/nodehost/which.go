package nodehost

import (
	"context"
	"strings"

	gatewire "github.com/gatewire/gatewire/clients/go"
	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/internal/hostexec"
	"github.com/gatewire/gatewire/runtime/wire"
)

// which serves system.which: the absolute path of each named binary on
// PATH, in the order asked for; names that are blank, contain a path
// separator or are not found are left out.
func which(_ context.Context, _ *gatewire.InvokeRequest, p *protocol.SystemWhichParams) (any, error) {
	if p.Bins == nil {
		return nil, gatewire.Errorf(wire.CodeInvalidRequest, "Error: INVALID_REQUEST: bins required")
	}
	var res protocol.SystemWhichResult
	for _, raw := range p.Bins {
		name := strings.TrimSpace(raw)
		if path := hostexec.LookPath(name); path != "" {
			res.Bins.Add(name, path)
		}
	}
	return res, nil
}
