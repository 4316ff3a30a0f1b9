package gatewire

import (
	"encoding/json"
	"time"
)

// Hello is the gateway's hello-ok: what the connection was granted and
// the gateway's limits.
type Hello struct {
	Type     string        `json:"type"`
	Protocol int           `json:"protocol"`
	Server   HelloServer   `json:"server"`
	Features HelloFeatures `json:"features"`
	// Snapshot is the gateway's state at connect (presence, health,
	// stateVersion, uptimeMs, …) as sent.
	Snapshot json.RawMessage `json:"snapshot"`
	Auth     HelloAuth       `json:"auth"`
	Policy   HelloPolicy     `json:"policy"`
	// CanvasHostURL is set when the gateway hosts a canvas.
	CanvasHostURL string `json:"canvasHostUrl,omitempty"`
}

// HelloServer identifies the gateway and this connection.
type HelloServer struct {
	Version string `json:"version"`
	ConnID  string `json:"connId"`
}

// HelloFeatures lists the methods and events the gateway implements.
type HelloFeatures struct {
	Methods []string `json:"methods"`
	Events  []string `json:"events"`
}

// HelloAuth is the negotiated role and scopes, and the device token the
// gateway issued, if any.
type HelloAuth struct {
	Role        string   `json:"role"`
	Scopes      []string `json:"scopes"`
	DeviceToken string   `json:"deviceToken,omitempty"`
	IssuedAtMs  int64    `json:"issuedAtMs,omitempty"`
}

// HelloPolicy holds the gateway's limits and tick interval.
type HelloPolicy struct {
	MaxPayload       int64 `json:"maxPayload"`
	MaxBufferedBytes int64 `json:"maxBufferedBytes"`
	TickIntervalMs   int64 `json:"tickIntervalMs"`
}

// TickInterval returns the gateway's tick interval, or the protocol
// default when hello-ok did not give a positive one.
func (p HelloPolicy) TickInterval() time.Duration {
	if p.TickIntervalMs <= 0 {
		return DefaultTickInterval
	}
	return time.Duration(p.TickIntervalMs) * time.Millisecond
}

// UptimeMs returns snapshot.uptimeMs, or false when the snapshot has none.
func (h *Hello) UptimeMs() (int64, bool) {
	var s struct {
		UptimeMs *int64 `json:"uptimeMs"`
	}
	if json.Unmarshal(h.Snapshot, &s) != nil || s.UptimeMs == nil {
		return 0, false
	}
	return *s.UptimeMs, true
}
