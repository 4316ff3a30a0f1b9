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
	RequestFrameLocation  = "frames.json#/$defs/RequestFrame"
	ResponseFrameLocation = "frames.json#/$defs/ResponseFrame"
	EventFrameLocation    = "frames.json#/$defs/EventFrame"
)

// Validator holds the compiled schemas of the frame envelopes and of every
// method and event of a manifest. It is safe for concurrent use.
type Validator struct {
	requestFrame  *jsonschema.Schema
	responseFrame *jsonschema.Schema
	eventFrame    *jsonschema.Schema
	params        map[string]*jsonschema.Schema
	results       map[string]*jsonschema.Schema // methods with a result schema
	events        map[string]*jsonschema.Schema // nil value: event without a payload schema
}

// New compiles every *.json schema file at the top of fsys (draft 2020-12
// unless a file declares another dialect) and prepares validators for the
// three frame envelopes and for each method's params and result and each
// event's payload named in m (which may be nil: frames only). Every method
// must name a params schema; result and payload schemas are optional.
func New(fsys fs.FS, m *rpc.Manifest) (*Validator, error) {
	c := newCompiler(fsys)
	if err := compileFiles(c, fsys); err != nil {
		return nil, fmt.Errorf("validate: %w", err)
	}
	v := &Validator{
		params:  map[string]*jsonschema.Schema{},
		results: map[string]*jsonschema.Schema{},
		events:  map[string]*jsonschema.Schema{},
	}
	if err := v.compileFrames(c); err != nil {
		return nil, fmt.Errorf("validate: %w", err)
	}
	if m == nil {
		return v, nil
	}
	if err := v.compileManifest(c, m); err != nil {
		return nil, fmt.Errorf("validate: %w", err)
	}
	return v, nil
}

func (v *Validator) compileFrames(c *jsonschema.Compiler) error {
	var err error
	if v.requestFrame, err = compileLocation(c, RequestFrameLocation); err != nil {
		return err
	}
	if v.responseFrame, err = compileLocation(c, ResponseFrameLocation); err != nil {
		return err
	}
	v.eventFrame, err = compileLocation(c, EventFrameLocation)
	return err
}

func (v *Validator) compileManifest(c *jsonschema.Compiler, m *rpc.Manifest) error {
	for _, spec := range m.Methods {
		if err := v.compileMethod(c, spec); err != nil {
			return fmt.Errorf("method %s: %w", spec.Name, err)
		}
	}
	for _, spec := range m.Events {
		if err := v.compileEvent(c, spec); err != nil {
			return fmt.Errorf("event %s: %w", spec.Name, err)
		}
	}
	return nil
}

func (v *Validator) compileMethod(c *jsonschema.Compiler, spec rpc.MethodSpec) error {
	if spec.Params == "" {
		return errors.New("no params schema")
	}
	params, err := compileLocation(c, spec.Params)
	if err != nil {
		return err
	}
	v.params[spec.Name] = params
	if spec.Result == "" {
		return nil
	}
	if v.results[spec.Name], err = compileLocation(c, spec.Result); err != nil {
		return err
	}
	return nil
}

func (v *Validator) compileEvent(c *jsonschema.Compiler, spec rpc.EventSpec) error {
	v.events[spec.Name] = nil
	if spec.Payload == "" {
		return nil
	}
	payload, err := compileLocation(c, spec.Payload)
	if err != nil {
		return err
	}
	v.events[spec.Name] = payload
	return nil
}

// check validates doc against s and returns the violations, nil when doc
// is valid.
func check(s *jsonschema.Schema, doc any) []Violation {
	err := s.Validate(doc)
	if err == nil {
		return nil
	}
	var verr *jsonschema.ValidationError
	if !errors.As(err, &verr) {
		return []Violation{{Message: err.Error()}}
	}
	return violationsOf(verr)
}
