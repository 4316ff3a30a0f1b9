package javascript

import (
	"strings"
	"testing"

	"github.com/gatewire/gatewire/tools/protocol-gen/internal/manifest"
	"github.com/gatewire/gatewire/tools/protocol-gen/internal/model"
)

// TestKeyClash: two method names that make the same key in Method are
// refused, naming both.
func TestKeyClash(t *testing.T) {
	p := &manifest.Protocol{Manifest: &manifest.Manifest{Methods: []*manifest.Method{
		{Name: "system-presence"}, {Name: "system.presence"},
	}}, Source: "schema/manifest.json"}
	_, err := Generate(&model.Model{}, p)
	if err == nil || !strings.Contains(err.Error(), `"system-presence" and "system.presence"`) {
		t.Fatalf("err = %v, want the clash named", err)
	}
}

// TestCommentsStayClosed: a description holding "*/" cannot end a JSDoc
// block early.
func TestCommentsStayClosed(t *testing.T) {
	n := &model.Named{Name: "Evil", Kind: model.Enum, Values: []string{"a"}, Description: "ends */ here"}
	got := typedef(n)
	if strings.Count(got, "*/") != 1 || !strings.HasSuffix(got, " */\n") {
		t.Fatalf("typedef = %q", got)
	}
}
