package health

import (
	"encoding/json"
	"testing"
	"time"
)

type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time { return c.t }

func TestGetServesCacheUntilMaxAgeOrProbe(t *testing.T) {
	clk := &fakeClock{t: time.Unix(1000, 0)}
	builds := 0
	var reported []int64
	c := New(func() int { builds++; return builds }, func(_ int, v int64) { reported = append(reported, v) }, clk.now)
	if _, ok := c.CachedJSON(); ok || c.Version() != 1 {
		t.Fatal("new cache is not empty at version 1")
	}
	if got := c.Get(false); got != 1 || c.Version() != 2 {
		t.Fatalf("first get = %d v%d", got, c.Version())
	}
	clk.t = clk.t.Add(MaxAge - time.Millisecond)
	if got := c.Get(false); got != 1 {
		t.Fatalf("fresh get rebuilt: %d", got)
	}
	if got := c.Get(true); got != 2 {
		t.Fatalf("probe = %d", got)
	}
	clk.t = clk.t.Add(MaxAge)
	if got := c.Get(false); got != 3 {
		t.Fatalf("stale get = %d", got)
	}
	if len(reported) != 3 || reported[2] != 4 {
		t.Fatalf("reported = %v", reported)
	}
}

func TestPrimeDoesNotBumpOrReport(t *testing.T) {
	reports := 0
	c := New(func() string { return "s" }, func(string, int64) { reports++ }, time.Now)
	c.Prime()
	if raw, ok := c.CachedJSON(); !ok || string(raw) != `"s"` || c.Version() != 1 || reports != 0 {
		t.Fatalf("primed: %s %v v%d reports %d", raw, ok, c.Version(), reports)
	}
}

func TestJSONIsTheEncodedSummary(t *testing.T) {
	n := 0
	var reported []string
	c := New(func() map[string]int { n++; return map[string]int{"n": n} }, func(s map[string]int, _ int64) { raw, _ := json.Marshal(s); reported = append(reported, string(raw)) }, time.Now)
	if _, ok := c.CachedJSON(); ok {
		t.Fatal("empty cache has JSON")
	}
	if got := string(c.GetJSON(false)); got != `{"n":1}` {
		t.Fatalf("GetJSON = %s", got)
	}
	if got := string(c.GetJSON(true)); got != `{"n":2}` {
		t.Fatalf("probe GetJSON = %s", got)
	}
	if raw, ok := c.CachedJSON(); !ok || string(raw) != `{"n":2}` || c.Get(false)["n"] != 2 {
		t.Fatalf("cached = %s", raw)
	}
	if len(reported) != 2 || reported[0] != `{"n":1}` || reported[1] != `{"n":2}` {
		t.Fatalf("refreshes reported %v, want the encoded summaries", reported)
	}
}
