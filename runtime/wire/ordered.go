package wire

import (
	"bytes"
	"encoding/json"
	"reflect"
)

// OrderedStrings is a JSON object of string values that keeps the order
// its members were added in (a Go map would sort them). A name added
// twice keeps its first value.
type OrderedStrings struct { //nolint:recvcheck // MarshalJSON takes a value so that a struct holding one by value encodes it; Add and UnmarshalJSON change it
	names  []string
	values map[string]string
}

// Add records name with value unless name is already there.
func (o *OrderedStrings) Add(name, value string) {
	if _, dup := o.values[name]; dup {
		return
	}
	if o.values == nil {
		o.values = map[string]string{}
	}
	o.names = append(o.names, name)
	o.values[name] = value
}

// Len is the number of members.
func (o OrderedStrings) Len() int { return len(o.names) }

// Get returns the value of name and whether it is there.
func (o OrderedStrings) Get(name string) (string, bool) {
	v, ok := o.values[name]
	return v, ok
}

// MarshalJSON writes the object, members in the order they were added.
func (o OrderedStrings) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, name := range o.names {
		if i > 0 {
			b.WriteByte(',')
		}
		k, err := json.Marshal(name)
		if err != nil {
			return nil, err
		}
		v, err := json.Marshal(o.values[name])
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// UnmarshalJSON reads an object of strings, keeping its members' order.
func (o *OrderedStrings) UnmarshalJSON(data []byte) error {
	*o = OrderedStrings{}
	if string(bytes.TrimSpace(data)) == "null" {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return &json.UnmarshalTypeError{Value: "non-object", Type: reflect.TypeFor[OrderedStrings]()}
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		name, _ := tok.(string)
		var v string
		if err := dec.Decode(&v); err != nil {
			return err
		}
		o.Add(name, v)
	}
	_, err := dec.Token()
	return err
}
