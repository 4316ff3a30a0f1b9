package rpc

import (
	"encoding/json"
	"errors"
	"testing"
)

func TestParamsThatDoNotFitTheirGoTypeAreWordedLikeTheSchema(t *testing.T) {
	type params struct {
		MinProtocol int64 `json:"minProtocol"`
		Client      struct {
			Limit int   `json:"limit"`
			Small uint8 `json:"small"`
		} `json:"client"`
		Name string `json:"name"`
	}
	cases := map[string]string{
		`{"minProtocol":1e308}`:        "at /minProtocol: must be <= 9223372036854775807",
		`{"minProtocol":-1e19}`:        "at /minProtocol: must be >= -9223372036854775808",
		`{"client":{"limit":2.0}}`:     "at /client/limit: must be integer written without a fraction or exponent",
		`{"client":{"limit":1.5}}`:     "at /client/limit: must be integer",
		`{"client":{"small":300}}`:     "at /client/small: must be <= 255",
		`{"client":{"small":-1}}`:      "at /client/small: must be >= 0",
		`{"name":3}`:                   "at /name: must be string",
		`{"client":{"limit":"three"}}`: "at /client/limit: must be integer",
	}
	for raw, want := range cases {
		err := DecodeParams(json.RawMessage(raw), new(params))
		var pe *ParamsDecodeError
		if !errors.As(err, &pe) || err.Error() != want {
			t.Errorf("%s: %v, want %q", raw, err, want)
		}
	}
	if err := DecodeParams(json.RawMessage(`{"minProtocol":3}`), new(params)); err != nil {
		t.Fatal(err)
	}
}
