package swift

import (
	"strconv"

	"github.com/gatewire/gatewire/tools/protocol-gen/internal/model"
)

// enumSinceKeyword on an enum maps values to the protocol version they
// exist from. (x-since and x-until of members reach Swift through the
// model's Field.Since and Field.Until.) One Swift model serves every
// version, so a bounded member is optional in Swift and its doc comment
// says where it exists.
const enumSinceKeyword = "x-enum-since"

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

// enumSince reads x-enum-since of an enum: the version each listed value
// exists from.
func enumSince(n *model.Named) map[string]int {
	if n.Schema == nil || n.Schema.Node == nil {
		return nil
	}
	marks := n.Schema.Node.Get(enumSinceKeyword)
	if marks == nil {
		return nil
	}
	out := map[string]int{}
	for _, member := range marks.Members {
		if v, ok := member.Value.Int(); ok {
			out[member.Key] = int(v)
		}
	}
	return out
}
