package jsonnode

import "sort"

// Source is a JSON text with a line index.
type Source struct {
	data       []byte
	lineStarts []int
}

// NewSource returns a Source for data.
func NewSource(data []byte) *Source {
	return &Source{data: data}
}

// Line returns the 1-based line of a byte offset.
func (s *Source) Line(offset int) int {
	if s.lineStarts == nil {
		s.indexLines()
	}
	return max(sort.SearchInts(s.lineStarts, offset+1), 1)
}

func (s *Source) indexLines() {
	s.lineStarts = []int{0}
	for i, c := range s.data {
		if c == '\n' {
			s.lineStarts = append(s.lineStarts, i+1)
		}
	}
}
