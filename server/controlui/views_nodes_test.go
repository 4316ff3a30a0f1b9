package controlui_test

import (
	"context"
	"testing"
	"time"

	gatewire "github.com/gatewire/gatewire/clients/go"
	"github.com/gatewire/gatewire/server/gateway/gatewaytest"
)

// TestNodesViewListsDescribesApprovesAndInvokes drives the nodes view in
// a real browser against a real node (the Go SDK's Node on loopback): the
// node is listed, its details open, its declared command surface is
// approved from the page, and a command is invoked with JSON params, the
// node's answer shown; a node error is shown with its code.
func TestNodesViewListsDescribesApprovesAndInvokes(t *testing.T) {
	g := gatewaytest.Start(t, gatewaytest.Options{Config: `{gateway: {nodes: {commands: {allow: ["acme.echo"]}}}}`})
	id := startEchoNode(t, g, "acme-box")

	p := opView(t, g, "nodes")
	row := `.view-nodes tr[data-key="` + id + `"]`
	p.WaitText(row, "acme-box")
	p.WaitText(row, "connected")
	press(p, row+` button`)
	detail := `section.node-detail`
	p.WaitText(detail, id)

	// A protocol 4 node's commands wait for an operator's approval.
	p.WaitText(detail, "waits for approval of its commands: acme.echo")
	press(p, detail+` .callout button.primary`)
	p.WaitText(detail+` dd.node-commands`, "acme.echo")
	p.WaitEval(`!document.querySelector('` + detail + ` .callout')`)

	setValue(p, `#invoke-command`, "acme.echo")
	setValue(p, `#invoke-params`, `{"text": "hi from the page"}`)
	press(p, detail+` form.invoke button[type="submit"]`)
	p.WaitText(detail+` .invoke-result`, `"echo": "hi from the page"`)
	p.WaitText(detail+` .invoke-result`, `"node": "acme-box"`)

	setValue(p, `#invoke-params`, `{}`)
	press(p, detail+` form.invoke button[type="submit"]`)
	p.WaitText(detail+` .invoke-result [role="alert"]`, "UNAVAILABLE: ACME_EMPTY: nothing to echo")

	setValue(p, `#invoke-params`, `{not json`)
	press(p, detail+` form.invoke button[type="submit"]`)
	p.WaitText(detail+` .invoke-result [role="alert"]`, "Params are not JSON")
	p.NoConsoleErrors()
}

type echoParams struct {
	Text string `json:"text"`
}

// startEchoNode runs a node named name that serves acme.echo until the
// test ends, and returns its id once it is connected.
func startEchoNode(t *testing.T, g *gatewaytest.Gateway, name string) string {
	t.Helper()
	dev, err := gatewire.OpenDevice(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	opts := gatewire.NodeOptions{}
	opts.Client.DisplayName, opts.Auth.Token, opts.Device = name, g.Token, dev
	n := gatewire.NewNode(g.URL, opts)
	n.Handle("acme.echo", gatewire.HandlerFunc(func(_ context.Context, _ *gatewire.InvokeRequest, p *echoParams) (any, error) {
		if p.Text == "" {
			return nil, gatewire.Errorf("ACME_EMPTY", "nothing to echo")
		}
		return map[string]string{"echo": p.Text, "node": name}, nil
	}))
	done := make(chan error, 1)
	go func() { done <- n.Run(context.Background()) }()
	t.Cleanup(func() {
		_ = n.Close()
		<-done
	})
	for deadline := time.Now().Add(gatewaytest.Wait); n.Client() == nil || n.Client().Conn() == nil; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the node never connected")
		}
	}
	return dev.ID()
}
