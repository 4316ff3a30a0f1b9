package main

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestDefaultsMeasureEverything(t *testing.T) {
	o, err := parseFlags(nil)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(o.only, allGroups) || !o.targeted(targetGateway) || !o.targeted(targetEcho) {
		t.Fatalf("defaults select %v on %v", o.only, o.targets)
	}
	if o.gateway != "bin/gatewire" || o.out != "BENCHMARKS.md" || !reflect.DeepEqual(o.idleSteps, []int{2000, 10000}) {
		t.Fatalf("defaults = %+v", o)
	}
}

func TestSubsetFlags(t *testing.T) {
	o, err := parseFlags([]string{"--only", "calls, idle", "--targets", "echo", "--idle", "100,500", "--duration", "300ms", "--runs", "1"})
	if err != nil {
		t.Fatal(err)
	}
	if !o.selected(groupCalls) || !o.selected(groupIdle) || o.selected(groupStartup) || o.targeted(targetGateway) {
		t.Fatalf("subset = %v on %v", o.only, o.targets)
	}
	if o.duration != 300*time.Millisecond || !reflect.DeepEqual(o.idleSteps, []int{100, 500}) || o.runs != 1 {
		t.Fatalf("subset = %+v", o)
	}
}

func TestBadFlagsAreClearErrors(t *testing.T) {
	cases := map[string][]string{
		"unknown group":   {"--only", "speed"},
		"nothing":         {"--targets", ","},
		"not a number":    {"--idle", "2000,lots"},
		"descending":      {"--idle", "10000,2000"},
		"short tick":      {"--tick-ms", "10"},
		"zero runs":       {"--runs", "0"},
		"tiny rounds":     {"--duration", "1ms"},
		"too many source": {"--sources", "300"},
	}
	for name, args := range cases {
		if _, err := parseFlags(args); err == nil || strings.TrimSpace(err.Error()) == "" {
			t.Errorf("%s: %v accepted", name, args)
		}
	}
}
