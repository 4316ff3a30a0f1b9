package gatewire

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/gatewire/gatewire/runtime/engine"
	"github.com/gatewire/gatewire/runtime/wire"
)

// negotiate admits the newest of g.protocols in the connect's range, or
// refuses it as the OpenClaw gateways do: 1002 "protocol mismatch", with
// details {expectedProtocol} from a protocol 3 gateway and the longer
// PROTOCOL_MISMATCH details from a protocol 4 one.
func (g *gateway) negotiate(p *connectParams) (int, *engine.Refusal) {
	accepted := g.protocols
	if len(accepted) == 0 {
		accepted = []int{3}
	}
	for i := len(accepted) - 1; i >= 0; i-- {
		if v := accepted[i]; p.MinProtocol <= v && v <= p.MaxProtocol {
			return v, nil
		}
	}
	current := accepted[len(accepted)-1]
	details := map[string]any{"expectedProtocol": current}
	if current >= 4 {
		details = map[string]any{"code": DetailProtocolMismatch, "clientMinProtocol": p.MinProtocol,
			"clientMaxProtocol": p.MaxProtocol, "expectedProtocol": current, "minimumProbeProtocol": 3}
	}
	return 0, &engine.Refusal{Reply: wire.InvalidRequest("protocol mismatch").WithDetails(details),
		Code: wire.CloseProtocolError, Reason: wire.ReasonProtocolMismatch}
}

// ranges returns the protocol range of every connect g received, as "3..4".
func (g *gateway) ranges() []string {
	g.mu.Lock()
	defer g.mu.Unlock()
	out := make([]string, len(g.connects))
	for i, p := range g.connects {
		out[i] = fmt.Sprintf("%d..%d", p.MinProtocol, p.MaxProtocol)
	}
	return out
}

func TestDialOffersBothProtocolsAndRunsAtTheGatewaysChoice(t *testing.T) {
	checkLeaks(t)
	for _, tc := range []struct {
		name      string
		protocols []int
		want      int
	}{
		{"gateway speaking 3 and 4", []int{3, 4}, 4},
		{"gateway speaking only 4", []int{4}, 4},
		{"gateway speaking only 3", []int{3}, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := newGateway(t, "", func(g *gateway, _ *engine.Config) { g.protocols = tc.protocols })
			c := dialTest(t, g.url, Options{})
			if c.Protocol() != tc.want || c.Hello().Protocol != int64(tc.want) {
				t.Errorf("protocol = %d (hello %d), want %d", c.Protocol(), c.Hello().Protocol, tc.want)
			}
			if got := strings.Join(g.ranges(), " "); got != "3..4" {
				t.Errorf("connects offered %s, want one 3..4", got)
			}
		})
	}
}

func TestDialFallsBackToTheVersionAMismatchNames(t *testing.T) {
	checkLeaks(t)
	for _, tc := range []struct {
		name      string
		protocols []int
		opts      Options
		want      int
		offered   string
	}{
		// OpenClaw 2026.5 refuses 4..4 with details {expectedProtocol: 3}.
		{"4..4 at a protocol 3 gateway", []int{3}, Options{MinProtocol: 4}, 3, "4..4 3..3"},
		// OpenClaw 2026.9 refuses an operator's 3..3 with PROTOCOL_MISMATCH.
		{"3..3 at a protocol 4 gateway", []int{4}, Options{MaxProtocol: 3}, 4, "3..3 4..4"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := newGateway(t, "secret", func(g *gateway, _ *engine.Config) { g.protocols = tc.protocols })
			tc.opts.Auth = Auth{Token: "secret"}
			c := dialTest(t, g.url, tc.opts)
			if c.Protocol() != tc.want {
				t.Errorf("protocol = %d, want %d", c.Protocol(), tc.want)
			}
			if got := strings.Join(g.ranges(), " "); got != tc.offered {
				t.Errorf("connects offered %s, want %s", got, tc.offered)
			}
		})
	}
}

func TestDialStopsAtAMismatchNamingAVersionItDoesNotSpeak(t *testing.T) {
	checkLeaks(t)
	g := newGateway(t, "", func(g *gateway, _ *engine.Config) { g.protocols = []int{5} })
	_, err := Dial(context.Background(), g.url, Options{})
	var ce *ConnectError
	if !errors.As(err, &ce) || ce.Reply.Message != "protocol mismatch" {
		t.Fatalf("Dial error = %v, want the gateway's protocol mismatch", err)
	}
	d := Details(err)
	if d.Code != DetailProtocolMismatch || d.ExpectedProtocol != 5 || d.ClientMinProtocol != 3 || d.ClientMaxProtocol != 4 ||
		d.MinimumProbeProtocol != 3 {
		t.Errorf("details = %+v", d)
	}
	if got := strings.Join(g.ranges(), " "); got != "3..4" {
		t.Errorf("connects offered %s, want only 3..4", got)
	}
}

func TestDialRefusesAProtocolRangeItDoesNotSpeak(t *testing.T) {
	checkLeaks(t)
	g := newGateway(t, "", nil)
	for _, o := range []Options{{MaxProtocol: 5}, {MinProtocol: 2}, {MinProtocol: 4, MaxProtocol: 3}} {
		_, err := Dial(context.Background(), g.url, o)
		if err == nil || !strings.Contains(err.Error(), "this client speaks 3..4") {
			t.Errorf("Dial(%d..%d) error = %v", o.MinProtocol, o.MaxProtocol, err)
		}
	}
	if n := g.connectCount(); n != 0 {
		t.Errorf("%d connects sent for ranges the client cannot speak", n)
	}
}

func TestFallbackClosesWithConnectRetry(t *testing.T) {
	checkLeaks(t)
	var first bool
	g := newRawGateway(t, func(s *rawSocket) {
		s.send(`{"type":"event","event":"connect.challenge","payload":{"nonce":"n","ts":1}}`)
		f, ok := s.read()
		if !ok {
			return
		}
		if !first {
			// A gateway that answers the mismatch but leaves the socket
			// open: the client closes it before reconnecting.
			first = true
			s.send(`{"type":"res","id":"` + idOf(f) + `","ok":false,"error":{"code":"INVALID_REQUEST",` +
				`"message":"protocol mismatch","details":{"expectedProtocol":3}}}`)
			s.drain()
			return
		}
		s.send(`{"type":"res","id":"` + idOf(f) + `","ok":true,"payload":` + helloJSON(60_000) + `}`)
		s.drain()
	})
	c, err := Dial(context.Background(), g.url, Options{MinProtocol: 4})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if c.Protocol() != 3 {
		t.Errorf("protocol = %d, want 3", c.Protocol())
	}
	if ce, ok := g.nextClose(); !ok || ce.Code != 1008 || ce.Reason != "connect retry" {
		t.Fatalf("gateway saw close %+v (%v), want 1008 connect retry", ce, ok)
	}
}

func TestHelloNewerThanTheOfferedMaxRunsAtTheMax(t *testing.T) {
	checkLeaks(t)
	// OpenClaw 2026.9 answers protocol 4 to a 3..3 probe it admits at 3.
	g := newRawGateway(t, func(s *rawSocket) {
		s.send(`{"type":"event","event":"connect.challenge","payload":{"nonce":"n","ts":1}}`)
		f, ok := s.read()
		if !ok {
			return
		}
		hello := strings.Replace(helloJSON(60_000), `"protocol":3`, `"protocol":4`, 1)
		s.send(`{"type":"res","id":"` + idOf(f) + `","ok":true,"payload":` + hello + `}`)
		s.drain()
	})
	c, err := Dial(context.Background(), g.url, Options{Client: ClientInfo{ID: ClientIDCLI, Mode: ClientModeProbe}, MaxProtocol: 3})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if c.Protocol() != 3 || c.Hello().Protocol != 4 {
		t.Errorf("protocol = %d (hello %d), want 3 (hello 4)", c.Protocol(), c.Hello().Protocol)
	}
}
