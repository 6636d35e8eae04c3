package optimizers

import (
	"fmt"
	"regexp"
	"strings"
	"sync"
)

var (
	nameMu   sync.Mutex
	nameUIDs = map[string]int{}

	reNonWord  = regexp.MustCompile(`\W+`)
	reCapWord  = regexp.MustCompile(`(.)([A-Z][a-z]+)`)
	reLowerCap = regexp.MustCompile(`([a-z])([A-Z])`)
)

// toSnakeCase is Keras's naming.to_snake_case ("RMSprop" -> "rm_sprop").
func toSnakeCase(name string) string {
	name = reNonWord.ReplaceAllString(name, "")
	name = reCapWord.ReplaceAllString(name, "${1}_${2}")
	name = reLowerCap.ReplaceAllString(name, "${1}_${2}")
	return strings.ToLower(name)
}

// autoName is Keras's naming.auto_name: the snake-case class name, suffixed
// with _1, _2, ... for later optimizers of the same class.
func autoName(className string) string {
	prefix := toSnakeCase(className)
	nameMu.Lock()
	defer nameMu.Unlock()
	n := nameUIDs[prefix]
	nameUIDs[prefix] = n + 1
	if n == 0 {
		return prefix
	}
	return fmt.Sprintf("%s_%d", prefix, n)
}
