package model

import (
	"sort"

	"github.com/gatewire/gatewire/tools/protocol-gen/internal/load"
	"github.com/gatewire/gatewire/tools/protocol-gen/internal/names"
)

// Options tune Build.
type Options struct {
	// Reserved names are taken by generated helpers and cannot name a type.
	Reserved []string
	// Strict makes a definition key that is not a PascalCase identifier, a
	// reserved key or a key defined twice an error instead of a rename.
	Strict bool
}

// Root is a schema that must become a named type.
type Root struct {
	Schema *load.Schema
	// Name is the definition key (or a caller-chosen name); "" derives the
	// name from the schema's location, as for anonymous types.
	Name string
}

type buildState int

const (
	pending buildState = iota
	classifying
	classified
	filled
)

type builder struct {
	set       *load.Set
	opts      Options
	model     *Model
	alloc     *names.Allocator
	plans     map[*load.Schema]*plan
	preferred map[*load.Schema]string
	namedAt   map[*load.Document]map[string]*Named
	order     map[*Named][2]int
	roots     []*Named
	current   int
	seq       int
	queue     []*Named
	errs      load.Errors
}

// Build makes the model of roots and of everything they use. In strict
// mode the located errors are returned; otherwise problems become Notes.
func Build(set *load.Set, roots []Root, opts Options) (*Model, error) {
	b := &builder{
		set:       set,
		opts:      opts,
		model:     &Model{bySchema: map[*load.Schema]*Named{}},
		alloc:     names.NewAllocator(opts.Reserved...),
		plans:     map[*load.Schema]*plan{},
		preferred: map[*load.Schema]string{},
		namedAt:   map[*load.Document]map[string]*Named{},
		order:     map[*Named][2]int{},
	}
	for _, r := range roots {
		b.addRoot(r)
	}
	if err := b.errs.Err(); err != nil {
		return nil, err
	}
	for i, n := range b.roots {
		b.current = i
		b.fill(n)
		for len(b.queue) > 0 {
			next := b.queue[0]
			b.queue = b.queue[1:]
			b.fill(next)
		}
	}
	if err := b.errs.Err(); err != nil {
		return nil, err
	}
	b.sortTypes()
	return b.model, nil
}

// addRoot names a root and registers it.
func (b *builder) addRoot(r Root) {
	if b.model.bySchema[r.Schema] != nil {
		return
	}
	name := b.rootName(r)
	if name == "" {
		return
	}
	n := &Named{Name: name, Schema: r.Schema, Definition: r.Name, Description: describe(r.Schema), GoType: r.Schema.XGoType}
	b.register(n, len(b.roots))
	b.roots = append(b.roots, n)
}

func (b *builder) rootName(r Root) string {
	if r.Name == "" {
		return b.alloc.Unique(b.pathName(r.Schema))
	}
	want := names.TypeName(r.Name)
	if b.opts.Strict {
		return b.strictRootName(r, want)
	}
	if want == "" {
		want = "Type"
	}
	got := b.alloc.Unique(want)
	if got != r.Name {
		b.note(r.Schema, "definition %q is named %s", r.Name, got)
	}
	return got
}

func (b *builder) strictRootName(r Root, want string) string {
	switch {
	case !names.IsPascalIdent(r.Name):
		b.errs = append(b.errs, r.Schema.Errorf("definition name %q is not a PascalCase identifier", r.Name))
	case !b.alloc.Reserve(want):
		if prev := b.findRoot(want); prev != nil {
			b.errs = append(b.errs, r.Schema.Errorf("definition %s is also defined at %s:%d", want, prev.Schema.Doc.Name, prev.Schema.Line()))
		} else {
			b.errs = append(b.errs, r.Schema.Errorf("definition name %s is reserved for generated code", want))
		}
	default:
		return want
	}
	return ""
}

func (b *builder) findRoot(name string) *Named {
	for _, n := range b.roots {
		if n.Name == name {
			return n
		}
	}
	return nil
}

// register records a new named type for its schema and location.
func (b *builder) register(n *Named, rootIndex int) {
	b.model.bySchema[n.Schema] = n
	at := b.namedAt[n.Schema.Doc]
	if at == nil {
		at = map[string]*Named{}
		b.namedAt[n.Schema.Doc] = at
	}
	if at[n.Schema.Pointer] == nil {
		at[n.Schema.Pointer] = n
	}
	b.seq++
	b.order[n] = [2]int{rootIndex, b.seq}
	b.model.Types = append(b.model.Types, n)
}

// sortTypes orders types by the root they belong to, then by creation.
func (b *builder) sortTypes() {
	sort.SliceStable(b.model.Types, func(i, j int) bool {
		oi, oj := b.order[b.model.Types[i]], b.order[b.model.Types[j]]
		if oi[0] != oj[0] {
			return oi[0] < oj[0]
		}
		return oi[1] < oj[1]
	})
}

// ownerRoot returns the index of the root whose schema contains s, or the
// root being built when none does.
func (b *builder) ownerRoot(s *load.Schema) int {
	best, bestLen := b.current, -1
	for i, r := range b.roots {
		p := r.Schema.Pointer
		if r.Schema.Doc == s.Doc && len(p) > bestLen && isPrefixPointer(p, s.Pointer) {
			best, bestLen = i, len(p)
		}
	}
	return best
}

func isPrefixPointer(prefix, p string) bool {
	return prefix == "" || p == prefix || (len(p) > len(prefix) && p[:len(prefix)] == prefix && p[len(prefix)] == '/')
}

// note records a located remark (an error in strict mode is not wanted
// for these: they describe loose typing, not mistakes).
func (b *builder) note(s *load.Schema, format string, args ...any) {
	b.model.Notes = append(b.model.Notes, s.Errorf(format, args...))
}

func describe(s *load.Schema) string {
	if s.Description != "" {
		return s.Description
	}
	return s.Title
}
