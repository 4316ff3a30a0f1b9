package model

// Components numbers the strongly connected components of a graph of
// named types (Tarjan's algorithm, nodes visited in the given order) and
// returns each node's component and each component's size.
func Components(nodes []*Named, edges map[*Named][]*Named) (comp map[*Named]int, size map[int]int) {
	t := &tarjan{edges: edges, index: map[*Named]int{}, low: map[*Named]int{}, onStack: map[*Named]bool{}, comp: map[*Named]int{}}
	for _, n := range nodes {
		if _, seen := t.index[n]; !seen {
			t.visit(n)
		}
	}
	size = map[int]int{}
	for _, c := range t.comp {
		size[c]++
	}
	return t.comp, size
}

type tarjan struct {
	edges   map[*Named][]*Named
	index   map[*Named]int
	low     map[*Named]int
	onStack map[*Named]bool
	stack   []*Named
	next    int
	comps   int
	comp    map[*Named]int
}

func (t *tarjan) visit(n *Named) {
	t.index[n], t.low[n] = t.next, t.next
	t.next++
	t.stack = append(t.stack, n)
	t.onStack[n] = true
	for _, m := range t.edges[n] {
		if _, seen := t.index[m]; !seen {
			t.visit(m)
			t.low[n] = min(t.low[n], t.low[m])
		} else if t.onStack[m] {
			t.low[n] = min(t.low[n], t.index[m])
		}
	}
	if t.low[n] != t.index[n] {
		return
	}
	for {
		top := t.stack[len(t.stack)-1]
		t.stack = t.stack[:len(t.stack)-1]
		t.onStack[top] = false
		t.comp[top] = t.comps
		if top == n {
			break
		}
	}
	t.comps++
}
