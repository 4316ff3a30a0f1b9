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
// stalls the connection. Conn.Subscribe's ends with its connection;
// Client.Subscribe's lasts across reconnects.
type Subscription struct {
	// C receives the events; it is closed when the subscription ends (its
	// Close, the end of its connection, or the end of its Client).
	C <-chan Event

	c       chan Event
	names   []string
	set     *subscriptionSet
	dropped atomic.Int64
	once    sync.Once
}

// subscriptionSet holds the subscriptions of a Conn or a Client. Events
// are offered under its lock, so a subscription cannot be closed while an
// event is being handed to it.
type subscriptionSet struct {
	mu    sync.Mutex
	subs  map[*Subscription]struct{}
	ended bool
}

// subscribe registers a subscription to the named events (every event
// when no name is given), buffering up to buffer events (at least 1). Once
// the set has ended, the subscription comes back already closed.
func (set *subscriptionSet) subscribe(buffer int, names []string) *Subscription {
	ch := make(chan Event, max(buffer, 1))
	s := &Subscription{C: ch, c: ch, names: names, set: set}
	set.mu.Lock()
	defer set.mu.Unlock()
	if set.ended {
		s.end()
		return s
	}
	if set.subs == nil {
		set.subs = map[*Subscription]struct{}{}
	}
	set.subs[s] = struct{}{}
	return s
}

// remove unregisters s and reports whether it was registered.
func (set *subscriptionSet) remove(s *Subscription) bool {
	set.mu.Lock()
	defer set.mu.Unlock()
	_, ok := set.subs[s]
	delete(set.subs, s)
	return ok
}

// offer hands ev to every subscription that wants it.
func (set *subscriptionSet) offer(ev Event) {
	set.mu.Lock()
	defer set.mu.Unlock()
	for s := range set.subs {
		s.offer(ev)
	}
}

// end closes every subscription and makes later ones start closed.
func (set *subscriptionSet) end() {
	set.mu.Lock()
	subs := set.subs
	set.subs, set.ended = nil, true
	set.mu.Unlock()
	for s := range subs {
		s.end()
	}
}

// Subscribe returns a subscription to the named events (every event when
// no name is given), buffering up to buffer events (at least 1).
func (c *Conn) Subscribe(buffer int, names ...string) *Subscription {
	return c.events.subscribe(buffer, names)
}

// Dropped returns how many events found the channel full.
func (s *Subscription) Dropped() int64 { return s.dropped.Load() }

// Close ends the subscription and closes C.
func (s *Subscription) Close() {
	if s.set.remove(s) {
		s.end()
	}
}

// offer hands ev to s without blocking, counting it as dropped when the
// channel is full. The set's lock must be held, so that s cannot be
// closed meanwhile.
func (s *Subscription) offer(ev Event) {
	if !s.wants(ev.Name) {
		return
	}
	select {
	case s.c <- ev:
	default:
		s.dropped.Add(1)
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
	c.events.offer(ev)
}

// Subscribe returns a subscription to the named events (every event when
// no name is given) of every connection the Client makes: it lasts
// across reconnects until its Close or the Client's end. Sequence gaps
// within a connection are reported to Options.OnGap; a reconnect starts
// a new sequence (state derived from events should be refreshed in
// OnConnect).
func (c *Client) Subscribe(buffer int, names ...string) *Subscription {
	return c.events.subscribe(buffer, names)
}

// fanOut hands an event of the current connection to the Client's
// subscriptions. It runs on that connection's reader goroutine.
func (c *Client) fanOut(ev Event) { c.events.offer(ev) }
