package pairing

import (
	"github.com/gatewire/gatewire/runtime/wire"
	"github.com/gatewire/gatewire/server/store"
)

// The one pairing mechanism. A subject (a device, or a node's command
// surface) asks; its request waits in the store under its Kind for at
// most PendingTTL; an operator approves it, which writes the subject's
// paired record, or rejects it; either way the request is gone. Device
// and node pairing differ only in what a request holds, when a repeated
// ask refreshes the pending request rather than superseding it, and what
// an approval writes. A later family (protocol v4's node surface waiting
// on its device record is the node kind keyed by the device id) is one
// more Kind and these three functions.

// errUnknownRequest is the reply for a request id that is not pending.
func errUnknownRequest() *wire.Error { return wire.InvalidRequest("unknown requestId") }

// ask is one request for a subject's pairing.
type ask[I any] struct {
	kind    store.Kind[I]
	subject string
	// same reports whether the subject's one pending request asks for the
	// same thing, so that it is refreshed rather than superseded.
	same func(*store.Pending[I]) bool
	// refresh returns the pending request updated by the repeated ask
	// (the caller sets its time).
	refresh func(store.Pending[I]) store.Pending[I]
	// supersede returns the request that replaces the existing ones (the
	// caller sets its id, subject and time).
	supersede func(existing []store.Pending[I]) store.Pending[I]
}

// request records an ask inside tx after pruning expired requests: the
// subject's one pending request is refreshed when same accepts it (same
// request id, fresh time to live); otherwise every pending request of the
// subject is replaced by a new one. created reports a new request id.
func request[I any](s *Service, tx *store.Tx, a ask[I]) (p *store.Pending[I], created bool, err error) {
	if _, err := a.kind.Prune(tx, s.pendingCutoff()); err != nil {
		return nil, false, err
	}
	existing, err := a.kind.List(tx, a.subject)
	if err != nil {
		return nil, false, err
	}
	if len(existing) == 1 && a.same(&existing[0]) {
		next := a.refresh(existing[0])
		next.TS = s.nowMs()
		return &next, false, a.kind.Put(tx, &next)
	}
	for _, old := range existing {
		if _, err := a.kind.Delete(tx, old.RequestID); err != nil {
			return nil, false, err
		}
	}
	next := a.supersede(existing)
	next.RequestID, next.SubjectID, next.TS = wire.NewUUID(), a.subject, s.nowMs()
	return &next, true, a.kind.Put(tx, &next)
}

// livePending returns the pending request with id after pruning expired
// requests, or the unknown-request reply.
func livePending[I any](s *Service, tx *store.Tx, kind store.Kind[I], requestID string) (*store.Pending[I], error) {
	if _, err := kind.Prune(tx, s.pendingCutoff()); err != nil {
		return nil, err
	}
	p, err := kind.Get(tx, requestID)
	if err == nil && p == nil {
		err = errUnknownRequest()
	}
	return p, err
}

// resolve settles a live pending request inside tx: approve (nil for a
// rejection) writes the subject's paired record, then the request is
// removed. It returns the request that was settled.
func resolve[I any](s *Service, tx *store.Tx, kind store.Kind[I], requestID string,
	approve func(*store.Pending[I]) error,
) (*store.Pending[I], error) {
	p, err := livePending(s, tx, kind, requestID)
	if err != nil {
		return nil, err
	}
	if approve != nil {
		if err := approve(p); err != nil {
			return nil, err
		}
	}
	_, err = kind.Delete(tx, requestID)
	return p, err
}
