package gatewire

import (
	"encoding/json"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/wire"
)

// Event is one event frame received after the handshake.
type Event struct {
	// Name is the event's wire name, e.g. "presence".
	Name string
	// Payload is the raw JSON payload (nil when absent).
	Payload json.RawMessage
	// Seq is the connection's broadcast sequence number; HasSeq is false
	// for direct events, which carry none.
	Seq    int64
	HasSeq bool
	// StateVersion is set on presence and health events.
	StateVersion *wire.StateVersion
}

// Decode decodes the payload into v.
func (e Event) Decode(v any) error { return json.Unmarshal(e.Payload, v) }

// Typed decodes the payload into the event's generated payload type and
// returns a pointer to it (e.g. *protocol.PresenceEvent for "presence");
// an event the protocol does not define is an error.
func (e Event) Typed() (any, error) { return protocol.DecodeEventPayload(e.Name, e.Payload) }

// Gap describes broadcasts a connection missed: the seq it expected next
// and the one it received.
type Gap struct {
	// Expected is the seq after the last one seen.
	Expected int64
	// Received is the seq of the event that revealed the gap.
	Received int64
}

// Subscription receives events on a channel. An event that finds the
// channel full is dropped and counted, so that a slow subscriber never
// stalls the connection.
type Subscription struct {
	// C receives the events; it is closed when the subscription or the
	// connection ends.
	C <-chan Event

	c       chan Event
	names   []string
	conn    *Conn
	dropped atomic.Int64
	once    sync.Once
}

// Subscribe returns a subscription to the named events (every event when
// no name is given), buffering up to buffer events (at least 1).
func (c *Conn) Subscribe(buffer int, names ...string) *Subscription {
	buffer = max(buffer, 1)
	ch := make(chan Event, buffer)
	s := &Subscription{C: ch, c: ch, names: names, conn: c}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.err != nil {
		s.end()
		return s
	}
	c.subs[s] = struct{}{}
	return s
}

// Dropped returns how many events found the channel full.
func (s *Subscription) Dropped() int64 { return s.dropped.Load() }

// Close ends the subscription and closes C.
func (s *Subscription) Close() {
	s.conn.mu.Lock()
	_, ok := s.conn.subs[s]
	delete(s.conn.subs, s)
	s.conn.mu.Unlock()
	if ok {
		s.end()
	}
}

// end closes the channel, once.
func (s *Subscription) end() { s.once.Do(func() { close(s.c) }) }

// wants reports whether the subscription takes the named event.
func (s *Subscription) wants(name string) bool {
	return len(s.names) == 0 || slices.Contains(s.names, name)
}

// deliver hands an event to OnEvent and the subscriptions. It runs on the
// reader goroutine, so subscriptions cannot be closed concurrently with a
// send (Close takes the lock deliver holds).
func (c *Conn) deliver(ev Event) {
	if c.opts.OnEvent != nil {
		c.opts.OnEvent(ev)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for s := range c.subs {
		if !s.wants(ev.Name) {
			continue
		}
		select {
		case s.c <- ev:
		default:
			s.dropped.Add(1)
		}
	}
}
