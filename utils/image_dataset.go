package utils

import (
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/gokeras/keras/random"
	"github.com/gokeras/keras/tensor"
)

// imageFormats are Keras's ALLOWLIST_FORMATS.
var imageFormats = []string{".bmp", ".gif", ".jpeg", ".jpg", ".png"}

// WithLabelMode sets label_mode: "int" (default; int32 labels of shape
// (batch,)), "categorical" (float32 one-hot (batch, classes)), "binary"
// (float32 (batch, 1), exactly two classes) or "" (Keras's None: no labels,
// Batch returns y nil).
func WithLabelMode(m string) ImageOption { return func(o *imageOptions) { o.labelMode = m } }

// WithClassNames sets class_names: the sub-folders to use, in this order
// (a subset of the folders; default all of them, sorted).
func WithClassNames(names ...string) ImageOption {
	return func(o *imageOptions) { o.classNames = slices.Clone(names) }
}

// WithBatchSize sets batch_size (default 32).
func WithBatchSize(n int) ImageOption { return func(o *imageOptions) { o.batchSize = n } }

// WithShuffle sets shuffle (default true).
func WithShuffle(on bool) ImageOption { return func(o *imageOptions) { o.shuffle = on } }

// WithSeed sets the shuffling seed (Keras's seed; required with
// validation_split and shuffling).
func WithSeed(seed int64) ImageOption {
	return func(o *imageOptions) { o.seed, o.seedSet = seed, true }
}

// WithValidationSplit sets validation_split, the fraction of files held out
// for validation (with WithSubset).
func WithValidationSplit(f float64) ImageOption {
	return func(o *imageOptions) { o.validationSplit = f }
}

// WithSubset sets subset: "training" or "validation" (or "both", which
// ImageDatasetFromDirectoryBoth sets).
func WithSubset(s string) ImageOption { return func(o *imageOptions) { o.subset = s } }

// WithCropToAspectRatio sets crop_to_aspect_ratio: crop the centre to the
// target aspect ratio before resizing.
func WithCropToAspectRatio(on bool) ImageOption { return func(o *imageOptions) { o.cropAspect = on } }

// WithPadToAspectRatio sets pad_to_aspect_ratio: pad the short side with
// zeros to the target aspect ratio before resizing.
func WithPadToAspectRatio(on bool) ImageOption { return func(o *imageOptions) { o.padAspect = on } }

// WithDataFormat sets data_format: "channels_last" (default) or
// "channels_first".
func WithDataFormat(f string) ImageOption { return func(o *imageOptions) { o.dataFormat = f } }

// WithFollowLinks sets follow_links: descend into symbolic links to folders.
func WithFollowLinks(on bool) ImageOption { return func(o *imageOptions) { o.followLinks = on } }

// WithLog sets where the "Found N files belonging to K classes." messages
// go (Keras's verbose; default os.Stdout, nil for silence).
func WithLog(w io.Writer) ImageOption {
	return func(o *imageOptions) {
		o.log = nil
		if w != nil {
			o.log = func(format string, a ...any) { fmt.Fprintf(w, format+"\n", a...) }
		}
	}
}

// ImageDataset is what ImageDatasetFromDirectory returns: batches of images
// read from disk on demand. It implements the root package's Dataset
// interface (Len, Batch), so Model.Fit takes it as x, and OnEpochEnd, which
// reshuffles the files when shuffling is on.
type ImageDataset struct {
	paths      []string
	labels     []int32 // nil without labels
	classNames []string
	order      []int
	o          imageOptions
	channels   int
	rng        *rand.Rand
}

// ImageDatasetFromDirectory is keras.utils.image_dataset_from_directory:
// every PNG, JPEG, GIF and BMP file under dir (recursively), labelled by its
// top-level sub-folder; classes are the sub-folder names in alphabetical
// order (or WithClassNames's). Images are decoded to color_mode's channels
// and resized (bilinear by default) to image_size (default 256x256), as
// float32 0-255 values. Defaults follow Keras: label_mode "int", batch size
// 32, shuffle true.
//
// The file order is Keras's: classes in order, files sorted within each
// class folder, then (when shuffling) permuted by numpy's
// RandomState(seed).shuffle, so validation_split selects the same files as
// Keras for the same seed (the last int(split*n) files are validation).
//
// Deviations: Keras's per-epoch tf.data shuffle (buffer batch_size*8) is
// replaced by a full reshuffle of the subset from the seed on every
// OnEpochEnd (the first epoch uses the Keras file order); grayscale
// conversion uses ITU-R 601-2 luma (PIL's) for every format;
// pad_to_aspect_ratio pads then resizes (layers.Resizing) rather than
// tf.image.resize_with_pad's resize then pad; the interpolations are those
// of layers.Resizing ("gaussian" and "mitchellcubic" are not supported).
func ImageDatasetFromDirectory(dir string, opts ...ImageOption) (*ImageDataset, error) {
	o, err := datasetOptions(opts)
	if err != nil {
		return nil, err
	}
	if o.subset == "both" {
		return nil, fmt.Errorf(`image_dataset_from_directory: subset="both" returns two datasets: use ImageDatasetFromDirectoryBoth`)
	}
	paths, labels, classes, err := indexDirectory(dir, o)
	if err != nil {
		return nil, err
	}
	paths, labels = splitSubset(paths, labels, o.validationSplit, o.subset, o)
	if len(paths) == 0 {
		return nil, fmt.Errorf("image_dataset_from_directory: no images found in directory %s. Allowed formats: %v", dir, imageFormats)
	}
	return newImageDataset(paths, labels, classes, o, o.shuffle), nil
}

// ImageDatasetFromDirectoryBoth is ImageDatasetFromDirectory with
// subset="both": the training and the validation datasets (the validation
// one is not shuffled, as in Keras).
func ImageDatasetFromDirectoryBoth(dir string, opts ...ImageOption) (train, val *ImageDataset, err error) {
	o, err := datasetOptions(append(slices.Clone(opts), WithSubset("both")))
	if err != nil {
		return nil, nil, err
	}
	paths, labels, classes, err := indexDirectory(dir, o)
	if err != nil {
		return nil, nil, err
	}
	tp, tl := splitSubset(paths, labels, o.validationSplit, "training", o)
	vp, vl := splitSubset(paths, labels, o.validationSplit, "validation", o)
	if len(tp) == 0 {
		return nil, nil, fmt.Errorf("image_dataset_from_directory: no training images found in directory %s. Allowed formats: %v", dir, imageFormats)
	}
	if len(vp) == 0 {
		return nil, nil, fmt.Errorf("image_dataset_from_directory: no validation images found in directory %s. Allowed formats: %v", dir, imageFormats)
	}
	return newImageDataset(tp, tl, classes, o, o.shuffle), newImageDataset(vp, vl, classes, o, false), nil
}

func datasetOptions(opts []ImageOption) (imageOptions, error) {
	o := imageOptions{colorMode: "rgb", targetH: 256, targetW: 256, interpolation: "bilinear", labelMode: "int",
		batchSize: 32, shuffle: true, dataFormat: "channels_last"}
	o.log = func(format string, a ...any) { fmt.Printf(format+"\n", a...) }
	for _, f := range opts {
		f(&o)
	}
	fail := func(format string, a ...any) (imageOptions, error) {
		return o, fmt.Errorf("image_dataset_from_directory: "+format, a...)
	}
	switch o.labelMode {
	case "int", "categorical", "binary", "":
	default:
		return fail(`label_mode argument must be one of "int", "categorical", "binary", or "" (None). Received: label_mode=%s`, o.labelMode)
	}
	if _, err := channelsOf(o.colorMode); err != nil {
		return fail("%v", err)
	}
	if o.targetH <= 0 || o.targetW <= 0 {
		return fail("invalid image_size value. Expected a tuple of 2 positive integers. Received: image_size=(%d, %d)", o.targetH, o.targetW)
	}
	switch o.interpolation {
	case "bilinear", "nearest", "bicubic", "area", "lanczos3", "lanczos5":
	default:
		return fail("argument interpolation should be one of bilinear, nearest, bicubic, area, lanczos3, lanczos5. Received: interpolation=%s", o.interpolation)
	}
	if o.batchSize <= 0 {
		return fail("batch_size must be a positive integer. Received: batch_size=%d", o.batchSize)
	}
	if o.dataFormat != "channels_last" && o.dataFormat != "channels_first" {
		return fail("data_format must be channels_last or channels_first. Received: data_format=%s", o.dataFormat)
	}
	if o.cropAspect && o.padAspect {
		return fail("only one of pad_to_aspect_ratio, crop_to_aspect_ratio can be set to true")
	}
	if v := o.validationSplit; v != 0 && !(v > 0 && v < 1) {
		return fail("validation_split must be between 0 and 1, received: %v", v)
	}
	if (o.validationSplit != 0) != (o.subset != "") {
		return fail("if subset is set, validation_split must be set, and inversely")
	}
	switch o.subset {
	case "", "training", "validation", "both":
	default:
		return fail(`subset must be either "training", "validation" or "both", received: %s`, o.subset)
	}
	if o.validationSplit != 0 && o.shuffle && !o.seedSet {
		return fail("if using validation_split and shuffling the data, you must provide a seed argument, to make sure that there is no overlap between the training and validation subset")
	}
	if o.seedSet && (o.seed < 0 || o.seed > 1<<32-1) {
		return fail("seed must be between 0 and 2**32 - 1, received: %d", o.seed)
	}
	if !o.seedSet {
		o.seed = int64(random.NextSeed() % 1_000_000)
	}
	return o, nil
}

// indexDirectory is Keras's dataset_utils.index_directory with
// labels="inferred".
func indexDirectory(dir string, o imageOptions) ([]string, []int32, []string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("image_dataset_from_directory: %w", err)
	}
	var subdirs []string
	for _, e := range entries { // ReadDir sorts by name
		if strings.HasPrefix(e.Name(), ".") {
			continue
		}
		if isDir(filepath.Join(dir, e.Name())) {
			subdirs = append(subdirs, e.Name())
		}
	}
	classes := subdirs
	if o.classNames != nil {
		for _, c := range o.classNames {
			if !slices.Contains(subdirs, c) {
				return nil, nil, nil, fmt.Errorf("image_dataset_from_directory: the class_names passed did not match the names of the subdirectories of the target directory. Expected: %q (or a subset of it), but received: class_names=%q", subdirs, o.classNames)
			}
		}
		classes = o.classNames
	}
	if o.labelMode == "binary" && len(classes) != 2 {
		return nil, nil, nil, fmt.Errorf(`image_dataset_from_directory: when passing label_mode="binary", there must be exactly 2 class_names. Received: class_names=%q`, classes)
	}
	var paths []string
	var labels []int32
	for ci, c := range classes {
		files, err := validFiles(filepath.Join(dir, c), o.followLinks)
		if err != nil {
			return nil, nil, nil, fmt.Errorf("image_dataset_from_directory: %w", err)
		}
		for _, f := range files {
			paths = append(paths, f)
			labels = append(labels, int32(ci))
		}
	}
	if o.log != nil {
		if o.labelMode == "" {
			o.log("Found %d files.", len(paths))
		} else {
			o.log("Found %d files belonging to %d classes.", len(paths), len(classes))
		}
	}
	if o.shuffle {
		perm := numpyShuffle(len(paths), uint32(o.seed))
		paths = permute(paths, perm)
		labels = permute(labels, perm)
	}
	if o.labelMode == "" {
		labels = nil
	}
	return paths, labels, classes, nil
}

func isDir(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}

func permute[T any](v []T, perm []int) []T {
	out := make([]T, len(v))
	for i, p := range perm {
		out[i] = v[p]
	}
	return out
}

// validFiles is Keras's iter_valid_files: the image files under dir, folders
// in sorted path order and files sorted within each.
func validFiles(dir string, followLinks bool) ([]string, error) {
	type folder struct {
		path  string
		files []string
	}
	var folders []folder
	var walk func(p string, depth int) error
	walk = func(p string, depth int) error {
		if depth > 64 {
			return fmt.Errorf("%s: folders nested too deeply (symbolic link loop?)", p)
		}
		entries, err := os.ReadDir(p)
		if err != nil {
			return err
		}
		f := folder{path: p}
		var subs []string
		for _, e := range entries {
			full := filepath.Join(p, e.Name())
			isLink := e.Type()&os.ModeSymlink != 0
			switch {
			case e.IsDir():
				subs = append(subs, full)
			case isLink && isDir(full):
				if followLinks {
					subs = append(subs, full)
				}
			default:
				if hasImageExt(e.Name()) {
					f.files = append(f.files, full)
				}
			}
		}
		folders = append(folders, f)
		for _, s := range subs {
			if err := walk(s, depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	if err := walk(dir, 0); err != nil {
		return nil, err
	}
	sort.SliceStable(folders, func(i, j int) bool { return folders[i].path < folders[j].path })
	var out []string
	for _, f := range folders {
		sort.Strings(f.files)
		out = append(out, f.files...)
	}
	return out, nil
}

func hasImageExt(name string) bool {
	l := strings.ToLower(name)
	for _, e := range imageFormats {
		if strings.HasSuffix(l, e) {
			return true
		}
	}
	return false
}

// splitSubset is Keras's get_training_or_validation_split.
func splitSubset(paths []string, labels []int32, split float64, subset string, o imageOptions) ([]string, []int32) {
	if split == 0 {
		return paths, labels
	}
	nVal := int(split * float64(len(paths)))
	nTrain := len(paths) - nVal
	cut := func(lo, hi int) ([]string, []int32) {
		if labels == nil {
			return paths[lo:hi], nil
		}
		return paths[lo:hi], labels[lo:hi]
	}
	if subset == "training" {
		if o.log != nil {
			o.log("Using %d files for training.", nTrain)
		}
		return cut(0, nTrain)
	}
	if o.log != nil {
		o.log("Using %d files for validation.", nVal)
	}
	return cut(nTrain, len(paths))
}

func newImageDataset(paths []string, labels []int32, classes []string, o imageOptions, shuffle bool) *ImageDataset {
	o.shuffle = shuffle
	nc, _ := channelsOf(o.colorMode)
	d := &ImageDataset{paths: paths, labels: labels, classNames: classes, o: o, channels: nc,
		order: make([]int, len(paths)), rng: rand.New(rand.NewPCG(uint64(o.seed), 0x5851f42d4c957f2d))}
	for i := range d.order {
		d.order[i] = i
	}
	return d
}

// Len is the number of batches.
func (d *ImageDataset) Len() int { return (len(d.paths) + d.o.batchSize - 1) / d.o.batchSize }

// Size is the number of images.
func (d *ImageDataset) Size() int { return len(d.paths) }

// ClassNames returns the class names (Keras's dataset.class_names); label i
// is ClassNames()[i].
func (d *ImageDataset) ClassNames() []string { return slices.Clone(d.classNames) }

// FilePaths returns the image files in dataset order before any epoch
// reshuffle (Keras's dataset.file_paths).
func (d *ImageDataset) FilePaths() []string { return slices.Clone(d.paths) }

// OnEpochEnd reshuffles the images when shuffling is on.
func (d *ImageDataset) OnEpochEnd() {
	if d.o.shuffle {
		d.rng.Shuffle(len(d.order), func(i, j int) { d.order[i], d.order[j] = d.order[j], d.order[i] })
	}
}

// Batch loads batch i: x is one float32 tensor (n, height, width, channels)
// (or channels first), y the labels in label_mode's form (nil for no
// labels) and no sample weights. Errors name the file that failed.
func (d *ImageDataset) Batch(i int) (x, y []*tensor.Tensor, sampleWeight *tensor.Tensor, err error) {
	if i < 0 || i >= d.Len() {
		return nil, nil, nil, fmt.Errorf("image dataset: batch index %d out of range [0, %d)", i, d.Len())
	}
	idx := d.order[i*d.o.batchSize : min((i+1)*d.o.batchSize, len(d.order))]
	n, h, w, c := len(idx), d.o.targetH, d.o.targetW, d.channels
	shape := []int{n, h, w, c}
	if d.o.dataFormat == "channels_first" {
		shape = []int{n, c, h, w}
	}
	xt, err := tensor.New(tensor.Float32, shape...)
	if err != nil {
		return nil, nil, nil, err
	}
	if err := d.loadInto(xt.Float32s(), idx); err != nil {
		return nil, nil, nil, err
	}
	x = []*tensor.Tensor{xt}
	if d.labels == nil {
		return x, nil, nil, nil
	}
	yt, err := d.labelTensor(idx)
	if err != nil {
		return nil, nil, nil, err
	}
	return x, []*tensor.Tensor{yt}, nil, nil
}

// loadInto decodes and resizes the images idx into dst, in parallel.
func (d *ImageDataset) loadInto(dst []float32, idx []int) error {
	h, w, c := d.o.targetH, d.o.targetW, d.channels
	per := h * w * c
	errs := make([]error, len(idx))
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for k, j := range idx {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			errs[k] = d.loadOne(dst[k*per:(k+1)*per], d.paths[j])
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

func (d *ImageDataset) loadOne(dst []float32, path string) error {
	raw, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("image dataset: %w", err)
	}
	img, err := decodeImage(raw)
	if err != nil {
		return fmt.Errorf("image dataset: decoding %s: %w", path, err)
	}
	pix, ih, iw := imagePixels(img, d.channels)
	h, w, c := d.o.targetH, d.o.targetW, d.channels
	v := resizePixels(pix, ih, iw, c, h, w, d.o.interpolation, false, d.o.cropAspect, d.o.padAspect)
	if d.o.dataFormat == "channels_last" {
		copy(dst, v)
		return nil
	}
	for p := 0; p < h*w; p++ {
		for ch := 0; ch < c; ch++ {
			dst[ch*h*w+p] = v[p*c+ch]
		}
	}
	return nil
}

func (d *ImageDataset) labelTensor(idx []int) (*tensor.Tensor, error) {
	n := len(idx)
	switch d.o.labelMode {
	case "categorical":
		k := len(d.classNames)
		v := make([]float32, n*k)
		for r, j := range idx {
			v[r*k+int(d.labels[j])] = 1
		}
		return tensor.FromFloat32(v, n, k)
	case "binary":
		v := make([]float32, n)
		for r, j := range idx {
			v[r] = float32(d.labels[j])
		}
		return tensor.FromFloat32(v, n, 1)
	}
	v := make([]int32, n)
	for r, j := range idx {
		v[r] = d.labels[j]
	}
	return tensor.FromInt32(v, n)
}
