// Package channels serves the channels domain: channels.status. gatewire
// has no messaging channels (Telegram, WhatsApp, …), so the status is the
// one v3 gives a gateway with none configured: every list and map empty.
package channels

import (
	"context"
	"encoding/json"
	"time"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/rpc"
)

// Handlers serves the channels domain.
type Handlers struct {
	now func() time.Time
}

// New returns the channels handlers; now is the gateway's clock.
func New(now func() time.Time) *Handlers { return &Handlers{now: now} }

// ChannelsStatus answers channels.status: no channels, at the current
// time (probe and timeoutMs have nothing to probe).
func (h *Handlers) ChannelsStatus(context.Context, *rpc.Call, *protocol.ChannelsStatusParams) (*protocol.ChannelsStatusResult, error) {
	return &protocol.ChannelsStatusResult{
		Ts: h.now().UnixMilli(), ChannelOrder: []string{}, ChannelLabels: map[string]string{},
		ChannelDetailLabels: map[string]string{}, ChannelSystemImages: map[string]string{},
		ChannelMeta: []map[string]json.RawMessage{}, Channels: map[string]json.RawMessage{},
		ChannelAccounts: map[string]json.RawMessage{}, ChannelDefaultAccountID: map[string]string{},
	}, nil
}
