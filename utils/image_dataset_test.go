package utils

import (
	"bytes"
	"encoding/json"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/image/bmp"

	"github.com/gokeras/keras/tensor"
)

type imgGolden struct {
	Shuffles []struct {
		N, Seed int
		Perm    []int
	}
	Tree  []string
	Index []struct {
		Seed        int
		Shuffle     bool
		Split       float64
		ClassNames  []string `json:"class_names"`
		Classes     []string
		Train, Val  []string
		TrainLabels []int32 `json:"train_labels"`
		ValLabels   []int32 `json:"val_labels"`
	}
	PilSrc   []uint8 `json:"pil_src"`
	PilShape []int   `json:"pil_shape"`
	Pil      []struct {
		Interpolation string
		H, W          int
		Pix           []int
	}
	PilGray []int `json:"pil_gray"`
}

func loadImgGolden(t *testing.T) imgGolden {
	t.Helper()
	raw, err := os.ReadFile("testdata/image_dataset_golden.json")
	if err != nil {
		t.Fatal(err)
	}
	var g imgGolden
	if err := json.Unmarshal(raw, &g); err != nil {
		t.Fatal(err)
	}
	return g
}

// numpyShuffle reproduces numpy.random.RandomState(seed).shuffle.
func TestNumpyShuffle(t *testing.T) {
	for _, c := range loadImgGolden(t).Shuffles {
		if got := numpyShuffle(c.N, uint32(c.Seed)); !slices.Equal(got, c.Perm) {
			t.Errorf("n=%d seed=%d: %v, want %v", c.N, c.Seed, got[:min(10, len(got))], c.Perm[:min(10, len(c.Perm))])
		}
	}
}

// The file order, labels and validation split are Keras's.
func TestIndexDirectoryMatchesKeras(t *testing.T) {
	g := loadImgGolden(t)
	root := t.TempDir()
	for _, p := range g.Tree {
		full := filepath.Join(root, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	rel := func(ps []string) []string {
		out := make([]string, len(ps))
		for i, p := range ps {
			r, _ := filepath.Rel(root, p)
			out[i] = filepath.ToSlash(r)
		}
		return out
	}
	for _, c := range g.Index {
		opts := []ImageOption{WithSeed(int64(c.Seed)), WithShuffle(c.Shuffle), WithValidationSplit(c.Split), WithLog(nil)}
		if c.ClassNames != nil {
			opts = append(opts, WithClassNames(c.ClassNames...))
		}
		o, err := datasetOptions(append(opts, WithSubset("both")))
		if err != nil {
			t.Fatal(err)
		}
		paths, labels, classes, err := indexDirectory(root, o)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(classes, c.Classes) {
			t.Errorf("seed %d: classes %v, want %v", c.Seed, classes, c.Classes)
		}
		tp, tl := splitSubset(paths, labels, c.Split, "training", o)
		vp, vl := splitSubset(paths, labels, c.Split, "validation", o)
		if !slices.Equal(rel(tp), c.Train) || !slices.Equal(tl, c.TrainLabels) {
			t.Errorf("seed %d: training %v %v, want %v %v", c.Seed, rel(tp), tl, c.Train, c.TrainLabels)
		}
		if !slices.Equal(rel(vp), c.Val) || !slices.Equal(vl, c.ValLabels) {
			t.Errorf("seed %d: validation %v %v, want %v %v", c.Seed, rel(vp), vl, c.Val, c.ValLabels)
		}
	}
}

// solid returns a w x h image of one color.
func solid(w, h int, c color.NRGBA) *image.NRGBA {
	m := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			m.SetNRGBA(x, y, c)
		}
	}
	return m
}

func writeImage(t *testing.T, path string, m image.Image) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	var err error
	switch filepath.Ext(path) {
	case ".png":
		err = png.Encode(&b, m)
	case ".jpg":
		err = jpeg.Encode(&b, m, &jpeg.Options{Quality: 100})
	case ".gif":
		err = gif.Encode(&b, m, nil)
	case ".bmp":
		err = bmp.Encode(&b, m)
	}
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

var (
	red   = color.NRGBA{255, 0, 0, 255}
	green = color.NRGBA{0, 255, 0, 255}
	blue  = color.NRGBA{0, 0, 255, 128}
	white = color.NRGBA{255, 255, 255, 255}
)

// makeTree writes 5 solid images in 2 classes, in all four formats.
func makeTree(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	writeImage(t, filepath.Join(root, "apple", "1.png"), solid(6, 4, red))
	writeImage(t, filepath.Join(root, "apple", "2.bmp"), solid(3, 3, red))
	writeImage(t, filepath.Join(root, "apple", "3.gif"), solid(5, 7, white))
	writeImage(t, filepath.Join(root, "pear", "1.jpg"), solid(8, 8, green))
	writeImage(t, filepath.Join(root, "pear", "2.png"), solid(2, 5, blue))
	return root
}

// imageDataset is the root package's Dataset interface plus OnEpochEnd.
type imageDataset interface {
	Len() int
	Batch(i int) (x, y []*tensor.Tensor, sampleWeight *tensor.Tensor, err error)
	OnEpochEnd()
}

var _ imageDataset = (*ImageDataset)(nil)

func TestImageDatasetFromDirectory(t *testing.T) {
	root := makeTree(t)
	var log bytes.Buffer
	ds, err := ImageDatasetFromDirectory(root, WithImageSize(4, 3), WithBatchSize(3), WithShuffle(false),
		WithLabelMode("categorical"), WithLog(&log))
	if err != nil {
		t.Fatal(err)
	}
	if got := log.String(); got != "Found 5 files belonging to 2 classes.\n" {
		t.Errorf("log %q", got)
	}
	if ds.Len() != 2 || ds.Size() != 5 || !slices.Equal(ds.ClassNames(), []string{"apple", "pear"}) {
		t.Fatalf("len %d size %d classes %v", ds.Len(), ds.Size(), ds.ClassNames())
	}
	x, y, sw, err := ds.Batch(1)
	if err != nil || sw != nil {
		t.Fatal(err, sw)
	}
	if !x[0].Shape().Equal(tensor.Shape{2, 4, 3, 3}) || !y[0].Shape().Equal(tensor.Shape{2, 2}) {
		t.Fatalf("shapes %v %v", x[0].Shape(), y[0].Shape())
	}
	if !slices.Equal(y[0].Float32s(), []float32{0, 1, 0, 1}) {
		t.Errorf("one-hot labels %v", y[0].Float32s())
	}
	px := x[0].Float32s()
	// pear/1.jpg is green (JPEG: within a few levels); pear/2.png drops alpha.
	if math.Abs(float64(px[1])-255) > 3 || px[0] > 3 || px[2] > 3 {
		t.Errorf("green pixel %v", px[:3])
	}
	if got := px[36:39]; !slices.Equal(got, []float32{0, 0, 255}) {
		t.Errorf("blue pixel %v", got)
	}
	if _, _, _, err := ds.Batch(2); err == nil {
		t.Error("batch 2 of 2 did not fail")
	}
	ds.OnEpochEnd() // not shuffling: order kept
	x2, _, _, _ := ds.Batch(1)
	if !slices.Equal(x2[0].Float32s(), px) {
		t.Error("OnEpochEnd reordered an unshuffled dataset")
	}
}

func TestImageDatasetModes(t *testing.T) {
	root := makeTree(t)
	for _, c := range []struct {
		name  string
		opts  []ImageOption
		xs    tensor.Shape
		ys    tensor.Shape
		ydt   tensor.DType
		check func(x, y *tensor.Tensor) string
	}{
		{"int_gray", []ImageOption{WithColorMode("grayscale")}, tensor.Shape{5, 2, 2, 1}, tensor.Shape{5}, tensor.Int32,
			func(x, y *tensor.Tensor) string {
				if !slices.Equal(y.Int32s(), []int32{0, 0, 0, 1, 1}) {
					return "labels"
				}
				if v := x.Float32s()[0]; v != 76 { // 0.299*255
					return "red luma"
				}
				return ""
			}},
		{"binary_rgba_cf", []ImageOption{WithLabelMode("binary"), WithColorMode("rgba"), WithDataFormat("channels_first")},
			tensor.Shape{5, 4, 2, 2}, tensor.Shape{5, 1}, tensor.Float32,
			func(x, y *tensor.Tensor) string {
				if !slices.Equal(y.Float32s(), []float32{0, 0, 0, 1, 1}) {
					return "labels"
				}
				if a := x.Float32s()[4*16+3*4]; a != 128 { // alpha plane of pear/2.png
					return "alpha"
				}
				return ""
			}},
		{"no_labels_crop", []ImageOption{WithLabelMode(""), WithCropToAspectRatio(true), WithInterpolation("nearest")},
			tensor.Shape{5, 2, 2, 3}, nil, 0, nil},
		{"pad", []ImageOption{WithPadToAspectRatio(true), WithInterpolation("area")}, tensor.Shape{5, 2, 2, 3}, tensor.Shape{5}, tensor.Int32, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			opts := append([]ImageOption{WithImageSize(2, 2), WithShuffle(false), WithBatchSize(8), WithLog(nil)}, c.opts...)
			ds, err := ImageDatasetFromDirectory(root, opts...)
			if err != nil {
				t.Fatal(err)
			}
			x, y, _, err := ds.Batch(0)
			if err != nil {
				t.Fatal(err)
			}
			if !x[0].Shape().Equal(c.xs) {
				t.Fatalf("x shape %v, want %v", x[0].Shape(), c.xs)
			}
			if c.ys == nil {
				if y != nil {
					t.Fatalf("labels without label_mode: %v", y)
				}
				return
			}
			if !y[0].Shape().Equal(c.ys) || y[0].DType() != c.ydt {
				t.Fatalf("y %v %v", y[0].Shape(), y[0].DType())
			}
			if c.check != nil {
				if msg := c.check(x[0], y[0]); msg != "" {
					t.Errorf("%s: x %v y %v", msg, x[0].Float32s()[:8], y[0])
				}
			}
		})
	}
}

func TestImageDatasetShuffleAndSplit(t *testing.T) {
	root := makeTree(t)
	train, val, err := ImageDatasetFromDirectoryBoth(root, WithImageSize(2, 2), WithValidationSplit(0.4), WithSeed(42), WithLog(nil))
	if err != nil {
		t.Fatal(err)
	}
	if train.Size() != 3 || val.Size() != 2 {
		t.Fatalf("sizes %d %d", train.Size(), val.Size())
	}
	all := append(train.FilePaths(), val.FilePaths()...)
	slices.Sort(all)
	if len(slices.Compact(all)) != 5 {
		t.Errorf("training and validation overlap: %v", all)
	}
	tr2, err := ImageDatasetFromDirectory(root, WithImageSize(2, 2), WithValidationSplit(0.4), WithSubset("training"), WithSeed(42), WithLog(nil))
	if err != nil || !slices.Equal(tr2.FilePaths(), train.FilePaths()) {
		t.Errorf("subset training differs from both's: %v %v", err, tr2.FilePaths())
	}
	// Reshuffling changes the batch order eventually, keeps the contents.
	ds, _ := ImageDatasetFromDirectory(root, WithImageSize(1, 1), WithBatchSize(5), WithSeed(1), WithLog(nil))
	x0, _, _, _ := ds.Batch(0)
	first := slices.Clone(x0[0].Float32s())
	changed := false
	for i := 0; i < 10 && !changed; i++ {
		ds.OnEpochEnd()
		x, _, _, _ := ds.Batch(0)
		changed = !slices.Equal(x[0].Float32s(), first)
		a, b := slices.Clone(x[0].Float32s()), slices.Clone(first)
		slices.Sort(a)
		slices.Sort(b)
		if !slices.Equal(a, b) {
			t.Fatal("reshuffle changed the contents")
		}
	}
	if !changed {
		t.Error("OnEpochEnd never reshuffled")
	}
}

func TestImageDatasetErrors(t *testing.T) {
	root := makeTree(t)
	q := []ImageOption{WithLog(nil)}
	for _, c := range []struct {
		opts []ImageOption
		want string
	}{
		{[]ImageOption{WithLabelMode("sparse")}, "label_mode"},
		{[]ImageOption{WithColorMode("cmyk")}, "color_mode"},
		{[]ImageOption{WithImageSize(0, 3)}, "image_size"},
		{[]ImageOption{WithInterpolation("gaussian")}, "interpolation"},
		{[]ImageOption{WithValidationSplit(1.5), WithSubset("training"), WithSeed(1)}, "between 0 and 1"},
		{[]ImageOption{WithValidationSplit(0.2)}, "subset is set"},
		{[]ImageOption{WithValidationSplit(0.2), WithSubset("training")}, "provide a seed"},
		{[]ImageOption{WithValidationSplit(0.2), WithSubset("test"), WithSeed(1)}, "subset must be"},
		{[]ImageOption{WithValidationSplit(0.2), WithSubset("both"), WithSeed(1)}, "ImageDatasetFromDirectoryBoth"},
		{[]ImageOption{WithClassNames("apple", "plum")}, "did not match"},
		{[]ImageOption{WithLabelMode("binary"), WithClassNames("apple")}, "exactly 2"},
		{[]ImageOption{WithCropToAspectRatio(true), WithPadToAspectRatio(true)}, "only one of"},
		{[]ImageOption{WithBatchSize(0)}, "batch_size"},
	} {
		_, err := ImageDatasetFromDirectory(root, append(q, c.opts...)...)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("error %v, want %q", err, c.want)
		}
	}
	if _, err := ImageDatasetFromDirectory(filepath.Join(root, "none"), q...); err == nil {
		t.Error("missing directory accepted")
	}
	if _, err := ImageDatasetFromDirectory(t.TempDir(), q...); err == nil || !strings.Contains(err.Error(), "no images found") {
		t.Errorf("empty directory: %v", err)
	}
	// A corrupt file fails its batch with its name.
	bad := filepath.Join(root, "pear", "0.png")
	os.WriteFile(bad, []byte("\x89PNG\r\n\x1a\nnot really"), 0o644)
	ds, err := ImageDatasetFromDirectory(root, append(q, WithShuffle(false), WithImageSize(2, 2))...)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, _, err := ds.Batch(0); err == nil || !strings.Contains(err.Error(), "0.png") {
		t.Errorf("corrupt image: %v", err)
	}
}

func TestLoadImgAndImgToArray(t *testing.T) {
	g := loadImgGolden(t)
	h, w := g.PilShape[0], g.PilShape[1]
	src := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			i := (y*w + x) * 3
			src.SetNRGBA(x, y, color.NRGBA{g.PilSrc[i], g.PilSrc[i+1], g.PilSrc[i+2], 255})
		}
	}
	path := filepath.Join(t.TempDir(), "src.png")
	writeImage(t, path, src)
	img, err := LoadImg(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := img.(*RGBImage); !ok {
		t.Fatalf("rgb image is %T", img)
	}
	a := ImgToArray(img)
	if !a.Shape().Equal(tensor.Shape{h, w, 3}) || a.Float32s()[5] != float32(g.PilSrc[5]) {
		t.Fatalf("img_to_array %v", a.Shape())
	}
	gray, err := LoadImg(path, WithColorMode("grayscale"))
	if err != nil {
		t.Fatal(err)
	}
	ga := ImgToArray(gray)
	for i, v := range ga.Float32s() {
		if int(v) != g.PilGray[i] {
			t.Fatalf("gray[%d] = %v, PIL %d", i, v, g.PilGray[i])
		}
	}
	for _, c := range g.Pil {
		if c.Interpolation == "box" {
			continue
		}
		img, err := LoadImg(path, WithTargetSize(c.H, c.W), WithInterpolation(c.Interpolation))
		if err != nil {
			t.Fatal(err)
		}
		got := ImgToArray(img).Float32s()
		// PIL works in fixed point: allow two levels.
		tol, maxOff := 1.0, 0
		if c.Interpolation != "nearest" {
			tol = 2
		}
		for i, v := range got {
			if d := math.Abs(float64(v) - float64(c.Pix[i])); d > tol {
				maxOff++
				if d > 12 {
					t.Errorf("%s %dx%d: pixel %d = %v, PIL %d", c.Interpolation, c.H, c.W, i, v, c.Pix[i])
					break
				}
			}
		}
		if maxOff > 0 {
			t.Errorf("%s %dx%d: %d of %d values differ from PIL by more than %v", c.Interpolation, c.H, c.W, maxOff, len(got), tol)
		}
	}
	rgba, err := LoadImg(path, WithColorMode("rgba"), WithTargetSize(3, 3), WithKeepAspectRatio(true))
	if err != nil || !ImgToArray(rgba).Shape().Equal(tensor.Shape{3, 3, 4}) {
		t.Errorf("rgba: %v", err)
	}
	for _, m := range []string{"hamming", "box"} {
		if _, err := LoadImg(path, WithTargetSize(3, 3), WithInterpolation(m)); err == nil {
			t.Errorf("%s accepted", m)
		}
	}
	if _, err := LoadImg(path, WithColorMode("hsv")); err == nil {
		t.Error("bad color mode accepted")
	}
	if _, err := LoadImg(filepath.Join(t.TempDir(), "missing.png")); err == nil {
		t.Error("missing file accepted")
	}
}
