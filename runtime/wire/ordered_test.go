package wire

import (
	"encoding/json"
	"testing"
)

func TestOrderedStringsKeepsTheOrderMembersWereAddedIn(t *testing.T) {
	var o OrderedStrings
	o.Add("sh", "/bin/sh")
	o.Add("ls", "/bin/ls")
	o.Add("sh", "/usr/bin/sh") // a repeat keeps the first value
	data, err := json.Marshal(o)
	if err != nil || string(data) != `{"sh":"/bin/sh","ls":"/bin/ls"}` {
		t.Fatalf("marshal = %s, %v", data, err)
	}
	var back OrderedStrings
	if err := json.Unmarshal([]byte(`{"z":"1","a":"2"}`), &back); err != nil || back.Len() != 2 {
		t.Fatalf("unmarshal = %+v, %v", back, err)
	}
	if data, _ := json.Marshal(back); string(data) != `{"z":"1","a":"2"}` {
		t.Fatalf("round trip = %s", data)
	}
	if err := json.Unmarshal([]byte(`["a"]`), &back); err == nil {
		t.Fatal("an array decoded as an object")
	}
}
