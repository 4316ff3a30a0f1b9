package pairing

import (
	"slices"

	"github.com/gatewire/gatewire/runtime/wire"
	"github.com/gatewire/gatewire/server/store"
)

// deviceRequest is a connect's ask to be (re)approved.
type deviceRequest struct {
	DeviceID, PublicKey                  string
	DisplayName, Platform, DeviceFamily  string
	ClientID, ClientMode, Role, RemoteIP string
	Scopes                               []string
	Silent                               bool
}

// requestDevice records a pairing request inside tx: a repeat of the one
// pending request with the same key, role and scopes refreshes it (same
// request id, fresh metadata and time to live); anything else supersedes
// every pending request of the device with a new one whose roles and
// scopes are the union of theirs and its own. created reports a new
// request id.
func (s *Service) requestDevice(tx *store.Tx, req deviceRequest) (p *store.PendingDevice, created bool, err error) {
	if _, err := tx.PrunePendingDevices(s.pendingCutoff()); err != nil {
		return nil, false, err
	}
	paired, err := tx.Device(req.DeviceID)
	if err != nil {
		return nil, false, err
	}
	existing, err := tx.PendingDevices(req.DeviceID)
	if err != nil {
		return nil, false, err
	}
	if len(existing) == 1 && sameSnapshot(&existing[0], req) {
		p = refreshPending(existing[0], req, paired != nil, s.nowMs())
		return p, false, tx.PutPendingDevice(p)
	}
	p = s.supersedePending(existing, req, paired != nil)
	for _, old := range existing {
		if _, err := tx.DeletePendingDevice(old.RequestID); err != nil {
			return nil, false, err
		}
	}
	return p, true, tx.PutPendingDevice(p)
}

// sameSnapshot reports whether a request asks for exactly what a pending
// one does: same key, role, roles and (normalized) scopes.
func sameSnapshot(p *store.PendingDevice, req deviceRequest) bool {
	return p.PublicKey == req.PublicKey && p.Role == req.Role &&
		sameSet(mergeLists(p.Roles, []string{p.Role}), []string{req.Role}) &&
		sameSet(normalizeScopes(p.Scopes), normalizeScopes(req.Scopes))
}

// sameSet reports whether two lists hold the same distinct values.
func sameSet(a, b []string) bool {
	a, b = cleanList(a), cleanList(b)
	if len(a) != len(b) {
		return false
	}
	for _, v := range a {
		if !slices.Contains(b, v) {
			return false
		}
	}
	return true
}

// refreshPending updates a pending request from a repeated connect.
func refreshPending(p store.PendingDevice, req deviceRequest, repair bool, now int64) *store.PendingDevice {
	p.PublicKey = req.PublicKey
	p.DisplayName = orKeep(req.DisplayName, p.DisplayName)
	p.Platform = orKeep(req.Platform, p.Platform)
	p.DeviceFamily = orKeep(req.DeviceFamily, p.DeviceFamily)
	p.ClientID = orKeep(req.ClientID, p.ClientID)
	p.ClientMode = orKeep(req.ClientMode, p.ClientMode)
	p.RemoteIP = orKeep(req.RemoteIP, p.RemoteIP)
	p.Silent = p.Silent && req.Silent
	p.IsRepair = p.IsRepair || repair
	p.TS = now
	return &p
}

// supersedePending builds the request that replaces existing ones.
func (s *Service) supersedePending(existing []store.PendingDevice, req deviceRequest, repair bool) *store.PendingDevice {
	roles, scopes := []string{}, []string{}
	silent := req.Silent
	for _, old := range existing {
		roles = mergeLists(roles, old.Roles, []string{old.Role})
		scopes = mergeLists(scopes, old.Scopes)
		silent = silent && old.Silent
	}
	return &store.PendingDevice{
		RequestID: wire.NewUUID(), DeviceID: req.DeviceID, PublicKey: req.PublicKey,
		DisplayName: req.DisplayName, Platform: req.Platform, DeviceFamily: req.DeviceFamily,
		ClientID: req.ClientID, ClientMode: req.ClientMode, Role: req.Role,
		Roles: mergeLists(roles, []string{req.Role}), Scopes: mergeLists(scopes, req.Scopes),
		RemoteIP: req.RemoteIP, Silent: silent, IsRepair: repair, TS: s.nowMs(),
	}
}

// orKeep returns v, or old when v is empty.
func orKeep(v, old string) string {
	if v != "" {
		return v
	}
	return old
}
