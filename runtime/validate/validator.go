package validate

import (
	"errors"
	"fmt"
	"io/fs"

	"github.com/gatewire/gatewire/runtime/rpc"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// Locations of the frame envelopes in the schema folder.
const (
	requestFrameLocation  = "frames.json#/$defs/RequestFrame"
	responseFrameLocation = "frames.json#/$defs/ResponseFrame"
	eventFrameLocation    = "frames.json#/$defs/EventFrame"
)

// Validator holds the compiled schemas of the frame envelopes and of every
// method and event of a manifest. It is safe for concurrent use.
type Validator struct {
	requestFrame  *schemaCheck
	responseFrame *schemaCheck
	eventFrame    *schemaCheck
	params        map[string]*schemaCheck
	results       map[string]*schemaCheck // methods with a result schema
	events        map[string]*schemaCheck // nil value: event without a payload schema
	// skipParams is true when the RequestFrame schema ignores the value of
	// params, so that Request need not build it (Params checks it).
	skipParams bool
	// version is the protocol version validated (0: the files as written).
	version int
}

// Protocol returns the protocol version v validates (0 when its manifest
// declares none).
func (v *Validator) Protocol() int { return v.version }

// New compiles every *.json schema file at the top of fsys (draft 2020-12
// unless a file declares another dialect) and prepares validators for the
// three frame envelopes and for each method's params and result and each
// event's payload named in m (which may be nil: frames only). Every method
// must name a params schema; result and payload schemas are optional.
//
// A manifest that declares its protocol versions is validated at
// m.Protocol: the whole manifest at its current version, a view
// (Manifest.At) at the view's; the schema files are read as their view at
// that version (ViewAt).
func New(fsys fs.FS, m *rpc.Manifest) (*Validator, error) {
	version := 0
	if m != nil && len(m.Protocols.Accepted) > 0 {
		if view := m.At(m.Protocol); view != nil {
			m, version = view, m.Protocol
		}
	}
	c := newCompiler(fsys, version)
	if err := compileFiles(c, fsys, version); err != nil {
		return nil, fmt.Errorf("validate: %w", err)
	}
	v := &Validator{
		version: version,
		params:  map[string]*schemaCheck{},
		results: map[string]*schemaCheck{},
		events:  map[string]*schemaCheck{},
	}
	sc := &schemaCompiler{c: c, fast: newFastCompiler()}
	if err := v.compileFrames(sc); err != nil {
		return nil, fmt.Errorf("validate: %w", err)
	}
	if m == nil {
		return v, nil
	}
	if err := v.compileManifest(sc, m); err != nil {
		return nil, fmt.Errorf("validate: %w", err)
	}
	return v, nil
}

func (v *Validator) compileFrames(sc *schemaCompiler) error {
	var err error
	if v.requestFrame, err = sc.compile(requestFrameLocation); err != nil {
		return err
	}
	if v.responseFrame, err = sc.compile(responseFrameLocation); err != nil {
		return err
	}
	if v.eventFrame, err = sc.compile(eventFrameLocation); err != nil {
		return err
	}
	v.skipParams = memberIsFree(v.requestFrame.schema, "params")
	return nil
}

func (v *Validator) compileManifest(sc *schemaCompiler, m *rpc.Manifest) error {
	for _, spec := range m.Methods {
		if err := v.compileMethod(sc, spec); err != nil {
			return fmt.Errorf("method %s: %w", spec.Name, err)
		}
	}
	for _, spec := range m.Events {
		if err := v.compileEvent(sc, spec); err != nil {
			return fmt.Errorf("event %s: %w", spec.Name, err)
		}
	}
	return nil
}

func (v *Validator) compileMethod(sc *schemaCompiler, spec rpc.MethodSpec) error {
	if spec.Params == "" {
		return errors.New("no params schema")
	}
	params, err := sc.compile(spec.Params)
	if err != nil {
		return err
	}
	v.params[spec.Name] = params
	if spec.Result == "" {
		return nil
	}
	if v.results[spec.Name], err = sc.compile(spec.Result); err != nil {
		return err
	}
	return nil
}

func (v *Validator) compileEvent(sc *schemaCompiler, spec rpc.EventSpec) error {
	v.events[spec.Name] = nil
	if spec.Payload == "" {
		return nil
	}
	payload, err := sc.compile(spec.Payload)
	if err != nil {
		return err
	}
	v.events[spec.Name] = payload
	return nil
}

// schemaCompiler compiles manifest locations into checks.
type schemaCompiler struct {
	c    *jsonschema.Compiler
	fast *fastCompiler
}

func (sc *schemaCompiler) compile(location string) (*schemaCheck, error) {
	s, err := compileLocation(sc.c, location)
	if err != nil {
		return nil, err
	}
	return newSchemaCheck(s, sc.fast), nil
}
