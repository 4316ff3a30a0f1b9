package pipeline

import (
	"github.com/gatewire/gatewire/tools/protocol-gen/internal/configgen"
	"github.com/gatewire/gatewire/tools/protocol-gen/internal/emit"
)

// WithConfig adds the generated config package (gen/go/config) to the
// files Protocol generated, when the schema folder has a config schema
// (config/gatewire.schema.json).
func WithConfig(dir string, files emit.Files) (emit.Files, error) {
	cfg, err := configgen.Generate(dir)
	if err != nil {
		return nil, err
	}
	if err := files.AddUnder("", cfg); err != nil {
		return nil, err
	}
	return files, nil
}
