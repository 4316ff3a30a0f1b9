package system

import (
	"context"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/rpc"
	"github.com/gatewire/gatewire/runtime/wire"
	"github.com/gatewire/gatewire/server/logging"
)

// skipReset is logs.tail's reset flag when a v4 read re-anchored at the
// tail.
var skipReset = true

// LogsTail serves logs.tail over the gateway's own JSON-lines log. When
// more than maxBytes follow the cursor, the read re-anchors at the tail:
// skippedBytes says how much was skipped, and on v4 reset is set too.
func (h *Handlers) LogsTail(_ context.Context, call *rpc.Call, p *protocol.LogsTailParams) (*protocol.LogsTailResult, error) {
	req := logging.TailRequest{Cursor: p.Cursor}
	if p.Limit != nil {
		req.Limit = int(*p.Limit)
	}
	if p.MaxBytes != nil {
		req.MaxBytes = *p.MaxBytes
	}
	res, err := logging.Tail(h.d.LogFile, req, h.d.Scrub)
	if err != nil {
		return nil, wire.Unavailable("log file unavailable: %v", err)
	}
	out := &protocol.LogsTailResult{File: res.File, Cursor: res.Cursor, Size: res.Size, Lines: res.Lines}
	if res.Truncated {
		out.Truncated = &res.Truncated
	}
	if res.SkippedBytes > 0 {
		out.SkippedBytes = &res.SkippedBytes
		if call.Peer.Protocol >= 4 {
			out.Reset = &skipReset // v4 reports the re-anchored read as a reset
		}
	}
	if res.Reset {
		out.Reset = &res.Reset
	}
	return out, nil
}
