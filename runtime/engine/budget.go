package engine

import (
	"net/netip"
	"sync"
)

// preauthBudget counts unauthenticated sockets per client address.
type preauthBudget struct {
	max int
	mu  sync.Mutex
	n   map[netip.Addr]int
}

func newPreauthBudget(max int) *preauthBudget {
	return &preauthBudget{max: max, n: map[netip.Addr]int{}}
}

// take reserves a slot for ip; false when ip already holds max.
func (b *preauthBudget) take(ip netip.Addr) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.n[ip] >= b.max {
		return false
	}
	b.n[ip]++
	return true
}

// release returns a slot of ip.
func (b *preauthBudget) release(ip netip.Addr) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.n[ip] <= 1 {
		delete(b.n, ip)
		return
	}
	b.n[ip]--
}
