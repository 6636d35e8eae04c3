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

It does the same for saving/testdata/go_written_assets.keras (written by
TestGoldenAssetsListing) into saving/testdata/keras_assets_listing.json,
adding the text of the assets/... entries, and asserts Keras's layout of
layer state that is not a variable: save_assets files at
assets/<layer path>/vocabulary.txt (index_lookup.py), save_own_variables
arrays by key (vars/idf_weights for tf_idf lookups), TextVectorization's
StringLookup walked into as "_lookup_layer" (saving_lib._walk_saveable visits
every attribute that is a KerasSaveable), and Normalization's mean, variance
and count as vars/0..2.

Rerun from the repository root:
    (cd saving && SAVING_UPDATE_GOLDEN=1 go test -run 'TestGolden(Keras|Assets)Listing' .)
    /usr/bin/python3 testdata/gen/saving_gen.py
"""
import io
import json
import os
import zipfile

import h5py

HERE = os.path.dirname(os.path.abspath(__file__))
TESTDATA = os.path.join(HERE, "..", "..", "saving", "testdata")


def list_file(name):
    path = os.path.join(TESTDATA, name)
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
    assets = {n: zf.read(n).decode() for n in listing["entries"] if n.startswith("assets/")}
    if assets:
        listing["assets"] = assets
    return listing, {o["path"]: o for o in objs}


def write(listing, name):
    with open(os.path.join(TESTDATA, name), "w") as f:
        json.dump(listing, f, indent=1, sort_keys=True)
        f.write("\n")


def main():
    listing, paths = list_file("go_written.keras")
    # Keras 3 layout: class-based names, not the user's layer names.
    assert paths["layers/dense/vars/0"]["shape"] == [4, 3]
    assert paths["layers/dense_1/vars/1"]["shape"] == [2]
    assert paths["layers/dense/vars"]["attrs"]["name"] == "hidden"
    assert paths["optimizer/vars/0"]["dtype"] == "int64"
    assert "layers/dropout/vars" in paths
    write(listing, "keras_listing.json")

    listing, paths = list_file("go_written_assets.keras")
    entries = listing["entries"]
    # Zip order: the weights file, then the assets folder (H5IOStore.close
    # runs before DiskIOStore.close in saving_lib._save_model_to_fileobj).
    assert entries[:3] == ["metadata.json", "config.json", "model.weights.h5"], entries
    assets = listing["assets"]
    for layer in ["text_vectorization", "text_vectorization/_lookup_layer", "string_lookup", "integer_lookup"]:
        assert "assets/layers/%s/vocabulary.txt" % layer in assets, (layer, assets.keys())
    tv = assets["assets/layers/text_vectorization/vocabulary.txt"]
    assert tv == assets["assets/layers/text_vectorization/_lookup_layer/vocabulary.txt"]
    assert assets["assets/layers/string_lookup/vocabulary.txt"].split("\n")[0] == "[UNK]"
    # tf_idf: one idf weight per vocabulary line, stored by key.
    for layer in ["text_vectorization", "text_vectorization/_lookup_layer", "integer_lookup"]:
        idf = paths["layers/%s/vars/idf_weights" % layer]
        assert idf["dtype"] == "float32", idf
        n = len(assets["assets/layers/%s/vocabulary.txt" % layer].split("\n"))
        assert idf["shape"] == [n], (idf, n)
    assert paths["layers/text_vectorization/_lookup_layer/vars"]["kind"] == "group"
    # Layers without variables still get their (empty) vars group.
    assert paths["layers/string_lookup/vars"]["attrs"]["name"] == "string_lookup"
    assert "layers/discretization/vars" in paths
    assert not any(p.startswith("layers/discretization/vars/") for p in paths)
    # Normalization: mean, variance, count (int64 scalar).
    assert paths["layers/normalization/vars/0"]["shape"] == [3]
    assert paths["layers/normalization/vars/1"]["shape"] == [3]
    assert paths["layers/normalization/vars/2"]["dtype"] == "int64"
    cfg = json.loads(zipfile.ZipFile(os.path.join(TESTDATA, "go_written_assets.keras")).read("config.json"))
    by_class = {l["class_name"]: l["config"] for l in cfg["config"]["layers"]}
    assert len(by_class["Discretization"]["bin_boundaries"]) == 2
    assert by_class["TextVectorization"]["vocabulary"] is None
    assert by_class["Normalization"]["mean"] is None
    write(listing, "keras_assets_listing.json")


if __name__ == "__main__":
    main()
