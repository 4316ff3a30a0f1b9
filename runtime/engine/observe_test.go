package engine

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gatewire/gatewire/runtime/wire"
)

// tally is an Observer that counts what it is told, by name.
type tally struct {
	mu     sync.Mutex
	counts map[string]int
	asked  map[string]int // recorders asked for, by "method:" or "event:" name
}

func newTally() *tally { return &tally{counts: map[string]int{}, asked: map[string]int{}} }

func (t *tally) add(key string, n int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.counts[key] += n
}

func (t *tally) get(key string) int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.counts[key]
}

func (t *tally) Method(name string) MethodRecorder {
	t.mu.Lock()
	t.asked["method:"+name]++
	t.mu.Unlock()
	return tallyMethod{t, name}
}

func (t *tally) Event(name string) EventRecorder {
	t.mu.Lock()
	t.asked["event:"+name]++
	t.mu.Unlock()
	return tallyEvent{t, name}
}

func (t *tally) Opened(p *Peer)        { t.add("open:"+string(p.Role), 1) }
func (t *tally) Closed(p *Peer)        { t.add("open:"+string(p.Role), -1) }
func (t *tally) Refused(reason string) { t.add("refused:"+reason, 1) }
func (t *tally) SlowConsumer()         { t.add("slow", 1) }

type tallyMethod struct {
	t    *tally
	name string
}

func (m tallyMethod) Done(elapsed time.Duration, e *wire.Error) {
	code := "OK"
	if e != nil {
		code = e.Code
	}
	if elapsed <= 0 {
		m.t.add("no-duration:"+m.name, 1)
	}
	m.t.add("call:"+m.name+":"+code, 1)
}

type tallyEvent struct {
	t    *tally
	name string
}

func (e tallyEvent) Delivered(sent, dropped int) {
	e.t.add("sent:"+e.name, sent)
	e.t.add("dropped:"+e.name, dropped)
}

func observed(obs Observer) func(*Config) { return func(c *Config) { c.Observer = obs } }

func TestObserverResolvesRecordersOnceAndCountsCalls(t *testing.T) {
	obs := newTally()
	h := newHarness(t, observed(obs))
	for name, n := range obs.asked {
		if n != 1 {
			t.Errorf("recorder %s asked for %d times", name, n)
		}
	}
	if obs.asked["method:health"] != 1 || obs.asked["method:"+UnknownMethod] != 1 || obs.asked["event:open.event"] != 1 {
		t.Fatalf("recorders asked for: %v", obs.asked)
	}
	c := h.open("operator", "operator.admin")
	c.call("1", "health", `{}`)
	c.call("2", "health", `{}`)
	c.call("3", "made.up.by.client", `{}`)
	c.call("4", "boom", `{}`)
	// A request is recorded once its reply is queued.
	eventually(t, "every call recorded", func() bool {
		return obs.get("call:health:OK") == 2 && obs.get("call:unknown:INVALID_REQUEST") == 1 && obs.get("call:boom:UNAVAILABLE") == 1
	})
	for k := range obs.counts {
		if strings.Contains(k, "made.up") || strings.HasPrefix(k, "no-duration:") {
			t.Fatalf("recorded %s", k)
		}
	}
	if obs.get("open:operator") != 1 {
		t.Fatalf("open operators = %d", obs.get("open:operator"))
	}
	c.Close()
	eventually(t, "the closed connection counted out", func() bool { return obs.get("open:operator") == 0 })
}

func TestObserverCountsRefusedHandshakes(t *testing.T) {
	obs := newTally()
	h := newHarness(t, func(c *Config) {
		c.Observer = obs
		c.Policy.HandshakeTimeoutMs = 200
	})
	refused := h.dial()
	refused.read()
	refused.send(`{"type":"req","id":"c1","method":"connect","params":{"refuse":true}}`)
	refused.closed()
	first := h.dial()
	first.read()
	first.send(`{"type":"req","id":"h1","method":"health","params":{}}`)
	first.closed()
	silent := h.dial()
	silent.read()
	silent.closed() // the handshake timeout closes it
	eventually(t, "every refusal counted", func() bool {
		return obs.get("refused:INVALID_REQUEST") == 1 && obs.get("refused:"+RefusedNotConnect) == 1 &&
			obs.get("refused:"+RefusedTimeout) == 1
	})
}

func TestObserverCountsSlowConsumersAndDroppedEvents(t *testing.T) {
	obs := newTally()
	h := newHarness(t, func(c *Config) {
		c.Observer = obs
		c.Policy.MaxBufferedBytes = 256 << 10
	})
	dropper := h.open("operator", "operator.read") // read.event is drop-if-slow
	big := strings.Repeat("y", 64<<10)
	for h.srv.Broadcast(Event{Name: "read.event", Payload: big}) != 0 {
	}
	if obs.get("dropped:read.event") != 1 || obs.get("slow") != 0 || obs.get("sent:read.event") < 1 {
		t.Fatalf("after a skipped event: %v", obs.counts)
	}
	dropper.CloseNow()
	eventually(t, "the dropper gone", func() bool { _, open := h.srv.Count(); return open == 0 })

	slow := h.open("operator", "operator.admin")
	conn := h.onlyConn()
	for conn.closeCode.Load() == 0 {
		h.srv.Broadcast(Event{Name: "open.event", Payload: big})
	}
	if ce := slow.closed(); ce.Code != 1008 {
		t.Fatalf("close = %d", ce.Code)
	}
	if obs.get("slow") != 1 || obs.get("dropped:open.event") < 1 {
		t.Fatalf("after a slow consumer: %v", obs.counts)
	}
}
