// Package presence keeps the gateway's presence list: the gateway's own
// entry plus one entry per connected client (and per host that reported
// itself with system-event), keyed without regard to case. Entries expire
// five minutes after their last update, the list holds at most 200
// entries (the oldest go first), and a version counter, starting at 1,
// counts every change.
package presence

import (
	"bytes"
	"encoding/json"
	"sort"
	"strconv"
	"sync"
	"time"
)

// Limits of the presence list.
const (
	TTL        = 5 * time.Minute
	MaxEntries = 200
)

// Entry is one presence entry; its fields and JSON are exactly the
// protocol's PresenceEntry ("" and nil are left out).
type Entry struct {
	Host             string   `json:"host,omitempty"`
	IP               string   `json:"ip,omitempty"`
	Version          string   `json:"version,omitempty"`
	Platform         string   `json:"platform,omitempty"`
	DeviceFamily     string   `json:"deviceFamily,omitempty"`
	ModelIdentifier  string   `json:"modelIdentifier,omitempty"`
	Mode             string   `json:"mode,omitempty"`
	LastInputSeconds *int64   `json:"lastInputSeconds,omitempty"`
	Reason           string   `json:"reason,omitempty"`
	Tags             []string `json:"tags,omitempty"`
	Text             string   `json:"text,omitempty"`
	TS               int64    `json:"ts"`
	DeviceID         string   `json:"deviceId,omitempty"`
	Roles            []string `json:"roles,omitempty"`
	Scopes           []string `json:"scopes,omitempty"`
	InstanceID       string   `json:"instanceId,omitempty"`
	// ClientID and TimeZone are the connection's client id and time zone
	// (v4 entries carry them; v3's projection leaves them out).
	ClientID string `json:"clientId,omitempty"`
	TimeZone string `json:"timeZone,omitempty"`
}

// record is a stored entry; summarize says the text is derived from the
// entry's host and mode (connections) rather than given (system-event).
type record struct {
	entry     Entry
	summarize bool
	at        time.Time
}

// Registry is the presence list. It is safe for concurrent use.
type Registry struct {
	now func() time.Time

	mu      sync.Mutex
	self    Entry
	selfTS  [2][]byte // the own entry's JSON before and after its ts value
	records map[string]*record
	version int64
	// others holds the JSON of the entries other than self, newest first,
	// by protocol version; nil when stale.
	others map[int][]byte
	// shape gives the wire shape of entries at a protocol version (nil:
	// the entries as they are).
	shape func(v int, entries []Entry) any
}

// SetShape makes ListJSONAt encode the entries as shape returns them for
// the version asked for (the protocol's projection of presence entries).
// Call it before the registry is shared.
func (r *Registry) SetShape(shape func(v int, entries []Entry) any) { r.shape = shape }

// New returns a registry whose own entry is self (its ts is refreshed on
// every read). now is the clock (time.Now in production).
func New(self Entry, now func() time.Time) *Registry {
	self.Mode, self.Reason = "gateway", "self"
	self.Text = selfText(self)
	return &Registry{now: now, self: self, selfTS: splitAtTS(self), records: map[string]*record{}, version: 1}
}

// splitAtTS encodes e with ts 0 and splits the JSON around the ts value,
// so that the own entry, which changes only in ts, is not re-encoded on
// every read. "ts":0 cannot occur inside an encoded string, whose quotes
// are escaped.
func splitAtTS(e Entry) [2][]byte {
	e.TS = 0
	b, _ := json.Marshal(e) // plain structs always encode
	const ts = `"ts":`
	i := bytes.Index(b, []byte(ts+"0")) + len(ts)
	return [2][]byte{b[:i], b[i+1:]}
}

// Version returns the presence state version.
func (r *Registry) Version() int64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.version
}

// Connect records a connection under key with reason "connect" and the
// text "Node: <host> · mode <mode>". It does not broadcast: protocol v3
// sends no presence event on connect.
func (r *Registry) Connect(key string, e Entry) int64 {
	e.Reason = "connect"
	return r.update(key, e, true)
}

// Disconnect marks the entry of key with reason "disconnect" (its text
// stays) and returns the new version; it reports false when there is no
// such entry.
func (r *Registry) Disconnect(key string) (int64, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	rec, ok := r.records[normalizeKey(key)]
	if !ok {
		return r.version, false
	}
	rec.entry.Reason = "disconnect"
	r.touch(rec)
	r.version++
	r.others = nil
	return r.version, true
}

// Report merges a self-reported entry (system-event) under key: fields
// set in e replace the stored ones; e.Text is kept as given.
func (r *Registry) Report(key string, e Entry) int64 {
	return r.update(key, e, false)
}

func (r *Registry) update(key string, e Entry, summarize bool) int64 {
	key = normalizeKey(key)
	r.mu.Lock()
	defer r.mu.Unlock()
	rec, ok := r.records[key]
	if !ok {
		rec = &record{}
		r.records[key] = rec
	}
	rec.entry = merge(rec.entry, e)
	rec.summarize = summarize || (ok && rec.summarize && e.Text == "")
	r.touch(rec)
	r.evictOverflow()
	r.version++
	r.others = nil
	return r.version
}

// touch stamps a record with the current time and refreshes its text.
func (r *Registry) touch(rec *record) {
	rec.at = r.now()
	rec.entry.TS = rec.at.UnixMilli()
	if rec.summarize {
		rec.entry.Text = clientText(rec.entry)
	}
}

// List returns the live entries, newest first, the gateway's own entry
// (stamped now) first. Expired entries are dropped.
func (r *Registry) List() []Entry {
	r.mu.Lock()
	defer r.mu.Unlock()
	now := r.now()
	return append([]Entry{r.selfAt(now)}, r.othersAt(now)...)
}

// ListJSON returns List as a JSON array (the protocol's presence list),
// the entries as they are.
func (r *Registry) ListJSON() json.RawMessage { return r.ListJSONAt(0) }

// ListJSONAt returns List as a JSON array shaped for protocol version v
// (SetShape; 0 leaves the entries as they are). The entries other than
// the gateway's own are encoded once per change and version.
func (r *Registry) ListJSONAt(v int) json.RawMessage {
	r.mu.Lock()
	defer r.mu.Unlock()
	now := r.now()
	r.dropExpired(now)
	others, ok := r.others[v]
	if !ok {
		var list any = r.othersAt(now)
		if r.shape != nil && v != 0 {
			list = r.shape(v, r.othersAt(now))
		}
		others, _ = json.Marshal(list) // plain structs always encode
		if r.others == nil {
			r.others = map[int][]byte{}
		}
		r.others[v] = others
	}
	out := make([]byte, 0, len(r.selfTS[0])+len(r.selfTS[1])+len(others)+24)
	out = append(append(out, '['), r.selfTS[0]...)
	out = strconv.AppendInt(out, now.UnixMilli(), 10)
	out = append(out, r.selfTS[1]...)
	if len(others) > len("[]") {
		out = append(append(out, ','), others[1:len(others)-1]...)
	}
	return append(out, ']')
}

// selfAt returns the gateway's own entry stamped at now.
func (r *Registry) selfAt(now time.Time) Entry {
	self := r.self
	self.TS = now.UnixMilli()
	return self
}

// dropExpired removes the records not updated for TTL. The caller holds
// r.mu.
func (r *Registry) dropExpired(now time.Time) {
	for key, rec := range r.records {
		if now.Sub(rec.at) > TTL {
			delete(r.records, key)
			r.others = nil
		}
	}
}

// othersAt drops expired records and returns the others, newest first
// (ties in key order, so the order is the same on every read). The
// caller holds r.mu.
func (r *Registry) othersAt(now time.Time) []Entry {
	r.dropExpired(now)
	keys := make([]string, 0, len(r.records))
	for key := range r.records {
		keys = append(keys, key)
	}
	sort.Slice(keys, func(a, b int) bool {
		ta, tb := r.records[keys[a]].entry.TS, r.records[keys[b]].entry.TS
		return ta > tb || (ta == tb && keys[a] < keys[b])
	})
	out := make([]Entry, len(keys))
	for i, k := range keys {
		out[i] = r.records[k].entry
	}
	return out
}

// evictOverflow drops the oldest records beyond MaxEntries (the gateway's
// own entry counts as one).
func (r *Registry) evictOverflow() {
	for len(r.records)+1 > MaxEntries {
		var oldest string
		var at time.Time
		for k, rec := range r.records {
			if oldest == "" || rec.at.Before(at) {
				oldest, at = k, rec.at
			}
		}
		delete(r.records, oldest)
		r.others = nil
	}
}
