package validate

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
)

// referenceDecode is what encoding/json makes of data, with UseNumber.
func referenceDecode(data []byte) (any, bool) {
	if !json.Valid(data) {
		return nil, false
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, false
	}
	return v, true
}

var decodeSeeds = []string{
	`{"type":"req","id":"1","method":"m","params":{"a":[1,-2.5e+3,true,false,null,{}],"b":[]}}`,
	`"esc: \" \\ \/ \b \f \n \r \t \u00e9 \uD83D\uDE00 \uD800 \uDC00 \uD800\u0041 \uD800\uD800"`,
	"\"bad utf-8: \xff \xed\xa0\x80 \xc3\"",
	`"ünïcödé ✓ 😀"`, `123456789012345678901234567890`, `-0.0e-0`, `0`,
	`0E700`, `{"params":[1e401],"x":-1E-999}`, `null`, `"params"`, `[{"params":1}]`,
	`{"params":1,"params":{"x":"y"}}`, `{"par\u0061ms":[1]}`, `{"\"params":2}`,
	` [ 1 , [ 2 , [ ] ] ] `, `{"a" : { "b" : "c" } }`,
	`01`, `1.`, `.5`, `-`, `1e`, `+1`, `tru`, `nul`, `{"a"}`, `{"a":1,}`, `[1,]`, `[1 2]`,
	"\"ctl \x01\"", `"\x"`, `"\u12"`, `"abc`, `{`, `}`, ``, `  `, "\xef\xbb\xbf{}",
}

func TestDecodeMatchesEncodingJSON(t *testing.T) {
	for _, seed := range decodeSeeds {
		compareDecoders(t, []byte(seed))
	}
}

func FuzzDecode(f *testing.F) {
	for _, seed := range decodeSeeds {
		f.Add([]byte(seed))
	}
	f.Fuzz(compareDecoders)
}

// compareDecoders checks decodeJSON and decodeFrame against encoding/json:
// the same inputs are JSON, they decode to equal values, and the recorded
// member bytes are those encoding/json finds.
func compareDecoders(t *testing.T, data []byte) {
	want, valid := referenceDecode(data)
	got, err := withoutRangeError(decodeJSON(data))
	if valid != (err == nil) {
		t.Fatalf("%q: encoding/json valid=%v, decodeJSON error %v", data, valid, err)
	}
	if !valid {
		if !errors.Is(err, ErrNotJSON) {
			t.Fatalf("%q: error %v does not match ErrNotJSON", data, err)
		}
		return
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%q: decodeJSON = %#v, encoding/json = %#v", data, got, want)
	}
	wantObj, isObject := want.(map[string]any)
	var members map[string]json.RawMessage
	if isObject {
		if err := json.Unmarshal(data, &members); err != nil {
			t.Fatalf("%q: encoding/json decodes an object but not its members: %v", data, err)
		}
	}
	for _, skip := range []bool{false, true} {
		doc, raw, err := decodeFrame(data, "params", skip)
		if _, err = withoutRangeError(doc, err); err != nil {
			t.Fatalf("%q: decodeFrame(skip=%v): %v", data, skip, err)
		}
		if !isObject {
			continue
		}
		if !bytes.Equal(raw, members["params"]) {
			t.Fatalf("%q: params bytes %q, encoding/json finds %q", data, raw, members["params"])
		}
		if _, ok := wantObj["params"]; ok && skip {
			wantObj["params"] = nil
		}
		if !reflect.DeepEqual(doc, wantObj) {
			t.Fatalf("%q: decodeFrame(skip=%v) = %#v, want %#v", data, skip, doc, wantObj)
		}
	}
}

// withoutRangeError drops the error of a number out of range: the input
// is JSON, and the decoder still returns the whole document (the number is
// reported as a violation of its own, not as input that is not JSON).
func withoutRangeError(doc any, err error) (any, error) {
	var outOfRange *numberRangeError
	if errors.As(err, &outOfRange) {
		return doc, nil
	}
	return doc, err
}

func TestDecodeDepthLimit(t *testing.T) {
	deep := strings.Repeat("[", maxDepth) + strings.Repeat("]", maxDepth)
	if _, err := decodeJSON([]byte(deep)); err != nil {
		t.Errorf("nesting of %d rejected: %v", maxDepth, err)
	}
	tooDeep := strings.Repeat("[", maxDepth+1) + strings.Repeat("]", maxDepth+1)
	if _, err := decodeJSON([]byte(tooDeep)); !errors.Is(err, ErrNotJSON) {
		t.Errorf("nesting of %d: %v, want ErrNotJSON", maxDepth+1, err)
	}
}

func TestDecodedStringsSurviveBufferReuse(t *testing.T) {
	frame := []byte(`{"type":"req","id":"abc","method":"health","params":{"k":"v\u00e9"}}`)
	doc, err := decodeJSON(frame)
	if err != nil {
		t.Fatal(err)
	}
	for i := range frame {
		frame[i] = 'x'
	}
	want := map[string]any{"type": "req", "id": "abc", "method": "health", "params": map[string]any{"k": "vé"}}
	if !reflect.DeepEqual(doc, want) {
		t.Errorf("decoded value changed with the input buffer: %#v", doc)
	}
}
