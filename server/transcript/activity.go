package transcript

import (
	"context"

	"github.com/gatewire/gatewire/server/store"
)

// Activity is one message as the usage reports see it.
type Activity struct {
	SessionKey, SessionID string
	Role                  string
	Timestamp             int64 // epoch ms
	Provider, Model       string
	Usage                 Usage
	ToolCalls             int  // tool calls an assistant message makes
	IsError               bool // a failed tool result or an assistant error
}

// Activity returns the messages written in [fromMs, toMs], oldest first:
// every transcript's, archived ones included, or only key's current
// transcript when key is not "" (none when it does not exist).
func (s *Store) Activity(ctx context.Context, fromMs, toMs int64, key string) ([]Activity, error) {
	var rows []store.ActivityRow
	err := s.db.View(ctx, func(tx *store.Tx) error {
		sessionID := ""
		if key != "" {
			rec, err := tx.Session(key)
			if err != nil || rec == nil {
				return err
			}
			sessionID = rec.SessionID
		}
		var err error
		rows, err = tx.Activity(fromMs, toMs, sessionID)
		return err
	})
	if err != nil {
		return nil, err
	}
	out := make([]Activity, len(rows))
	for i, r := range rows {
		out[i] = Activity{SessionKey: r.SessionKey, SessionID: r.SessionID, Role: r.Role, Timestamp: r.TS,
			Provider: r.Provider, Model: r.Model, ToolCalls: r.ToolCalls, IsError: r.IsError,
			Usage: Usage{Input: r.Usage.Input, Output: r.Usage.Output, CacheRead: r.Usage.CacheRead,
				CacheWrite: r.Usage.CacheWrite, TotalTokens: r.Usage.Total, Cost: r.Usage.CostUSD}}
	}
	return out, nil
}
