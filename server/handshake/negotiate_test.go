package handshake

import "testing"

func TestNegotiateAndValidationVersion(t *testing.T) {
	v := DefaultVersions()
	v4only := Versions{Current: 4, Accepted: []int{4}, NodeMin: 3, ProbeMin: 3}
	for _, c := range []struct {
		name     string
		vs       Versions
		o        Offer
		want     int
		validate int
		admitted bool
	}{
		{"3..3", v, Offer{Min: 3, Max: 3}, 3, 3, true},
		{"3..4", v, Offer{Min: 3, Max: 4}, 4, 4, true},
		{"4..5", v, Offer{Min: 4, Max: 5}, 4, 4, true},
		{"5..5", v, Offer{Min: 5, Max: 5}, 0, 4, false},
		{"1..2", v, Offer{Min: 1, Max: 2}, 0, 3, false},
		{"v4-only gateway, 3..3 operator", v4only, Offer{Min: 3, Max: 3}, 0, 4, false},
		{"v4-only gateway, 3..3 probe", v4only, Offer{Min: 3, Max: 3, Probe: true}, 3, 4, true},
		{"v4-only gateway, 3..3 node", v4only, Offer{Min: 3, Max: 3, Node: true}, 3, 4, true},
		{"v4-only gateway, 2..2 probe", v4only, Offer{Min: 2, Max: 2, Probe: true}, 0, 4, false},
	} {
		got, ok := c.vs.Negotiate(c.o)
		if got != c.want || ok != c.admitted {
			t.Errorf("%s: negotiated %d %v, want %d %v", c.name, got, ok, c.want, c.admitted)
		}
		if vv := c.vs.ValidationVersion(c.o.Min, c.o.Max); vv != c.validate {
			t.Errorf("%s: validated at %d, want %d", c.name, vv, c.validate)
		}
	}
}
