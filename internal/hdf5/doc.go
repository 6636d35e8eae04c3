// Package hdf5 reads and writes the subset of HDF5 that Keras files use:
// Keras 3 ".weights.h5" / the "model.weights.h5" inside ".keras" zips, and
// legacy Keras 1/2/3 ".h5" files (h5py's view of them is the reference).
//
// Reading:
//
//	f, err := hdf5.Open(r, size)            // r io.ReaderAt, size its real length
//	g, err := f.Root().Group("layers/dense/vars")
//	d, err := g.Dataset("0")
//	w, err := d.ReadFloat32()               // d.Shape(), d.DType(), d.Read(), d.ReadInt64(), d.ReadRaw()
//	v, err := f.Root().Attr("model_config") // string, []string, float64, []int64, ...
//	ms, err := g.Members()                  // h5py's order: by name (creation order for track_order groups)
//
// Writing (what h5py writes by default: superblock 0, version 1 object
// headers, symbol-table groups, contiguous datasets, compact attributes,
// strings as variable-length UTF-8 in a global heap):
//
//	w := hdf5.NewWriter()
//	g, err := w.Root().CreateGroup("layers")
//	_, err = g.CreateDataset("0", []int{3, 4}, data) // []float32, []float64, []int32, []int64, []uint8; nil shape = scalar
//	err = w.Root().SetAttr("keras_version", "3.5.0")
//	err = w.Save(path)                                // atomic: temp file + rename; or w.WriteTo(out)
//
// # Supported format features
//
// Superblock versions 0-3 (with user blocks and 4- or 8-byte offsets),
// object headers v1 and v2 with continuation blocks, symbol-table groups
// (B-tree v1 + local heap, any depth), compact link messages, dense link
// storage (fractal heap + B-tree v2 name index), compact and dense
// attributes (including huge fractal-heap objects for attributes over
// 64 KiB), contiguous, compact and chunked layouts, every chunk index HDF5
// 1.10 writes (B-tree v1, single chunk, implicit, fixed array incl. paged,
// extensible array, B-tree v2), deflate, shuffle and fletcher32 filters,
// fill values, float16/bfloat16/float32/float64, int8-int64, uint8-uint64
// in either byte order, fixed-length and variable-length strings, scalar,
// simple and null dataspaces. Names may contain any byte except '/' (tf-keras
// on Windows writes names such as `layers\lstm\cell`). Jenkins lookup3
// checksums are verified on the superblock v2/v3, object headers v2,
// B-tree v2 nodes, fractal heap headers and fixed/extensible array blocks.
//
// Not supported (a clear error wrapping ErrUnsupported): compound, enum,
// array, reference and opaque element types (Dataset.ReadRaw and
// Attribute.Value still give their raw bytes), committed/shared datatypes,
// soft and external links (listed as KindOther), virtual datasets, filters
// other than deflate, shuffle and fletcher32 (szip, lzf, blosc...),
// filtered fractal heaps. Attributes are listed by name even on objects
// that track attribute creation order. The writer does not write
// chunked/compressed data or dense storage: Keras never needs them, and it
// reports attributes over 64 KiB as an error, exactly where h5py's default
// settings fail too (Keras splits such attributes into layer_names0,
// layer_names1, ...).
//
// # Hostile input
//
// Every read is checked against the real file size given to Open, so
// allocations driven by file content stay within a small multiple of the
// file size, except decoded chunked data, which is capped at maxExpansion (1100, above deflate's
// 1032:1 limit) times the file size: a header claiming a 10^12-element
// dataset is an error before anything is allocated. Every linked structure
// (object header continuations, B-tree v1/v2 nodes, symbol table nodes,
// fractal heap and extensible array blocks) is walked with a visited set,
// so cycles are reported as errors, and the number of nodes is bounded by
// the file size. Errors caused by malformed files wrap ErrFormat. The fuzz
// targets FuzzOpen and FuzzRead (seed corpus in testdata/fuzz/) check for
// panics and unbounded allocation.
//
// # Decision: own implementation rather than github.com/scigolib/hdf5
//
// github.com/scigolib/hdf5 v0.14.0 (pure Go, ~32k lines) was evaluated on
// 2026-11-27 against the 23 real Keras HDF5 files in ../shared/keras-models
// (13 legacy .h5, 10 model.weights.h5 from .keras zips):
//
//   - Reading: it opened all 23 and read every dataset and attribute, as
//     reported.
//   - Hostile input: 3000 random 1-8 byte mutations of one 13 KB real file
//     (frugally-deep temp_stateless.h5, Keras 2.2.4) produced 20 fatal
//     "runtime: out of memory" aborts (unrecoverable: the whole process
//     dies; attribute.go allocates make([]string, n) with n taken from the
//     dataspace, and other paths request 2^47-byte blocks), 34 recoverable
//     panics (makeslice: len out of range; slice bounds out of range) and 8
//     allocations of 0.4-4 GiB. A model loader must not let a corrupt
//     download kill the program.
//   - API: Open takes a file name only (no io.ReaderAt, so a .keras zip
//     entry would have to be copied to a temporary file); Dataset.Read
//     returns only []float64.
//   - Writer: no way to set attributes on the root group (Keras 2 legacy
//     files keep keras_version, backend, model_config there); CreateDataset
//     rejects scalar datasets ("dimensions cannot be empty (use []uint64{1}
//     for scalar)"), which Keras 3 writes for optimizer iterations and
//     metric counters; Create takes a file name only. Creating an existing
//     group twice was reported to corrupt the file.
//
// Wrapping it would have meant patching its allocation sites and writer,
// i.e. maintaining a fork of a large codebase. The Keras subset is small, so
// this package implements it (reader ~2k lines, writer ~600) with bounds
// checks designed in. The same 3000-mutation experiment on the same file,
// run on this reader, gave 0 panics, 884 clean errors, at most 32 KiB
// allocated per mutant and at most 36 ms per mutant (TestHostileMutations
// repeats it on the fixtures). go test -fuzz ran FuzzRead for 5 minutes
// (about 1.8 million inputs) and FuzzOpen for 200 s (about 3 million
// inputs) with no failure. Reading agrees with h5py on all 23 real files
// (TestRealFilesMatchH5py compares a SHA-256 of the full listing) and on
// the fixtures; h5py reads, and can append to, files this Writer produces.
package hdf5
