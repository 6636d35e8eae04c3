package mnist

import (
	"fmt"
	"strings"
)

// LoadError is LoadData's error when no source worked: it lists every place
// looked in, in order, with why it failed.
type LoadError struct {
	Attempts []Attempt
}

// Attempt is one place LoadData looked.
type Attempt struct {
	Source string // what was tried, e.g. "Keras cache"
	Place  string // the file, directory or URL
	Err    error
}

func (e *LoadError) add(source, place string, err error) {
	e.Attempts = append(e.Attempts, Attempt{source, place, err})
}

// Error lists the attempts and how to make MNIST available offline.
func (e *LoadError) Error() string {
	var b strings.Builder
	b.WriteString("mnist: could not load MNIST from any source:")
	for i, a := range e.Attempts {
		fmt.Fprintf(&b, "\n  %d. %s", i+1, a.Source)
		if a.Place != "" {
			fmt.Fprintf(&b, " (%s)", a.Place)
		}
		fmt.Fprintf(&b, ": %v", a.Err)
	}
	fmt.Fprintf(&b, "\nTo use MNIST offline, run: %s", SetupCommand)
	return b.String()
}

// Unwrap returns each attempt's error, for errors.Is and errors.As.
func (e *LoadError) Unwrap() []error {
	errs := make([]error, len(e.Attempts))
	for i, a := range e.Attempts {
		errs[i] = a.Err
	}
	return errs
}
