package jsonnode

import "sort"

// Source is a named JSON text with a line index.
type Source struct {
	// Name is how errors refer to the text, e.g. "schema/frames.json".
	Name string
	// Data is the text itself.
	Data []byte

	lineStarts []int
}

// NewSource returns a Source for data.
func NewSource(name string, data []byte) *Source {
	return &Source{Name: name, Data: data}
}

// Line returns the 1-based line of a byte offset.
func (s *Source) Line(offset int) int {
	line, _ := s.Position(offset)
	return line
}

// Position returns the 1-based line and byte column of a byte offset.
func (s *Source) Position(offset int) (line, col int) {
	if s.lineStarts == nil {
		s.indexLines()
	}
	i := sort.SearchInts(s.lineStarts, offset+1) - 1
	if i < 0 {
		i = 0
	}
	return i + 1, offset - s.lineStarts[i] + 1
}

func (s *Source) indexLines() {
	s.lineStarts = []int{0}
	for i, c := range s.Data {
		if c == '\n' {
			s.lineStarts = append(s.lineStarts, i+1)
		}
	}
}
