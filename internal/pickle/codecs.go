package pickle

import "fmt"

// NumpyBytesGlobals is the allow-list for dicts of bytes, lists and numpy
// arrays pickled by Python 2, or by Python 3 at any protocol, as the CIFAR
// batches Keras's cifar.load_batch reads: NumpyGlobals plus
// _codecs.encode and bytes (under its Python 2 and 3 module names), the
// callables protocols 0 to 2 use to write a bytes object under Python 3.
// Load evaluates those calls itself, and only with the arguments
// pickle writes, into Bytes; nothing else is ever called.
func NumpyBytesGlobals(module, name string) bool {
	return NumpyGlobals(module, name) || isBytesCallable(Global{module, name})
}

func isBytesCallable(g Global) bool {
	switch g {
	case Global{"_codecs", "encode"}, Global{"__builtin__", "bytes"}, Global{"builtins", "bytes"}:
		return true
	}
	return false
}

// bytesCall evaluates the calls Python 3 pickles bytes with at protocols
// 0 to 2: _codecs.encode(text, "latin1") (each character one byte) and
// bytes() (b""). It reports false for any other callable; the allow-list
// has already admitted g.
func bytesCall(g Global, args Tuple) (Bytes, bool, error) {
	if !isBytesCallable(g) {
		return nil, false, nil
	}
	if g.Name == "bytes" {
		if len(args) != 0 {
			return nil, true, fmt.Errorf("%s.bytes called with %d arguments, want none", g.Module, len(args))
		}
		return Bytes{}, true, nil
	}
	if len(args) != 2 {
		return nil, true, fmt.Errorf("_codecs.encode called with %d arguments, want 2", len(args))
	}
	text, ok1 := args[0].(string)
	enc, ok2 := args[1].(string)
	if !ok1 || !ok2 {
		return nil, true, fmt.Errorf("_codecs.encode called with a %T and a %T, want two strings", args[0], args[1])
	}
	if enc != "latin1" && enc != "latin-1" {
		return nil, true, fmt.Errorf("_codecs.encode with encoding %q, want latin1", enc)
	}
	out := make(Bytes, 0, len(text))
	for _, r := range text { // invalid UTF-8 reads as U+FFFD, refused below
		if r > 0xff {
			return nil, true, fmt.Errorf("_codecs.encode: character %U is not latin-1", r)
		}
		out = append(out, byte(r))
	}
	return out, true, nil
}
