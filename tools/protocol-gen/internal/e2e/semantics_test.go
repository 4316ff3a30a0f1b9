package e2e

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/gatewire/gatewire/tools/protocol-gen/testdata/golden/draft07/go/draft07"
	"github.com/gatewire/gatewire/tools/protocol-gen/testdata/golden/draft2020/go/draft2020"
)

// These tests exercise the behaviour of generated code, through the
// golden packages, which the golden test keeps identical to what the
// generator writes.

func TestNullableKeepsAbsentNullAndValueApart(t *testing.T) {
	for _, in := range []string{
		`{"mode":"fast","limits":{}}`,
		`{"mode":"fast","limits":{},"note":null}`,
		`{"mode":"fast","limits":{},"note":"hi"}`,
	} {
		var s draft07.Settings
		if err := json.Unmarshal([]byte(in), &s); err != nil {
			t.Fatalf("%s: %v", in, err)
		}
		requireSameJSON(t, in, []byte(in), mustMarshal(t, s))
	}
	var s draft07.Settings
	if err := json.Unmarshal([]byte(`{"mode":"fast","limits":{},"note":null}`), &s); err != nil {
		t.Fatal(err)
	}
	if !s.Note.Present || !s.Note.IsNull() {
		t.Fatalf("note = %+v, want present and null", s.Note)
	}
	s.Note = draft07.NewNullable("x")
	s.Count = draft07.NewNull[int64]()
	requireSameJSON(t, "built", []byte(`{"mode":"fast","limits":{},"note":"x","count":null}`), mustMarshal(t, s))
}

func TestEmptySlicesAndMapsStayDistinctFromAbsent(t *testing.T) {
	for _, in := range []string{
		`{"mode":"safe","limits":{"a":1}}`,
		`{"mode":"safe","limits":{},"labels":{},"twins":[]}`,
	} {
		var s draft07.Settings
		if err := json.Unmarshal([]byte(in), &s); err != nil {
			t.Fatal(err)
		}
		requireSameJSON(t, in, []byte(in), mustMarshal(t, s))
	}
}

func TestOpenObjectsKeepUndeclaredMembers(t *testing.T) {
	in := `{"label":"a","kind":"square","side":2,"color":"red","meta":{"x":[1,2]}}`
	var sq draft07.Square
	if err := json.Unmarshal([]byte(in), &sq); err != nil {
		t.Fatal(err)
	}
	if len(sq.Extra) != 2 || string(sq.Extra["color"]) != `"red"` {
		t.Fatalf("Extra = %v", sq.Extra)
	}
	requireSameJSON(t, "square", []byte(in), mustMarshal(t, sq))
	sq.Extra["side"] = json.RawMessage(`99`) // a declared name in Extra must not be written twice
	requireSameJSON(t, "declared name in Extra", []byte(in), mustMarshal(t, sq))
}

func TestUntaggableMemberNamesTravelInExtra(t *testing.T) {
	in := `{"mode":"auto","limits":{},"x,y":"kept","-":"dash","a b":"space"}`
	var s draft07.Settings
	if err := json.Unmarshal([]byte(in), &s); err != nil {
		t.Fatal(err)
	}
	if s.Field24 == nil || *s.Field24 != "dash" || s.AB == nil || *s.AB != "space" {
		t.Fatalf("dash and space members: %v %v", s.Field24, s.AB)
	}
	if string(s.Extra["x,y"]) != `"kept"` {
		t.Fatalf("Extra = %v", s.Extra)
	}
	requireSameJSON(t, "settings", []byte(in), mustMarshal(t, s))
}

func TestUnionDecodesByDiscriminator(t *testing.T) {
	in := `{"shapes":[{"kind":"circle","radius":1.5},{"kind":"square","label":"s","side":3},{"kind":"polygon","points":[{"x":0,"y":0},{"x":1,"y":0},{"x":0,"y":1}]}]}`
	var doc draft07.Input
	if err := json.Unmarshal([]byte(in), &doc); err != nil {
		t.Fatal(err)
	}
	if _, ok := doc.Shapes[0].Value.(*draft07.Circle); !ok {
		t.Fatalf("shape 0 is %T", doc.Shapes[0].Value)
	}
	if sq, ok := doc.Shapes[1].Value.(*draft07.Square); !ok || sq.Side != 3 {
		t.Fatalf("shape 1 is %#v", doc.Shapes[1].Value)
	}
	if _, ok := doc.Shapes[2].Value.(*draft07.ShapePolygon); !ok {
		t.Fatalf("shape 2 is %T", doc.Shapes[2].Value)
	}
	requireSameJSON(t, "shapes", []byte(in), mustMarshal(t, doc))

	if _, err := draft07.DecodeShape([]byte(`{"kind":"hexagon"}`)); err == nil {
		t.Fatal("unknown discriminator accepted")
	}
	if _, err := draft07.DecodeShape([]byte(`{"radius":1}`)); err == nil {
		t.Fatal("missing discriminator accepted")
	}
	var bad draft07.Input
	if err := json.Unmarshal([]byte(`{"shapes":[{"kind":7}]}`), &bad); err == nil {
		t.Fatal("non-string discriminator accepted")
	}
}

func TestRecursiveUnionsAndSelfContainingStructs(t *testing.T) {
	in := `{"items":{"a":{"sku":"a","qty":1}},"expr":{"op":"add","left":{"op":"lit","value":1},"right":{"op":"add","left":{"op":"lit","value":2},"right":{"op":"lit","value":3}}},"maybe":null}`
	var c draft2020.Catalog
	if err := json.Unmarshal([]byte(in), &c); err != nil {
		t.Fatal(err)
	}
	add, ok := c.Expr.Value.(*draft2020.ExprAdd)
	if !ok {
		t.Fatalf("expr is %T", c.Expr.Value)
	}
	if _, ok := add.Right.Value.(*draft2020.ExprAdd); !ok {
		t.Fatalf("right is %T", add.Right.Value)
	}
	if !c.Maybe.Present || c.Maybe.Value != nil {
		t.Fatalf("maybe = %+v, want present null", c.Maybe)
	}
	requireSameJSON(t, "catalog", []byte(in), mustMarshal(t, c))

	pair := `{"head":"a","next":{"head":"b","next":null}}`
	var p draft2020.Pair
	if err := json.Unmarshal([]byte(pair), &p); err != nil {
		t.Fatal(err)
	}
	requireSameJSON(t, "pair", []byte(pair), mustMarshal(t, p))
}

func TestEnumValid(t *testing.T) {
	if !draft07.ColorDarkBlue.Valid() || !draft07.Color("").Valid() || draft07.Color("blue").Valid() {
		t.Fatal("Color.Valid disagrees with the enum")
	}
	if !draft07.ModeSafe.Valid() || draft07.Mode("slow").Valid() {
		t.Fatal("Mode.Valid disagrees with the union of constants")
	}
}

func TestIntegersOutOfRangeFailToDecode(t *testing.T) {
	var l draft2020.Line
	err := json.Unmarshal([]byte(`{"sku":"a","qty":18446744073709551616}`), &l)
	var ute *json.UnmarshalTypeError
	if !errors.As(err, &ute) {
		t.Fatalf("err = %v, want an UnmarshalTypeError", err)
	}
}
