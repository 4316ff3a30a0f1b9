package swift

import "strconv"

// One Swift model serves every protocol version (the union of their
// members): a member bounded by x-since or x-until (the model's
// Field.Since and Field.Until) is optional in Swift and its doc comment
// says where it exists; an enum value of x-enum-since (Named.ValueSince)
// says since when.

// versionRange is the protocol versions a member exists in; 0 leaves that
// end open.
type versionRange struct {
	since, until int
}

// bounded reports whether the member is absent from some version.
func (r versionRange) bounded() bool { return r.since > 0 || r.until > 0 }

// doc is the doc comment line that states the range, or nil.
func (r versionRange) doc() []string {
	switch {
	case r.since > 0 && r.until > 0:
		return []string{"Protocol " + strconv.Itoa(r.since) + " to " + strconv.Itoa(r.until) + " only; absent at other versions."}
	case r.since > 0:
		return []string{"Since protocol " + strconv.Itoa(r.since) + "; absent at earlier versions."}
	case r.until > 0:
		return []string{"Until protocol " + strconv.Itoa(r.until) + "; absent at later versions."}
	}
	return nil
}
