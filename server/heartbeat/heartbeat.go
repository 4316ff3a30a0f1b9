// Package heartbeat runs the gateway's heartbeat: every period (when
// enabled) and whenever a wake asks for one now, it takes the texts
// queued for the main session, records what happened and reports it as a
// heartbeat event. gatewire has no agent to run, so a heartbeat never
// pretends one ran: it is "skipped" with reason "no-agent" (or "disabled"
// when heartbeats are off), and it carries a preview of the texts it
// took. The last heartbeat is kept in a file so it survives restarts.
package heartbeat

import (
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/gatewire/gatewire/runtime/clip"
)

// Statuses and reasons of the heartbeats gatewire records.
const (
	StatusSkipped  = "skipped"
	ReasonNoAgent  = "no-agent"
	ReasonDisabled = "disabled"
)

// Limits of the queue of texts for the main session: at most MaxQueued
// texts of at most MaxTextBytes each.
const (
	MaxQueued    = 20
	MaxTextBytes = 4096
	previewMax   = 200
)

// Event is one heartbeat; its JSON is the protocol's HeartbeatEvent.
type Event struct {
	TS         int64  `json:"ts"`                   // when it ran, epoch milliseconds
	Status     string `json:"status"`               // always StatusSkipped in gatewire
	Reason     string `json:"reason,omitempty"`     // ReasonNoAgent or ReasonDisabled
	Preview    string `json:"preview,omitempty"`    // the texts it took, cut short
	DurationMs *int64 `json:"durationMs,omitempty"` // how long the run took
}

// Options configure a Scheduler.
type Options struct {
	// File keeps the last heartbeat.
	File string
	// Enabled and Every are the configured switch and period.
	Enabled bool
	Every   time.Duration
	// Emit receives every heartbeat (the heartbeat broadcast).
	Emit func(Event)
	// Now is the clock.
	Now func() time.Time
	// OnError hears about problems with the heartbeat file (the
	// scheduler keeps running without it).
	OnError func(error)
}

// Scheduler runs heartbeats. It is safe for concurrent use.
type Scheduler struct {
	file    string
	emit    func(Event)
	now     func() time.Time
	onError func(error)

	mu      sync.Mutex
	enabled bool
	every   time.Duration
	queue   []string
	last    *Event
	timer   *time.Timer
	stopped bool
}

// New returns a scheduler with the last heartbeat read from o.File (a
// missing or unreadable file means none yet; the latter is reported to
// OnError). Call Start to begin the period.
func New(o Options) *Scheduler {
	s := &Scheduler{file: o.File, emit: o.Emit, now: o.Now, onError: o.OnError, enabled: o.Enabled, every: o.Every}
	last, err := readLast(o.File)
	if err != nil {
		s.report(err)
	}
	s.last = last
	return s
}

func (s *Scheduler) report(err error) {
	if s.onError != nil {
		s.onError(err)
	}
}

// Start schedules the periodic heartbeat.
func (s *Scheduler) Start() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.schedule()
}

// Stop cancels the periodic heartbeat.
func (s *Scheduler) Stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stopped = true
	if s.timer != nil {
		s.timer.Stop()
	}
}

// Configure applies the configured switch and period (a config reload);
// it replaces a switch set with SetEnabled.
func (s *Scheduler) Configure(enabled bool, every time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.enabled, s.every = enabled, every
	s.schedule()
}

// SetEnabled turns periodic heartbeats on or off (set-heartbeats).
func (s *Scheduler) SetEnabled(enabled bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.enabled = enabled
	s.schedule()
}

// Enabled reports whether periodic heartbeats run, and their period.
func (s *Scheduler) Enabled() (bool, time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.enabled, s.every
}

// Last returns the last heartbeat, nil when there was none.
func (s *Scheduler) Last() *Event {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.last == nil {
		return nil
	}
	e := *s.last
	return &e
}

// Enqueue queues a text for the main session (system-event and wake);
// the oldest texts go beyond MaxQueued and a repeat of the newest text is
// not queued twice.
func (s *Scheduler) Enqueue(text string) {
	text = clip.Bytes(text, MaxTextBytes)
	s.mu.Lock()
	defer s.mu.Unlock()
	if n := len(s.queue); n > 0 && s.queue[n-1] == text {
		return
	}
	s.queue = append(s.queue, text)
	if len(s.queue) > MaxQueued {
		s.queue = s.queue[len(s.queue)-MaxQueued:]
	}
}

// Queued returns the queued texts, oldest first.
func (s *Scheduler) Queued() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string{}, s.queue...)
}

// Wake queues text and, for mode "now", runs a heartbeat right away.
func (s *Scheduler) Wake(text string, now bool) {
	s.Enqueue(text)
	if now {
		go s.RunNow()
	}
}

// schedule (re)arms the period timer. The caller holds s.mu.
func (s *Scheduler) schedule() {
	if s.timer != nil {
		s.timer.Stop()
		s.timer = nil
	}
	if s.stopped || !s.enabled || s.every <= 0 {
		return
	}
	s.timer = time.AfterFunc(s.every, func() {
		s.RunNow()
		s.mu.Lock()
		defer s.mu.Unlock()
		s.schedule()
	})
}

// RunNow runs one heartbeat, records it and emits it.
func (s *Scheduler) RunNow() Event {
	start := s.now()
	s.mu.Lock()
	taken := s.queue
	s.queue = nil
	ev := Event{TS: start.UnixMilli(), Status: StatusSkipped, Reason: ReasonNoAgent, Preview: preview(taken)}
	if !s.enabled {
		ev.Reason = ReasonDisabled
	}
	ms := s.now().Sub(start).Milliseconds()
	ev.DurationMs = &ms
	s.last = &ev
	s.mu.Unlock()
	if err := writeLast(s.file, ev); err != nil {
		s.report(fmt.Errorf("saving the last heartbeat: %w", err))
	}
	if s.emit != nil {
		s.emit(ev)
	}
	return ev
}

// preview joins the taken texts and cuts them to previewMax characters.
func preview(texts []string) string {
	p := []rune(strings.Join(texts, "\n"))
	if len(p) > previewMax {
		p = p[:previewMax]
	}
	return string(p)
}
