package presence

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

type clock struct{ t time.Time }

func (c *clock) now() time.Time          { return c.t }
func (c *clock) advance(d time.Duration) { c.t = c.t.Add(d) }
func newRegistry() (*Registry, *clock) {
	c := &clock{t: time.UnixMilli(1_700_000_000_000)}
	return New(Entry{Host: "gw-host", IP: "10.0.0.2", Version: "1.0"}, c.now), c
}

func TestSelfEntryIsAlwaysFirstWithItsText(t *testing.T) {
	r, _ := newRegistry()
	list := r.List()
	if len(list) != 1 {
		t.Fatalf("list = %+v", list)
	}
	self := list[0]
	if self.Mode != "gateway" || self.Reason != "self" || self.Text != "Gateway: gw-host (10.0.0.2) · app 1.0 · mode gateway · reason self" {
		t.Fatalf("self = %+v", self)
	}
	if own := Self("1.0"); own.Host == "" || own.Platform == "" || own.DeviceFamily == "" || own.ModelIdentifier == "" {
		t.Fatalf("Self = %+v", own)
	}
	if r.Version() != 1 {
		t.Fatalf("initial version = %d", r.Version())
	}
}

func TestConnectDisconnectAndVersion(t *testing.T) {
	r, c := newRegistry()
	v := r.Connect("dev-1", Entry{Host: "laptop", Version: "2026.5.7", Mode: "ui", Roles: []string{"operator", ""}})
	if v != 2 {
		t.Fatalf("version after connect = %d", v)
	}
	c.advance(time.Second)
	v, ok := r.Disconnect("dev-1")
	if !ok || v != 3 {
		t.Fatalf("disconnect = %d %v", v, ok)
	}
	if _, ok := r.Disconnect("unknown"); ok {
		t.Fatal("disconnect of unknown key succeeded")
	}
	list := r.List()
	e := list[1]
	if e.Reason != "disconnect" || e.TS != c.t.UnixMilli() || len(e.Roles) != 1 || e.Text != "Node: laptop · mode ui" {
		t.Fatalf("entry = %+v", e)
	}
}

func TestKeysIgnoreCaseAndSurroundingSpace(t *testing.T) {
	r, _ := newRegistry()
	r.Report(Key(Entry{Host: "Studio", Text: "idle"}), Entry{Host: "Studio", Text: "idle"})
	r.Report(Key(Entry{Host: " studio ", Text: "busy"}), Entry{Text: "busy"})
	r.Connect("Device-1", Entry{Host: "mac", Mode: "ui"})
	if _, ok := r.Disconnect("device-1"); !ok {
		t.Fatal("disconnect under another case found no entry")
	}
	list := r.List()
	if len(list) != 3 || list[1].Text != "busy" && list[2].Text != "busy" {
		t.Fatalf("list = %+v", list)
	}
	if Key(Entry{DeviceID: "  ", Host: "h"}) != "h" {
		t.Fatal("a blank device id was used as the key")
	}
}

func TestEntriesExpireAfterFiveMinutes(t *testing.T) {
	r, c := newRegistry()
	r.Connect("old", Entry{Host: "a"})
	c.advance(3 * time.Minute)
	r.Report("new", Entry{Host: "b", Text: "hello"})
	c.advance(2*time.Minute + time.Millisecond)
	list := r.List()
	if len(list) != 2 || list[1].Host != "b" || list[1].Text != "hello" {
		t.Fatalf("list = %+v", list)
	}
}

func TestListIsNewestFirstAndCapped(t *testing.T) {
	r, c := newRegistry()
	for i := 0; i < MaxEntries+20; i++ {
		c.advance(time.Millisecond)
		r.Connect(fmt.Sprint("k", i), Entry{Host: fmt.Sprint("h", i)})
	}
	list := r.List()
	if len(list) != MaxEntries {
		t.Fatalf("len = %d", len(list))
	}
	if list[1].Host != fmt.Sprint("h", MaxEntries+19) || list[len(list)-1].Host != "h21" {
		t.Fatalf("order: first %s last %s", list[1].Host, list[len(list)-1].Host)
	}
}

func TestReportMergesAndKeyFallsBack(t *testing.T) {
	r, _ := newRegistry()
	r.Connect("d1", Entry{Host: "mac", Mode: "ui", Version: "1"})
	in := int64(5)
	r.Report("d1", Entry{Text: "Node: active", LastInputSeconds: &in})
	e := r.List()[1]
	if e.Host != "mac" || e.Text != "Node: active" || e.LastInputSeconds == nil || *e.LastInputSeconds != 5 || e.Reason != "connect" {
		t.Fatalf("merged = %+v", e)
	}
	if Key(Entry{Text: strings.Repeat("x", 80)}) != strings.Repeat("x", 64) || Key(Entry{IP: "1.2.3.4", Text: "t"}) != "1.2.3.4" {
		t.Fatal("key fallback wrong")
	}
}

func TestListJSONMatchesList(t *testing.T) {
	r, c := newRegistry()
	check := func() {
		t.Helper()
		want, _ := json.Marshal(r.List())
		if got := r.ListJSON(); string(got) != string(want) {
			t.Fatalf("ListJSON = %s\nList     = %s", got, want)
		}
	}
	check()
	r.Connect("a", Entry{Host: "a", Roles: []string{"operator"}})
	check()
	c.advance(time.Second)
	r.Report("b", Entry{Host: "b", Text: "hi · there"})
	check()
	r.Disconnect("a")
	check()
	c.advance(TTL - time.Millisecond)
	check()
	c.advance(2 * time.Second)
	check()
	if n := len(r.List()); n != 1 {
		t.Fatalf("after expiry %d entries", n)
	}
}

func TestReportedEntriesAreBounded(t *testing.T) {
	r, _ := newRegistry()
	tags := make([]string, 100)
	for i := range tags {
		tags[i] = "t"
	}
	r.Report("k", Entry{Host: strings.Repeat("h", 10_000), Text: strings.Repeat("é", 10_000), Tags: tags})
	e := r.List()[1]
	if len(e.Host) != MaxFieldBytes || len(e.Text) > MaxTextBytes || len(e.Tags) != MaxListItems || !utf8.ValidString(e.Text) {
		t.Fatalf("host %d text %d tags %d", len(e.Host), len(e.Text), len(e.Tags))
	}
}

func TestListJSONKeepsAnAwkwardOwnEntryIntact(t *testing.T) {
	c := &clock{t: time.UnixMilli(1_700_000_000_123)}
	r := New(Entry{Host: `gw "ts":0 host`, IP: "::1", Version: `"ts":0`, Tags: []string{`"ts":0`}}, c.now)
	for range 2 {
		want, _ := json.Marshal(r.List())
		if got := r.ListJSON(); string(got) != string(want) {
			t.Fatalf("ListJSON = %s\nList     = %s", got, want)
		}
		c.advance(1500 * time.Millisecond)
	}
}
