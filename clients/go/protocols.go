package gatewire

import (
	"errors"
	"fmt"
	"strings"
)

// Protocol versions this client speaks. By default connect offers the
// whole range, so a gateway that speaks protocol 4 (gatewire, OpenClaw
// 2026.9 and later) picks 4 and one that speaks only 3 (OpenClaw 2026.5)
// picks 3, in one round trip.
const (
	// MinProtocolVersion is the oldest protocol version the client speaks.
	MinProtocolVersion = 3
	// MaxProtocolVersion is the newest protocol version the client speaks.
	MaxProtocolVersion = 4
	// ProtocolVersion is the version the client prefers when the gateway
	// speaks several.
	ProtocolVersion = MaxProtocolVersion
)

// protocolRange is the minProtocol..maxProtocol of one connect.
type protocolRange struct{ min, max int }

// contains reports whether v lies in the range.
func (r protocolRange) contains(v int) bool { return r.min <= v && v <= r.max }

// String formats the range as the reference documents do ("3..4").
func (r protocolRange) String() string { return fmt.Sprintf("%d..%d", r.min, r.max) }

// offeredRange returns the range connect offers first: Options'
// MinProtocol..MaxProtocol, each defaulting to the client's own bounds.
// A range the client cannot speak is an error.
func offeredRange(o *Options) (protocolRange, error) {
	r := protocolRange{min: MinProtocolVersion, max: MaxProtocolVersion}
	if o.MinProtocol != 0 {
		r.min = o.MinProtocol
	}
	if o.MaxProtocol != 0 {
		r.max = o.MaxProtocol
	}
	if r.min > r.max || r.min < MinProtocolVersion || r.max > MaxProtocolVersion {
		return r, fmt.Errorf("protocol range %s: this client speaks %d..%d", r, MinProtocolVersion, MaxProtocolVersion)
	}
	return r, nil
}

// negotiated returns the protocol a connection offered r runs at, given
// hello-ok's protocol. A version the client does not speak is an error.
// The OpenClaw 2026.9 gateway answers protocol 4 to the probes and nodes
// it admits at 3 (a range whose max is 3): such a connection runs at the
// offered max.
func negotiated(r protocolRange, hello int64) (int, error) {
	v := int(hello)
	switch {
	case r.contains(v):
		return v, nil
	case v > r.max && v <= MaxProtocolVersion:
		return r.max, nil
	}
	return 0, fmt.Errorf("gateway negotiated protocol %d, this client offered %s", hello, r)
}

// protocolFallback returns the range to offer again after err, a refused
// connect offered r: when the gateway refused it as a protocol mismatch
// (details.code PROTOCOL_MISMATCH, or the message, as OpenClaw 2026.5
// sends it without a code) naming an expectedProtocol the client speaks
// outside r, the client reconnects offering exactly that version, as the
// reference node host does. Otherwise ok is false.
func protocolFallback(err error, r protocolRange) (next protocolRange, ok bool) {
	var ce *ConnectError
	if !errors.As(err, &ce) {
		return r, false
	}
	d := Details(ce)
	mismatch := d.Code == DetailProtocolMismatch || strings.EqualFold(ce.Reply.Message, "protocol mismatch")
	v := d.ExpectedProtocol
	if !mismatch || v < MinProtocolVersion || v > MaxProtocolVersion || r.contains(v) {
		return r, false
	}
	return protocolRange{min: v, max: v}, true
}
