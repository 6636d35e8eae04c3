"""Golden values for utils.ImageDatasetFromDirectory and utils.LoadImg.

Rerun with:  /usr/bin/python3 testdata/gen/image_dataset_gen.py
Writes utils/testdata/image_dataset_golden.json.

  * shuffles: numpy.random.RandomState(seed).shuffle permutations (what
    Keras's dataset_utils.index_directory applies to the file list).
  * index: Keras's index_directory + get_training_or_validation_split logic
    (sorted class folders, os.walk order sorted by folder path, files sorted,
    shuffled with the seed, last int(split*n) files for validation), run on a
    tree this script builds in a temporary directory; paths are relative.
  * pil: PIL resizes (load_img's target_size) of a small RGB image, and
    PIL's convert("L") grayscale.
"""

import json
import os
import tempfile

import numpy as np
from PIL import Image

out = {}
out["shuffles"] = []
for n, seed in [(10, 123), (37, 5), (1000, 999999), (3, 0)]:
    lst = list(range(n))
    np.random.RandomState(seed).shuffle(lst)
    out["shuffles"].append({"n": n, "seed": seed, "perm": lst})

TREE = [
    "cats/b.png", "cats/a.jpg", "cats/sub/z.gif", "cats/sub/a.bmp", "cats/notes.txt",
    "dogs/x.PNG", "dogs/y.jpeg", "dogs/a2/c.png", "dogs/a1/d.png", "dogs/.hidden/e.png",
    ".git/f.png", "emu/1.png", "emu/2.png", "emu/3.png",
]
out["tree"] = TREE


def index(root, seed, shuffle=True, class_names=None):
    subdirs = sorted(d for d in os.listdir(root) if os.path.isdir(os.path.join(root, d)) and not d.startswith("."))
    if class_names:
        subdirs = class_names
    files, labels = [], []
    for ci, sd in enumerate(subdirs):
        d = os.path.join(root, sd)
        for r, _, fs in sorted(os.walk(d), key=lambda x: x[0]):
            for f in sorted(fs):
                if f.lower().endswith((".bmp", ".gif", ".jpeg", ".jpg", ".png")):
                    files.append(os.path.relpath(os.path.join(r, f), root))
                    labels.append(ci)
    labels = np.array(labels, dtype="int32")
    if shuffle:
        np.random.RandomState(seed).shuffle(files)
        np.random.RandomState(seed).shuffle(labels)
    return files, labels.tolist(), subdirs


with tempfile.TemporaryDirectory() as root:
    for p in TREE:
        full = os.path.join(root, p)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        open(full, "w").close()
    out["index"] = []
    for seed, shuffle, split, names in [(42, True, 0.25, None), (7, True, 0.4, None), (1, False, 0.3, None),
                                        (3, True, 0.5, ["emu", "cats"])]:
        files, labels, classes = index(root, seed, shuffle, names)
        nval = int(split * len(files))
        ntrain = len(files) - nval
        out["index"].append({
            "seed": seed, "shuffle": shuffle, "split": split, "class_names": names, "classes": classes,
            "train": files[:ntrain], "train_labels": labels[:ntrain],
            "val": files[ntrain:], "val_labels": labels[ntrain:],
        })

rng = np.random.RandomState(3)
src = rng.randint(0, 256, size=(7, 9, 3)).astype(np.uint8)
img = Image.fromarray(src, "RGB")
out["pil_src"] = src.ravel().tolist()
out["pil_shape"] = list(src.shape)
out["pil"] = []
for name, flt in [("nearest", Image.NEAREST), ("bilinear", Image.BILINEAR), ("bicubic", Image.BICUBIC),
                  ("lanczos", Image.LANCZOS), ("box", Image.BOX)]:
    for h, w in [(4, 5), (11, 13)]:
        r = np.asarray(img.resize((w, h), flt))
        out["pil"].append({"interpolation": name, "h": h, "w": w, "pix": r.ravel().tolist()})
out["pil_gray"] = np.asarray(img.convert("L")).ravel().tolist()

path = os.path.join(os.path.dirname(__file__), "..", "..", "utils", "testdata", "image_dataset_golden.json")
with open(path, "w") as f:
    json.dump(out, f, separators=(",", ":"))
print("wrote", os.path.normpath(path))
