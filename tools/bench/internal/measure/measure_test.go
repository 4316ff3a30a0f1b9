package measure

import (
	"testing"
	"time"
)

func TestStartupMeasuresEveryLaunch(t *testing.T) {
	s, err := testEnv(t, "echo").MeasureStartup(2)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.FirstConnect) != 2 || len(s.IdleRSS) != 2 {
		t.Fatalf("startup = %+v, want two launches", s)
	}
	for i := range 2 {
		if s.FirstConnect[i] <= 0 || s.IdleRSS[i] <= 0 {
			t.Fatalf("launch %d: first connect %v, RSS %d", i, s.FirstConnect[i], s.IdleRSS[i])
		}
	}
}

func TestHandshakesCountCompletedConnects(t *testing.T) {
	hs, err := testEnv(t, "echo").MeasureHandshakes([]int{1, 2}, 2, 200*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	if len(hs) != 2 || hs[0].Workers != 1 || hs[1].Workers != 2 {
		t.Fatalf("handshakes = %+v", hs)
	}
	for _, h := range hs {
		if len(h.PerSecond) != 2 || h.PerSecond[0] <= 0 || h.PerSecond[1] <= 0 {
			t.Fatalf("handshakes with %d workers: %v", h.Workers, h.PerSecond)
		}
	}
}

func TestCallsRecordRateLatencyAndReplySize(t *testing.T) {
	c, err := testEnv(t, "echo").MeasureCalls("health", `{}`, 3, 2, 200*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	if c.Method != "health" || c.Conns != 3 || len(c.PerSecond) != 2 || len(c.P50) != 2 || len(c.P99) != 2 || len(c.ServerCPU) != 2 {
		t.Fatalf("calls = %+v", c)
	}
	if want := len(`{"type":"res","id":"1","ok":true,"payload":{}}`); c.ReplyBytes != want {
		t.Fatalf("reply size %d, want %d", c.ReplyBytes, want)
	}
	for i := range 2 {
		if c.PerSecond[i] <= 0 || c.P50[i] <= 0 || c.P99[i] < c.P50[i] {
			t.Fatalf("run %d: %v/s p50 %v p99 %v", i, c.PerSecond[i], c.P50[i], c.P99[i])
		}
	}
}

func TestIdleReadsMemoryAtEveryStep(t *testing.T) {
	idle, err := testEnv(t, "echo").MeasureIdle(IdleOptions{Steps: []int{10, 30}})
	if err != nil {
		t.Fatal(err)
	}
	if idle.BaseRSS <= 0 || len(idle.Steps) != 2 || idle.Steps[0].Conns != 10 || idle.Steps[1].Conns != 30 {
		t.Fatalf("idle = %+v", idle)
	}
	if idle.Ticks != nil || idle.Fanout != nil || idle.Dropped != 0 || idle.DialPerSecond <= 0 {
		t.Fatalf("idle without events = %+v", idle)
	}
	if !idle.ShutdownClean {
		t.Fatal("the echo child did not exit cleanly on SIGTERM")
	}
}

func TestIdleSeesTicksAndTimesTheFanout(t *testing.T) {
	idle, err := testEnv(t, "events").MeasureIdle(IdleOptions{
		Steps: []int{20}, Events: true, TickInterval: 100 * time.Millisecond, FanoutRuns: 2,
	})
	if err != nil {
		t.Fatal(err)
	}
	if idle.Ticks == nil || idle.Ticks.Conns != 20 || idle.Ticks.Reached != 20 || idle.Ticks.AllWithin <= 0 {
		t.Fatalf("ticks = %+v", idle.Ticks)
	}
	f := idle.Fanout
	if f == nil || f.Conns != 20 || len(f.Latency) != 2 || f.Delivered[0] != 20 || f.Delivered[1] != 20 {
		t.Fatalf("fanout = %+v", f)
	}
	if f.Latency[0] <= 0 || f.Median[0] > f.Latency[0] {
		t.Fatalf("fanout times: last %v, median %v", f.Latency, f.Median)
	}
	if want := int64(len(`{"type":"event","event":"presence","payload":{"presence":[]},"seq":1}`)); f.FrameBytes != want {
		t.Fatalf("presence frame %d bytes, want %d", f.FrameBytes, want)
	}
}
