package channels_test

import (
	"testing"
	"time"

	"github.com/gatewire/gatewire/server/gateway/gatewaytest"
)

func TestChannelsStatusReportsNoChannels(t *testing.T) {
	at := time.UnixMilli(1796613022672)
	g := gatewaytest.Start(t, gatewaytest.Options{Now: func() time.Time { return at }})
	c := g.Operator(t, "operator.read")
	res := c.Call("channels.status", map[string]any{"probe": false, "timeoutMs": 8000})
	want := `{"ts":1796613022672,"channelOrder":[],"channelLabels":{},"channelDetailLabels":{},"channelSystemImages":{},` +
		`"channelMeta":[],"channels":{},"channelAccounts":{},"channelDefaultAccountId":{}}`
	if !res.OK || string(res.Payload) != want {
		t.Fatalf("channels.status = %s", res.Raw)
	}
	if bad := c.Call("channels.status", map[string]any{"probe": "yes"}); bad.OK || bad.Error.Code != "INVALID_REQUEST" {
		t.Fatalf("channels.status with a bad probe = %s", bad.Raw)
	}
}
