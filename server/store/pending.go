package store

import "encoding/json"

// Pending is a pairing request waiting for a decision: who asks
// (SubjectID: a device id, or a node id, which is the node's device id
// when it has one) and what it asks for (Info). Device pairing and node
// pairing share it; they differ only in Info, named by their Kind.
type Pending[I any] struct {
	RequestID string
	SubjectID string
	Info      I
	Silent    bool // qualifies for silent local approval
	IsRepair  bool // the subject was already paired when it asked
	TS        int64
}

// Kind names one family of pairing requests in the shared table and the
// type of what they ask for. Requests of different kinds never see each
// other, even for the same subject: a node's pending command surface and
// its device's pending pairing live side by side (protocol v4 keeps the
// first on the device record).
type Kind[I any] struct{ name string }

// PendingDevice is a device pairing request; PendingNode asks for a node's
// declared surface (commands, caps, permissions).
type (
	PendingDevice = Pending[DeviceInfo]
	PendingNode   = Pending[NodeInfo]
)

// The pairing request kinds.
var (
	DeviceRequests = Kind[DeviceInfo]{name: "device"}
	NodeRequests   = Kind[NodeInfo]{name: "node"}
)

const pendingColumns = "request_id, subject_id, info, silent, is_repair, ts"

// scan returns a scanner for one pairing_requests row of this kind.
func (k Kind[I]) scan(row rowScanner) (*Pending[I], error) {
	var p Pending[I]
	var info string
	var silent, repair int
	if err := row.Scan(&p.RequestID, &p.SubjectID, &info, &silent, &repair, &p.TS); err != nil {
		return nil, err
	}
	p.Silent, p.IsRepair = silent != 0, repair != 0
	return &p, decodeInto("pairing_requests.info", info, &p.Info)
}

// Get returns the pending request with id, or nil.
func (k Kind[I]) Get(t *Tx, requestID string) (*Pending[I], error) {
	return queryOne(t, "reading pending "+k.name+" request "+requestID, k.scan,
		"SELECT "+pendingColumns+" FROM pairing_requests WHERE kind = ? AND request_id = ?", k.name, requestID)
}

// List returns the pending requests, newest first; with a non-empty
// subject only that subject's.
func (k Kind[I]) List(t *Tx, subjectID string) ([]Pending[I], error) {
	query := "SELECT " + pendingColumns + " FROM pairing_requests WHERE kind = ?"
	args := []any{k.name}
	if subjectID != "" {
		query += " AND subject_id = ?"
		args = append(args, subjectID)
	}
	return queryAll(t, "listing pending "+k.name+" requests", k.scan, query+" ORDER BY ts DESC, request_id", args...)
}

// Put inserts or replaces a pending request.
func (k Kind[I]) Put(t *Tx, p *Pending[I]) error {
	info, err := json.Marshal(p.Info)
	if err != nil {
		return err
	}
	_, err = t.exec("writing pending "+k.name+" request "+p.RequestID, `INSERT OR REPLACE INTO pairing_requests
		(kind, `+pendingColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		k.name, p.RequestID, p.SubjectID, string(info), boolInt(p.Silent), boolInt(p.IsRepair), p.TS)
	return err
}

// Delete removes a pending request; it reports whether it existed.
func (k Kind[I]) Delete(t *Tx, requestID string) (bool, error) {
	res, err := t.exec("removing pending "+k.name+" request "+requestID,
		"DELETE FROM pairing_requests WHERE kind = ? AND request_id = ?", k.name, requestID)
	if err != nil {
		return false, err
	}
	return affected(res), nil
}

// DeleteSubject removes every pending request of a subject.
func (k Kind[I]) DeleteSubject(t *Tx, subjectID string) error {
	_, err := t.exec("removing pending "+k.name+" requests of "+subjectID,
		"DELETE FROM pairing_requests WHERE kind = ? AND subject_id = ?", k.name, subjectID)
	return err
}

// Prune removes requests last refreshed before cutoffMs and returns how
// many it removed.
func (k Kind[I]) Prune(t *Tx, cutoffMs int64) (int64, error) {
	res, err := t.exec("pruning pending "+k.name+" requests",
		"DELETE FROM pairing_requests WHERE kind = ? AND ts < ?", k.name, cutoffMs)
	if err != nil {
		return 0, err
	}
	n, _ := res.RowsAffected()
	return n, nil
}
