package sessions

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/rpc"
	"github.com/gatewire/gatewire/server/transcript"
)

// SessionsReset answers sessions.reset: any run of the session is
// aborted, then the session starts over under a new session id with an
// empty transcript (the old one is archived); an unknown key is created.
func (s *Service) SessionsReset(ctx context.Context, _ *rpc.Call, p *protocol.SessionsResetParams) (*protocol.SessionsResetResult, error) {
	key, err := s.canonical(p.Key)
	if err != nil {
		return nil, err
	}
	s.abort(ctx, key)
	e, _, err := s.d.Transcripts.Reset(ctx, key)
	if err != nil {
		return nil, storeFailed(ctx, err)
	}
	return &protocol.SessionsResetResult{Ok: true, Key: key, Entry: s.entryJSON(e)}, nil
}

// SessionsDelete answers sessions.delete: never an agent's main session
// (v3's message); otherwise any run is aborted, the entry removed and
// its transcript archived in the state database, named in archived as
// "<database path>#<sessionId>" (empty when deleteTranscript is false:
// the transcript is kept unarchived).
func (s *Service) SessionsDelete(ctx context.Context, _ *rpc.Call, p *protocol.SessionsDeleteParams) (*protocol.SessionsDeleteResult, error) {
	key, err := s.canonical(p.Key)
	if err != nil {
		return nil, err
	}
	if transcript.IsMain(key) {
		return nil, invalid("Cannot delete the main session (%s).", key)
	}
	s.abort(ctx, key)
	deleted, archived, err := s.d.Transcripts.Delete(ctx, key)
	if err != nil {
		return nil, storeFailed(ctx, err)
	}
	res := &protocol.SessionsDeleteResult{Ok: true, Key: key, Deleted: deleted, Archived: []string{}}
	if archived != nil && (p.DeleteTranscript == nil || *p.DeleteTranscript) {
		res.Archived = append(res.Archived, s.archivePath(archived.SessionID))
	}
	return res, nil
}

// archivePath names an archived transcript in the state database.
func (s *Service) archivePath(sessionID string) string {
	return transcript.Locator(s.d.StorePath, sessionID)
}

// noTranscript is the compaction reason for an unknown session.
const noTranscript = "no transcript"

// SessionsCompact answers sessions.compact: a real compaction, the
// session's model summarizing everything but the last maxLines messages
// (none without maxLines: the model continues from the summary alone).
// History keeps every message. Without a summarizer (no model
// configured) it fails with UNAVAILABLE saying so.
func (s *Service) SessionsCompact(ctx context.Context, _ *rpc.Call, p *protocol.SessionsCompactParams) (*protocol.SessionsCompactResult, error) {
	key, err := s.canonical(p.Key)
	if err != nil {
		return nil, err
	}
	if _, ok, err := s.d.Transcripts.Get(ctx, key); err != nil {
		return nil, storeFailed(ctx, err)
	} else if !ok {
		return &protocol.SessionsCompactResult{Ok: true, Key: key, Reason: strPtr(noTranscript)}, nil
	}
	res, err := s.d.Transcripts.Compact(ctx, key, int(deref(p.MaxLines)), s.d.Summarize)
	switch {
	case errors.Is(err, transcript.ErrNoSummarizer):
		return nil, unavailable("%v", err)
	case errors.Is(err, transcript.ErrChanged):
		return nil, unavailable("compaction failed: the session was reset or deleted meanwhile")
	case err != nil && ctx.Err() == nil:
		return nil, unavailable("compaction failed: %v", err)
	case err != nil:
		return nil, ctx.Err()
	}
	out := &protocol.SessionsCompactResult{Ok: true, Key: key, Compacted: res.Compacted}
	if !res.Compacted {
		out.Reason = strPtr(res.Reason)
		return out, nil
	}
	kept := int64(res.Kept)
	out.Kept = &kept
	out.Extra = map[string]json.RawMessage{"tokensBefore": raw(res.TokensBefore), "tokensAfter": raw(res.TokensAfter),
		"summary": raw(res.Summary)}
	return out, nil
}
