"""Pin the layout of a .keras file written by package saving.

Reads saving/testdata/go_written.keras (written by the Go test
TestGoldenKerasListing with SAVING_UPDATE_GOLDEN=1) with Python's zipfile and
h5py -- independent readers of the zip and HDF5 formats -- and records the zip
entries, the top-level config.json keys and every HDF5 object of
model.weights.h5 (path, kind, shape, dtype, string attributes) in
saving/testdata/keras_listing.json. The Go test compares its own reading of a
freshly written file with that listing.

The expected layout is Keras 3's (keras/src/saving/saving_lib.py): weights at
layers/<snake_case class name>[_N]/vars/<i> whatever the layers' own names,
optimizer state at optimizer/vars/<i>, each vars group carrying the object's
name as its "name" attribute. The script asserts those paths too.

Rerun from the repository root:
    (cd saving && SAVING_UPDATE_GOLDEN=1 go test -run TestGoldenKerasListing .)
    /usr/bin/python3 testdata/gen/saving_gen.py
"""
import io
import json
import os
import zipfile

import h5py

HERE = os.path.dirname(os.path.abspath(__file__))
TESTDATA = os.path.join(HERE, "..", "..", "saving", "testdata")


def main():
    path = os.path.join(TESTDATA, "go_written.keras")
    zf = zipfile.ZipFile(path)
    listing = {"entries": [i.filename for i in zf.infolist()]}
    cfg = json.loads(zf.read("config.json"))
    listing["config_keys"] = sorted(cfg.keys())
    meta = json.loads(zf.read("metadata.json"))
    assert meta["keras_version"].startswith("3."), meta
    h5 = h5py.File(io.BytesIO(zf.read("model.weights.h5")), "r")
    objs = []

    def visit(name, obj):
        e = {"path": name}
        if isinstance(obj, h5py.Dataset):
            e["kind"] = "dataset"
            e["shape"] = list(obj.shape)
            e["dtype"] = str(obj.dtype)
        else:
            e["kind"] = "group"
        attrs = {k: (v.decode() if isinstance(v, bytes) else v) for k, v in obj.attrs.items()}
        attrs = {k: v for k, v in attrs.items() if isinstance(v, str)}
        if attrs:
            e["attrs"] = attrs
        objs.append(e)

    h5.visititems(visit)
    listing["h5"] = objs
    paths = {o["path"]: o for o in objs}
    # Keras 3 layout: class-based names, not the user's layer names.
    assert paths["layers/dense/vars/0"]["shape"] == [4, 3]
    assert paths["layers/dense_1/vars/1"]["shape"] == [2]
    assert paths["layers/dense/vars"]["attrs"]["name"] == "hidden"
    assert paths["optimizer/vars/0"]["dtype"] == "int64"
    assert "layers/dropout/vars" in paths
    with open(os.path.join(TESTDATA, "keras_listing.json"), "w") as f:
        json.dump(listing, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
