package utils

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	_ "image/gif" // GIF decoder for LoadImg and ImageDatasetFromDirectory
	_ "image/jpeg"
	_ "image/png"
	"math"
	"os"

	_ "golang.org/x/image/bmp" // BMP, one of Keras's allowed image formats

	"github.com/gokeras/keras/internal/imgresize"
	"github.com/gokeras/keras/tensor"
)

// ImageOption sets one keyword argument of LoadImg or
// ImageDatasetFromDirectory.
type ImageOption func(*imageOptions)

type imageOptions struct {
	colorMode       string
	targetH         int
	targetW         int
	interpolation   string
	interpSet       bool
	keepAspect      bool
	labelMode       string
	classNames      []string
	batchSize       int
	shuffle         bool
	seed            int64
	seedSet         bool
	validationSplit float64
	subset          string
	cropAspect      bool
	padAspect       bool
	dataFormat      string
	followLinks     bool
	log             func(format string, a ...any)
}

// WithColorMode sets color_mode: "rgb" (default), "rgba" or "grayscale".
func WithColorMode(m string) ImageOption { return func(o *imageOptions) { o.colorMode = m } }

// WithTargetSize sets LoadImg's target_size (height, width).
func WithTargetSize(h, w int) ImageOption {
	return func(o *imageOptions) { o.targetH, o.targetW = h, w }
}

// WithImageSize sets ImageDatasetFromDirectory's image_size (height, width;
// default 256x256).
func WithImageSize(h, w int) ImageOption { return WithTargetSize(h, w) }

// WithInterpolation sets the resize interpolation: LoadImg's default is
// "nearest" and it also takes "bilinear", "bicubic" and "lanczos" (PIL's
// filters); ImageDatasetFromDirectory's default is "bilinear" and it
// takes those of layers.Resizing.
func WithInterpolation(m string) ImageOption {
	return func(o *imageOptions) { o.interpolation, o.interpSet = m, true }
}

// WithKeepAspectRatio sets LoadImg's keep_aspect_ratio: crop the centre to
// the target aspect ratio before resizing.
func WithKeepAspectRatio(on bool) ImageOption { return func(o *imageOptions) { o.keepAspect = on } }

// LoadImg reads an image file (PNG, JPEG, GIF or BMP) as
// keras.utils.load_img does: converted to color_mode ("rgb" gives an
// *RGBImage, "rgba" an *image.NRGBA, "grayscale" an *image.Gray) and, with
// WithTargetSize, resized with WithInterpolation's filter (default
// "nearest"), like PIL: antialiased when shrinking, horizontally then
// vertically with 8-bit rounding after each pass.
//
// Deviations: PIL's fixed-point arithmetic is not reproduced (a pixel may
// differ by a level or two); 16-bit grayscale is reduced to 8 bits; PIL's
// "box" and "hamming" filters are not supported.
func LoadImg(path string, opts ...ImageOption) (image.Image, error) {
	o := imageOptions{colorMode: "rgb", interpolation: "nearest"}
	for _, f := range opts {
		f(&o)
	}
	nc, err := channelsOf(o.colorMode)
	if err != nil {
		return nil, fmt.Errorf("load_img: %w", err)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("load_img: %w", err)
	}
	src, _, err := image.Decode(bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("load_img: decoding %s: %w", path, err)
	}
	pix, h, w := imagePixels(src, nc)
	if o.targetH > 0 && o.targetW > 0 && (h != o.targetH || w != o.targetW) {
		method, ok := pilFilters[o.interpolation]
		if !ok {
			return nil, fmt.Errorf("load_img: invalid interpolation method %q specified. Supported methods are nearest, bilinear, bicubic, lanczos", o.interpolation)
		}
		if o.keepAspect {
			pix, h, w = cropAspect(pix, h, w, nc, o.targetH, o.targetW)
		}
		// PIL resamples horizontally, rounds to 8 bits, then vertically.
		if w != o.targetW {
			if pix, err = resize8(pix, h, w, nc, h, o.targetW, method); err != nil {
				return nil, fmt.Errorf("load_img: %w", err)
			}
			w = o.targetW
		}
		if h != o.targetH {
			if pix, err = resize8(pix, h, w, nc, o.targetH, w, method); err != nil {
				return nil, fmt.Errorf("load_img: %w", err)
			}
			h = o.targetH
		}
	}
	return pixelsImage(pix, h, w, nc), nil
}

// pilFilters maps PIL's filter names to layers.Resizing interpolations.
var pilFilters = map[string]string{
	"nearest": "nearest", "bilinear": "bilinear", "bicubic": "bicubic", "lanczos": "lanczos3",
}

// resize8 resizes 8-bit pixels with PIL's antialiased filter and rounds
// back to 8 bits.
func resize8(pix []uint8, h, w, nc, th, tw int, method string) ([]uint8, error) {
	x := resizePixels(pix, h, w, nc, th, tw, method, method != "nearest", false, false)
	out := make([]uint8, len(x))
	for i, v := range x {
		out[i] = uint8(math.Round(float64(min(max(v, 0), 255))))
	}
	return out, nil
}

// cropAspect is load_img's keep_aspect_ratio box: the centred window with
// the target aspect ratio.
func cropAspect(pix []uint8, h, w, nc, th, tw int) ([]uint8, int, int) {
	ch, cw := min(h, w*th/tw), min(w, h*tw/th)
	y0, x0 := (h-ch)/2, (w-cw)/2
	out := make([]uint8, 0, ch*cw*nc)
	for y := y0; y < y0+ch; y++ {
		out = append(out, pix[(y*w+x0)*nc:(y*w+x0+cw)*nc]...)
	}
	return out, ch, cw
}

func channelsOf(mode string) (int, error) {
	switch mode {
	case "rgb":
		return 3, nil
	case "rgba":
		return 4, nil
	case "grayscale":
		return 1, nil
	}
	return 0, fmt.Errorf(`color_mode must be one of {"rgb", "rgba", "grayscale"}. Received: color_mode=%s`, mode)
}

// imagePixels converts img to nc interleaved 8-bit channels: grayscale is
// PIL's "L" conversion (ITU-R 601-2 luma), RGB drops alpha without
// compositing and RGBA adds an opaque alpha where there is none.
func imagePixels(img image.Image, nc int) ([]uint8, int, int) {
	b := img.Bounds()
	h, w := b.Dy(), b.Dx()
	pix := make([]uint8, h*w*nc)
	at := pixelReader(img)
	i := 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, a, gray := at(x, y)
			switch {
			case nc == 1 && gray:
				pix[i] = r
			case nc == 1:
				pix[i] = uint8((19595*uint32(r) + 38470*uint32(g) + 7471*uint32(bl) + 1<<15) >> 16)
			case nc == 3:
				pix[i], pix[i+1], pix[i+2] = r, g, bl
			default:
				pix[i], pix[i+1], pix[i+2], pix[i+3] = r, g, bl, a
			}
			i += nc
		}
	}
	return pix, h, w
}

// pixelReader returns a function reading non-premultiplied 8-bit RGBA at
// (x, y), with gray set for grayscale sources; the common decoder outputs
// are read without allocating.
func pixelReader(img image.Image) func(x, y int) (r, g, b, a uint8, gray bool) {
	switch m := img.(type) {
	case *image.Gray:
		return func(x, y int) (uint8, uint8, uint8, uint8, bool) {
			v := m.GrayAt(x, y).Y
			return v, v, v, 255, true
		}
	case *image.Gray16:
		return func(x, y int) (uint8, uint8, uint8, uint8, bool) {
			v := uint8(m.Gray16At(x, y).Y >> 8)
			return v, v, v, 255, true
		}
	case *image.YCbCr:
		return func(x, y int) (uint8, uint8, uint8, uint8, bool) {
			c := m.YCbCrAt(x, y)
			r, g, b := color.YCbCrToRGB(c.Y, c.Cb, c.Cr)
			return r, g, b, 255, false
		}
	case *image.NRGBA:
		return func(x, y int) (uint8, uint8, uint8, uint8, bool) {
			c := m.NRGBAAt(x, y)
			return c.R, c.G, c.B, c.A, false
		}
	case *RGBImage:
		return func(x, y int) (uint8, uint8, uint8, uint8, bool) {
			i := (y-m.Rect.Min.Y)*m.Stride + (x-m.Rect.Min.X)*3
			return m.Pix[i], m.Pix[i+1], m.Pix[i+2], 255, false
		}
	}
	return func(x, y int) (uint8, uint8, uint8, uint8, bool) {
		c := color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA)
		return c.R, c.G, c.B, c.A, false
	}
}

// resizePixels resizes interleaved 8-bit pixels (internal/imgresize, the
// weights of layers.Resizing) and returns the float32 (th, tw, nc) result.
func resizePixels(pix []uint8, h, w, nc, th, tw int, method string, antialias, crop, pad bool) []float32 {
	src := make([]float32, len(pix))
	for i, v := range pix {
		src[i] = float32(v)
	}
	wy, wx := imgresize.Plain(h), imgresize.Plain(w)
	switch {
	case crop:
		wy, wx = imgresize.CropWindows(h, w, th, tw)
	case pad:
		wy, wx = imgresize.PadWindows(h, w, th, tw)
	}
	return imgresize.HWC(src, w, nc, imgresize.MakeTaps(method, antialias, wy, th), imgresize.MakeTaps(method, antialias, wx, tw), 0)
}

func pixelsImage(pix []uint8, h, w, nc int) image.Image {
	rect := image.Rect(0, 0, w, h)
	switch nc {
	case 1:
		return &image.Gray{Pix: pix, Stride: w, Rect: rect}
	case 3:
		return &RGBImage{Pix: pix, Stride: 3 * w, Rect: rect}
	}
	return &image.NRGBA{Pix: pix, Stride: 4 * w, Rect: rect}
}

// RGBImage is an 8-bit RGB image without alpha (PIL's "RGB" mode), what
// LoadImg returns for color_mode "rgb". Pixel (x, y) starts at
// Pix[(y-Rect.Min.Y)*Stride + (x-Rect.Min.X)*3].
type RGBImage struct {
	Pix    []uint8
	Stride int
	Rect   image.Rectangle
}

// ColorModel is color.RGBAModel (the pixels are opaque).
func (p *RGBImage) ColorModel() color.Model { return color.RGBAModel }

// Bounds is the image's rectangle.
func (p *RGBImage) Bounds() image.Rectangle { return p.Rect }

// At returns the opaque color at (x, y).
func (p *RGBImage) At(x, y int) color.Color {
	if !(image.Point{x, y}.In(p.Rect)) {
		return color.RGBA{}
	}
	i := (y-p.Rect.Min.Y)*p.Stride + (x-p.Rect.Min.X)*3
	return color.RGBA{p.Pix[i], p.Pix[i+1], p.Pix[i+2], 255}
}

// ImgToArray is keras.utils.img_to_array: the image as a float32 (height,
// width, channels) tensor of 0-255 values. Channels: 1 for *image.Gray and
// *image.Gray16 (whose 16-bit values are kept), 3 for *RGBImage,
// *image.YCbCr (JPEG), *image.CMYK and opaque *image.Paletted, 4 (RGBA,
// not premultiplied) otherwise.
func ImgToArray(img image.Image) *tensor.Tensor {
	b := img.Bounds()
	h, w := b.Dy(), b.Dx()
	var nc int
	switch m := img.(type) {
	case *image.Gray16:
		x, _ := tensor.New(tensor.Float32, h, w, 1)
		v := x.Float32s()
		for y := 0; y < h; y++ {
			for c := 0; c < w; c++ {
				v[y*w+c] = float32(m.Gray16At(b.Min.X+c, b.Min.Y+y).Y)
			}
		}
		return x
	case *image.Gray:
		nc = 1
	case *RGBImage, *image.YCbCr, *image.CMYK:
		nc = 3
	case *image.Paletted:
		nc = 4
		if m.Opaque() {
			nc = 3
		}
	default:
		nc = 4
	}
	pix, _, _ := imagePixels(img, nc)
	x, _ := tensor.New(tensor.Float32, h, w, nc)
	v := x.Float32s()
	for i, p := range pix {
		v[i] = float32(p)
	}
	return x
}
