package heartbeat

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestRunRecordsWhatHappenedAndSurvivesRestart(t *testing.T) {
	file := filepath.Join(t.TempDir(), "heartbeat.json")
	var emitted []Event
	s := New(Options{File: file, Enabled: true, Every: time.Hour, Now: time.Now, Emit: func(e Event) { emitted = append(emitted, e) }})
	if s.Last() != nil {
		t.Fatal("fresh scheduler has a last heartbeat")
	}
	s.Enqueue("first")
	s.Enqueue("first")
	s.Enqueue("second")
	ev := s.RunNow()
	if ev.Status != StatusSkipped || ev.Reason != ReasonNoAgent || ev.Preview != "first\nsecond" || ev.DurationMs == nil {
		t.Fatalf("event = %+v", ev)
	}
	if len(emitted) != 1 || len(s.Queued()) != 0 {
		t.Fatalf("emitted %v queued %v", emitted, s.Queued())
	}
	info, err := os.Stat(file)
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("file %v %v", info, err)
	}
	again := New(Options{File: file, Now: time.Now})
	if last := again.Last(); last == nil || last.TS != ev.TS || last.Preview != ev.Preview {
		t.Fatalf("after restart last = %+v", last)
	}
}

func TestDisabledHeartbeatSaysSo(t *testing.T) {
	s := New(Options{File: filepath.Join(t.TempDir(), "h.json"), Enabled: true, Every: time.Hour, Now: time.Now})
	s.SetEnabled(false)
	if on, _ := s.Enabled(); on {
		t.Fatal("still enabled")
	}
	if ev := s.RunNow(); ev.Reason != ReasonDisabled {
		t.Fatalf("event = %+v", ev)
	}
	s.Configure(true, time.Minute)
	if on, every := s.Enabled(); !on || every != time.Minute {
		t.Fatalf("configure: %v %v", on, every)
	}
	s.Stop()
}

func TestQueueIsBounded(t *testing.T) {
	s := New(Options{File: filepath.Join(t.TempDir(), "h.json"), Now: time.Now})
	for i := 0; i < MaxQueued+5; i++ {
		s.Enqueue(strings.Repeat("x", i+1))
	}
	s.Enqueue(strings.Repeat("y", 3*MaxTextBytes))
	q := s.Queued()
	if len(q) != MaxQueued || len(q[0]) != 7 || len(q[MaxQueued-1]) != MaxTextBytes {
		t.Fatalf("queue len %d first %d", len(q), len(q[0]))
	}
	if ev := s.RunNow(); len([]rune(ev.Preview)) != previewMax {
		t.Fatalf("preview len %d", len(ev.Preview))
	}
}

func TestPeriodEmitsHeartbeats(t *testing.T) {
	got := make(chan Event, 4)
	s := New(Options{File: filepath.Join(t.TempDir(), "h.json"), Enabled: true, Every: 5 * time.Millisecond, Now: time.Now, Emit: func(e Event) { got <- e }})
	s.Start()
	defer s.Stop()
	for i := 0; i < 2; i++ {
		if ev := <-got; ev.Status != StatusSkipped {
			t.Fatalf("event = %+v", ev)
		}
	}
}

func TestCorruptFileIsReportedNotFatal(t *testing.T) {
	file := filepath.Join(t.TempDir(), "h.json")
	os.WriteFile(file, []byte("{broken"), 0o600)
	var reported error
	s := New(Options{File: file, Now: time.Now, OnError: func(err error) { reported = err }})
	if s.Last() != nil || reported == nil || !strings.Contains(reported.Error(), file) {
		t.Fatalf("last %v reported %v", s.Last(), reported)
	}
}
