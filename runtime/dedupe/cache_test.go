package dedupe

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"testing"
	"time"

	"github.com/gatewire/gatewire/runtime/wire"
)

type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func TestRepeatGetsTheCompletedReply(t *testing.T) {
	clk := &clock{t: time.Unix(1000, 0)}
	c := New(time.Minute, 10, clk.now)
	e, leader := c.Begin("send:k")
	if !leader {
		t.Fatal("first Begin must lead")
	}
	e.Complete(Reply{Payload: json.RawMessage(`{"runId":"k"}`)})
	e2, leader := c.Begin("send:k")
	if leader {
		t.Fatal("a repeat must not lead")
	}
	r, err := e2.Wait(context.Background(), false)
	if err != nil || string(r.Payload) != `{"runId":"k"}` {
		t.Fatalf("Wait = %s, %v", r.Payload, err)
	}
}

func TestErrorsAreRemembered(t *testing.T) {
	c := New(time.Minute, 10, nil)
	e, _ := c.Begin("k")
	e.Complete(Reply{Err: wire.Unavailable("channel down")})
	e2, _ := c.Begin("k")
	r, _ := e2.Wait(context.Background(), false)
	if r.Err == nil || r.Err.Message != "channel down" {
		t.Fatalf("reply = %+v", r)
	}
}

func TestConcurrentDuplicateWaitsForTheFirst(t *testing.T) {
	c := New(time.Minute, 10, nil)
	e, _ := c.Begin("k")
	dup, leader := c.Begin("k")
	if leader || dup != e {
		t.Fatal("a concurrent duplicate must join the first request's entry")
	}
	// Until the first request completes, the duplicate can only give up.
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := dup.Wait(cancelled, false); !errors.Is(err, context.Canceled) {
		t.Fatalf("Wait before completion = %v, want the context's error", err)
	}
	got := make(chan Reply)
	go func() {
		r, _ := dup.Wait(context.Background(), false)
		got <- r
	}()
	e.Complete(Reply{Payload: json.RawMessage(`1`)})
	if r := <-got; string(r.Payload) != "1" {
		t.Fatalf("duplicate reply = %s", r.Payload)
	}
}

func TestTwoPhaseDuplicateGetsTheInterimReply(t *testing.T) {
	c := New(time.Minute, 10, nil)
	e, _ := c.Begin("agent:k")
	e.Interim(Reply{Payload: json.RawMessage(`{"status":"accepted"}`)})
	e2, _ := c.Begin("agent:k")
	r, _ := e2.Wait(context.Background(), true)
	if string(r.Payload) != `{"status":"accepted"}` {
		t.Fatalf("reply = %s", r.Payload)
	}
	e.Complete(Reply{Payload: json.RawMessage(`{"status":"ok"}`)})
	r, _ = e2.Wait(context.Background(), true)
	if string(r.Payload) != `{"status":"ok"}` {
		t.Fatalf("after completion the duplicate gets the final reply, got %s", r.Payload)
	}
}

func TestEntriesExpireAfterTTL(t *testing.T) {
	clk := &clock{t: time.Unix(1000, 0)}
	c := New(5*time.Minute, 10, clk.now)
	e, _ := c.Begin("k")
	e.Complete(Reply{})
	clk.t = clk.t.Add(5*time.Minute + time.Second)
	if _, leader := c.Begin("k"); !leader {
		t.Fatal("an expired entry must not answer a repeat")
	}
}

func TestExpiryIsCheckedBetweenSweeps(t *testing.T) {
	clk := &clock{t: time.Unix(1000, 0)}
	c := New(100*time.Millisecond, 10, clk.now)
	e, _ := c.Begin("k")
	e.Complete(Reply{})
	clk.t = clk.t.Add(200 * time.Millisecond) // sooner than the next sweep
	if _, leader := c.Begin("k"); !leader {
		t.Fatal("an expired entry answered a repeat before the sweep")
	}
}

func TestExpiredEntriesAreSwept(t *testing.T) {
	clk := &clock{t: time.Unix(1000, 0)}
	c := New(time.Minute, 10, clk.now)
	for _, key := range []string{"a", "b"} {
		e, _ := c.Begin(key)
		e.Complete(Reply{})
	}
	inflight, _ := c.Begin("c")
	clk.t = clk.t.Add(time.Minute + time.Second)
	c.Begin("d")
	if n := c.Len(); n != 2 {
		t.Fatalf("Len = %d, want the in-flight entry and the new one", n)
	}
	inflight.Complete(Reply{})
}

func TestCapacityEvictsOldestCompletedOnly(t *testing.T) {
	c := New(time.Hour, 3, nil)
	inflight, _ := c.Begin("inflight")
	for i := range 5 {
		e, _ := c.Begin(strconv.Itoa(i))
		e.Complete(Reply{})
	}
	if n := c.Len(); n != 3 {
		t.Fatalf("Len = %d, want the capacity of 3 (the in-flight entry and the two newest)", n)
	}
	if _, leader := c.Begin("inflight"); leader {
		t.Fatal("an in-flight entry must never be evicted")
	}
	if _, leader := c.Begin("0"); !leader {
		t.Fatal("the oldest completed entry should have been evicted")
	}
	inflight.Complete(Reply{})
}

func TestTTLCountsFromCompletion(t *testing.T) {
	clk := &clock{t: time.Unix(1000, 0)}
	c := New(time.Minute, 10, clk.now)
	e, _ := c.Begin("k")
	clk.t = clk.t.Add(10 * time.Minute) // a request that runs longer than the TTL
	e.Complete(Reply{})
	clk.t = clk.t.Add(30 * time.Second)
	if _, leader := c.Begin("k"); leader {
		t.Fatal("a reply completed 30s ago expired: its TTL was counted from the start of the request")
	}
}
