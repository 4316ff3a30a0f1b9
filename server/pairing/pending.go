package pairing

import (
	"slices"

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
	paired, err := tx.Device(req.DeviceID)
	if err != nil {
		return nil, false, err
	}
	repair := paired != nil
	return request(s, tx, ask[store.DeviceInfo]{
		kind:    store.DeviceRequests,
		subject: req.DeviceID,
		same:    func(p *store.PendingDevice) bool { return sameSnapshot(p, req) },
		refresh: func(p store.PendingDevice) store.PendingDevice { return refreshPending(p, req, repair) },
		supersede: func(existing []store.PendingDevice) store.PendingDevice {
			return supersedePending(existing, req, repair)
		},
	})
}

// sameSnapshot reports whether a request asks for exactly what a pending
// one does: same key, role, roles and (normalized) scopes.
func sameSnapshot(p *store.PendingDevice, req deviceRequest) bool {
	in := &p.Info
	return in.PublicKey == req.PublicKey && in.Role == req.Role &&
		sameSet(mergeLists(in.Roles, []string{in.Role}), []string{req.Role}) &&
		sameSet(normalizeScopes(in.Scopes), normalizeScopes(req.Scopes))
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
func refreshPending(p store.PendingDevice, req deviceRequest, repair bool) store.PendingDevice {
	in := &p.Info
	in.PublicKey = req.PublicKey
	in.DisplayName = orKeep(req.DisplayName, in.DisplayName)
	in.Platform = orKeep(req.Platform, in.Platform)
	in.DeviceFamily = orKeep(req.DeviceFamily, in.DeviceFamily)
	in.ClientID = orKeep(req.ClientID, in.ClientID)
	in.ClientMode = orKeep(req.ClientMode, in.ClientMode)
	in.RemoteIP = orKeep(req.RemoteIP, in.RemoteIP)
	p.Silent = p.Silent && req.Silent
	p.IsRepair = p.IsRepair || repair
	return p
}

// supersedePending builds the request that replaces existing ones.
func supersedePending(existing []store.PendingDevice, req deviceRequest, repair bool) store.PendingDevice {
	roles, scopes := []string{}, []string{}
	silent := req.Silent
	for _, old := range existing {
		roles = mergeLists(roles, old.Info.Roles, []string{old.Info.Role})
		scopes = mergeLists(scopes, old.Info.Scopes)
		silent = silent && old.Silent
	}
	return store.PendingDevice{
		Info: store.DeviceInfo{
			PublicKey: req.PublicKey, DisplayName: req.DisplayName, Platform: req.Platform,
			DeviceFamily: req.DeviceFamily, ClientID: req.ClientID, ClientMode: req.ClientMode, Role: req.Role,
			Roles: mergeLists(roles, []string{req.Role}), Scopes: mergeLists(scopes, req.Scopes), RemoteIP: req.RemoteIP,
		},
		Silent: silent, IsRepair: repair,
	}
}

// orKeep returns v, or old when v is empty.
func orKeep(v, old string) string {
	if v != "" {
		return v
	}
	return old
}
