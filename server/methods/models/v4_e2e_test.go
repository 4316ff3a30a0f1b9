package models_test

import (
	"testing"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/server/gateway/gatewaytest"
)

// TestModelsListInV4SaysWhatIsAvailableAndTheDefault: at protocol 4
// each provider model adds available (false for the key-less vendor
// provider "anth"), the thinking levels and its default one ("low" on a
// reasoning model), and the default agent's model the tag "default"; the
// deprecated catalog entry stays as it was.
func TestModelsListInV4SaysWhatIsAvailableAndTheDefault(t *testing.T) {
	g := gatewaytest.Start(t, gatewaytest.Options{Config: providersConfig})
	c := gatewaytest.Dial(t, g.URL)
	p := gatewaytest.ConnectParams(g.Token, string(protocol.RoleOperator), "operator.read")
	p.MinProtocol, p.MaxProtocol = 4, 4
	c.MustConnect(p)
	res := c.Call("models.list", nil)
	if !res.OK {
		t.Fatal(string(res.Raw))
	}
	levels := `"thinkingLevels":[{"id":"off","label":"off"},{"id":"minimal","label":"minimal"},{"id":"low","label":"low"},` +
		`{"id":"medium","label":"medium"},{"id":"high","label":"high"}]`
	want := `{"models":[` +
		`{"id":"claude","name":"claude","provider":"anth","contextWindow":200000,"reasoning":false,"input":["text"],"available":false,` + levels + `,"thinkingDefault":"off"},` +
		`{"id":"fake-model","name":"Fake Model","provider":"fake","contextWindow":128000,"reasoning":false,"input":["text"],"tags":["default"],"available":true,` + levels + `,"thinkingDefault":"off"},` +
		`{"id":"vision","name":"vision","provider":"fake","contextWindow":200000,"reasoning":true,"input":["text","image"],"available":true,` + levels + `,"thinkingDefault":"low"},` +
		`{"id":"legacy","name":"Legacy","provider":"old","contextWindow":8192}]}`
	if got := compact(t, res.Payload); got != want {
		t.Fatalf("models.list =\n%s\nwant\n%s", got, want)
	}
}
