package utils_test

import (
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"

	"github.com/gokeras/keras/utils"
)

// writePNG writes a w x h image of one gray level.
func writePNG(path string, w, h int, v uint8) {
	m := image.NewGray(image.Rect(0, 0, w, h))
	for i := range m.Pix {
		m.Pix[i] = v
	}
	os.MkdirAll(filepath.Dir(path), 0o755)
	f, _ := os.Create(path)
	png.Encode(f, m)
	f.Close()
}

func ExampleImageDatasetFromDirectory() {
	dir, _ := os.MkdirTemp("", "images")
	defer os.RemoveAll(dir)
	writePNG(filepath.Join(dir, "cat", "1.png"), 10, 8, 10)
	writePNG(filepath.Join(dir, "cat", "2.png"), 4, 4, 20)
	writePNG(filepath.Join(dir, "dog", "1.png"), 6, 9, 30)

	ds, err := utils.ImageDatasetFromDirectory(dir,
		utils.WithImageSize(32, 32), utils.WithBatchSize(2), utils.WithLabelMode("categorical"),
		utils.WithShuffle(false))
	if err != nil {
		fmt.Println(err)
		return
	}
	x, y, _, _ := ds.Batch(0)
	fmt.Println(ds.ClassNames(), ds.Len(), x[0].Shape(), y[0].Shape())
	// Output:
	// Found 3 files belonging to 2 classes.
	// [cat dog] 2 (2, 32, 32, 3) (2, 2)
}

func ExampleImageDatasetFromDirectoryBoth() {
	dir, _ := os.MkdirTemp("", "images")
	defer os.RemoveAll(dir)
	for i := 0; i < 10; i++ {
		writePNG(filepath.Join(dir, []string{"a", "b"}[i%2], fmt.Sprint(i, ".png")), 4, 4, uint8(i))
	}
	train, val, err := utils.ImageDatasetFromDirectoryBoth(dir, utils.WithImageSize(4, 4),
		utils.WithValidationSplit(0.2), utils.WithSeed(1337), utils.WithLog(nil))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(train.Size(), val.Size())
	// Output: 8 2
}

func ExampleLoadImg() {
	dir, _ := os.MkdirTemp("", "img")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "x.png")
	writePNG(path, 6, 4, 200)

	img, err := utils.LoadImg(path, utils.WithColorMode("grayscale"), utils.WithTargetSize(2, 3))
	if err != nil {
		fmt.Println(err)
		return
	}
	x := utils.ImgToArray(img)
	fmt.Println(x.Shape(), x.Float32s()[0])
	// Output: (2, 3, 1) 200
}

func ExampleImgToArray() {
	m := image.NewNRGBA(image.Rect(0, 0, 2, 1))
	m.SetNRGBA(1, 0, color.NRGBA{R: 255, A: 255})
	x := utils.ImgToArray(m)
	fmt.Println(x.Shape(), x.Float32s())
	// Output: (1, 2, 4) [0 0 0 0 255 0 0 255]
}
