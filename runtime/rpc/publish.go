package rpc

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/gatewire/gatewire/runtime/wire"
)

// Delivery is one event sent along one of its routes.
type Delivery struct {
	// Event is the event's wire name.
	Event string
	// Route is the manifest route it travels; its Target picks the
	// recipients.
	Route *RouteSpec
	// Key names the target: the session key, run id, connection id or
	// node id; "" for a broadcast.
	Key string
	// Payload is the encoded payload, encoded once for every recipient;
	// unused when Shaped is set.
	Payload json.RawMessage
	// Shaped is the payload when its wire shape depends on the protocol
	// version: the publisher encodes it once per version among the
	// recipients (Shape). A publisher that forwards deliveries elsewhere
	// encodes it for every accepted version first.
	Shaped Versioned
	// StateVersion is attached when set (presence and health).
	StateVersion *wire.StateVersion
	// DropIfSlow makes a slow consumer skip the event instead of being
	// closed.
	DropIfSlow bool
}

// Publisher delivers events. The engine implements it in-process; a
// broker between gateways can implement it later without touching the
// producers, which only ever see generated typed emitters over it.
type Publisher interface {
	// Publish sends d to its route's recipients and returns how many
	// connections it was queued for.
	Publish(d Delivery) int
	// Bind records that a producer of event exists: the event is listed
	// in hello-ok features.events.
	Bind(event string)
}

// Subscriptions registers the connections session and run routes reach.
// The engine keys them by connection and forgets them when it closes.
type Subscriptions interface {
	// SubscribeSession makes connection connID receive the session's
	// events; UnsubscribeSession undoes it.
	SubscribeSession(connID, sessionKey string)
	UnsubscribeSession(connID, sessionKey string)
	// AddRunRecipient makes connection connID a requester of run runID;
	// EndRun forgets the run's requesters.
	AddRunRecipient(runID, connID string)
	EndRun(runID string)
}

// ErrNoRoute is returned by an emitter asked to send an event along a
// route the manifest does not give it at the time (a route condition that
// does not hold for the payload).
var ErrNoRoute = errors.New("rpc: the manifest gives the event no such route for this payload")

// Emit encodes payload once and publishes it along every route of ev to
// target whose condition holds, reading payload members with member (nil
// when no route has a condition). It returns the number of connections
// the event was queued for, or ErrNoRoute when no route applied.
// Generated typed emitters call it.
func Emit(pub Publisher, ev *EventSpec, target Target, key string, payload any, sv *wire.StateVersion, member func(string) string) (int, error) {
	raw, shaped, err := EncodePayload(payload)
	if err != nil {
		return 0, fmt.Errorf("rpc: encode %s payload: %w", ev.Name, err)
	}
	n, routed := 0, false
	for i := range ev.Routes {
		r := &ev.Routes[i]
		if r.Target != target || !holds(r.When, member) {
			continue
		}
		routed = true
		drop := r.DropIfSlow || r.DropIfSlowWhen.Member != "" && holds(r.DropIfSlowWhen, member)
		n += pub.Publish(Delivery{Event: ev.Name, Route: r, Key: key, Payload: raw, Shaped: shaped, StateVersion: sv, DropIfSlow: drop})
	}
	if !routed {
		return 0, ErrNoRoute
	}
	return n, nil
}

// EncodePayload prepares an event payload for a Delivery: a Versioned
// payload is kept to be encoded per version (shaped), any other is
// encoded once (raw).
func EncodePayload(payload any) (raw json.RawMessage, shaped Versioned, err error) {
	if v, ok := payload.(Versioned); ok {
		return nil, v, nil
	}
	raw, err = wire.Marshal(payload)
	return raw, nil, err
}

// holds evaluates a route condition on a payload.
func holds(c Condition, member func(string) string) bool {
	if c.Member == "" {
		return true
	}
	if member == nil {
		return false
	}
	return c.Holds(member(c.Member))
}
