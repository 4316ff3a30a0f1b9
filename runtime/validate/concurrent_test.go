package validate

import (
	"encoding/json"
	"sync"
	"testing"
)

// TestConcurrentUse runs valid and invalid frames through one Validator
// from several goroutines; run with -race it proves the shared state is
// read-only.
func TestConcurrentUse(t *testing.T) {
	v := newTestValidator(t)
	frames := []struct {
		frame string
		valid bool
	}{
		{`{"type":"req","id":"1","method":"connect","params":{"minProtocol":3,"maxProtocol":3,"client":{"id":"cli","version":"1"}}}`, true},
		{`{"type":"req","id":"2","method":"connect","params":{"minProtocol":0,"maxProtocol":3,"client":{"id":"x","version":""}}}`, false},
		{`{"type":"req","id":"3","method":"kw.Nested","params":{"list":[{"name":"é"},{"nom":1}]}}`, false},
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 200 {
				tc := frames[(g+i)%len(frames)]
				req, err := v.Request([]byte(tc.frame))
				if err != nil {
					t.Errorf("Request: %v", err)
					return
				}
				err = v.Params(req.Method, json.RawMessage(req.Params))
				if (err == nil) != tc.valid {
					t.Errorf("%s: Params = %v", tc.frame, err)
					return
				}
			}
		}()
	}
	wg.Wait()
}
