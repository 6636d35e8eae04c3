"""Fixtures and golden listings for package internal/hdf5.

Rerun from the repository root with:

    /usr/bin/python3 testdata/gen/hdf5_gen.py            # regenerate fixtures + goldens
    /usr/bin/python3 testdata/gen/hdf5_gen.py list F.h5  # print h5py's listing of F.h5

Debian's python3-h5py (h5py 3.7, HDF5 1.10.8) writes small HDF5 files into
internal/hdf5/testdata/ that cover the features Keras files use (superblock
v0/v2/v3, object header v1/v2, symbol-table, compact and dense groups, compact
and dense attributes, contiguous/compact/chunked layouts with every chunk index
HDF5 1.10 writes, deflate/shuffle/fletcher32, float16..float64, int8..uint64,
big-endian, fixed and variable-length strings, scalar and empty dataspaces,
names with backslashes) and, for each, "<name>.listing.txt": h5py's view of the
file in the exact text format of listing() in listing_test.go.

It also writes testdata/realfiles.json: for every real Keras file under
/work/shared/keras-models (never committed), the SHA-256 of h5py's listing of
it plus a few full-precision dataset values. That JSON is derived data; the Go
test compares its own listing against it and skips when the files are absent.

The `list` mode is how Go-written files were checked: the Go test writes
written_by_go.h5, this script lists it with h5py, and the result was committed
as written_by_go.listing.txt (the Go test compares its reader output with it).
"""
import hashlib
import io
import json
import math
import os
import sys
import zipfile

import h5py
import numpy as np

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
OUT = os.path.join(ROOT, "internal", "hdf5", "testdata")
MODELS = "/work/shared/keras-models"


# ---------------------------------------------------------------- listing
def fmt_f(x, prec):
    x = float(x)
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return ("%.*g" % (prec, x)).replace("e+", "e")


def to_str(b):
    if isinstance(b, bytes):
        try:
            return b.decode("utf-8")
        except UnicodeDecodeError:
            return b.decode("latin-1")
    return str(b)


def qstr(s):
    return json.dumps(s, ensure_ascii=False)


def dtype_name(dt):
    if dt.kind == "O":
        return "object"
    if dt.kind == "S":
        return "|S%d" % dt.itemsize
    if dt.kind in "iuf":
        return "%s%d" % ({"i": "int", "u": "uint", "f": "float"}[dt.kind], dt.itemsize * 8)
    return str(dt)


def qlong(s):
    """Strings over 200 characters are listed by length and SHA-256 prefix."""
    if len(s) > 200:
        return "<%d chars sha256:%s>" % (len(s), hashlib.sha256(s.encode()).hexdigest()[:16])
    return qstr(s)


def fmt_value(v, dt):
    arr = np.asarray(v)
    if dt.kind in "OS":
        parts = [qlong(to_str(x)) for x in arr.reshape(-1)]
    elif dt.kind == "f":
        prec = 17 if dt.itemsize == 8 else 9
        parts = [fmt_f(np.float32(x) if dt.itemsize < 8 else x, prec) for x in arr.reshape(-1)]
    else:
        parts = [str(int(x)) for x in arr.reshape(-1)]
    if arr.ndim == 0:
        return parts[0]
    if len(parts) > 12:
        parts = parts[:6] + ["..."] + parts[-6:]
    return "[" + ", ".join(parts) + "]"


def fmt_shape(shape):
    if shape is None:
        return "null"
    if len(shape) == 1:
        return "(%d,)" % shape[0]
    return "(" + ", ".join(str(d) for d in shape) + ")"


def attr_lines(obj):
    out = []
    for name in obj.attrs.keys():  # h5py's iteration order
        aid = h5py.h5a.open(obj.id, name.encode())
        dt = aid.dtype
        v = obj.attrs[name]
        if isinstance(v, h5py.Empty):
            out.append("  @%s %s null = None" % (name, dtype_name(dt)))
            continue
        shape = aid.shape
        out.append("  @%s %s %s = %s" % (name, dtype_name(dt), fmt_shape(shape), fmt_value(v, dt)))
    return out


def listing(f):
    lines = ["/ group"] + attr_lines(f)
    seen = {h5py.h5o.get_info(f.id).addr}

    def walk(g, path):
        for name in g.keys():  # h5py's order: by name, or creation order (track_order)
            link = g.get(name, getlink=True)
            if not isinstance(link, h5py.HardLink):
                continue
            obj = g[name]
            addr = h5py.h5o.get_info(obj.id).addr
            if addr in seen:
                continue
            seen.add(addr)
            p = path + "/" + name if path != "/" else "/" + name
            if isinstance(obj, h5py.Group):
                lines.append("%s group" % p)
                lines.extend(attr_lines(obj))
                walk(obj, p)
            elif isinstance(obj, h5py.Dataset):
                v = obj[()]
                lines.append("%s dataset %s %s = %s" % (p, dtype_name(obj.dtype), fmt_shape(obj.shape), fmt_value(v, obj.dtype)))
                lines.extend(attr_lines(obj))

    walk(f, "/")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- fixtures
def fixture_v0(path):
    """Default h5py file (superblock v0, object header v1, symbol tables)."""
    rng = np.random.RandomState(0)
    with h5py.File(path, "w") as f:
        f.attrs["backend"] = "tensorflow"                       # vlen UTF-8 scalar
        f.attrs["keras_version"] = np.bytes_("2.2.4")            # fixed |S5 scalar
        f.attrs["layer_names"] = np.array([b"dense", b"dense_1"])  # fixed |S7 array
        f.attrs["vlen_names"] = np.array(["conv2d", "été"], dtype=h5py.string_dtype())
        f.attrs["empty_weights"] = np.asarray([])                 # float64 (0,)
        f.attrs["f64"] = 0.1
        f.attrs["i64s"] = np.array([1, -2, 3], dtype=np.int64)
        f.attrs["u8"] = np.uint8(200)
        f.attrs["f16"] = np.array([1.5, -0.25, 65504], dtype=np.float16)
        f.attrs["nullattr"] = h5py.Empty("f4")
        g = f.create_group("model_weights/dense/dense")
        g.create_dataset("kernel:0", data=rng.randn(3, 4).astype("f4"))
        g.create_dataset("bias:0", data=np.arange(4, dtype="f4"))
        f["model_weights/dense"].attrs["weight_names"] = np.array([b"dense/kernel:0", b"dense/bias:0"])
        w = f.create_group("layers\\lstm\\cell")                 # backslashes in a name
        w.create_dataset("0", data=np.float32(3.25))             # scalar dataset
        w.create_dataset("1", data=np.int64(7))
        t = f.create_group("types")
        for dt in ["i1", "i2", "i4", "i8", "u1", "u2", "u4", "u8"]:
            info = np.iinfo(dt)
            t.create_dataset(dt, data=np.array([info.min, 0, info.max], dtype=dt))
        t.create_dataset("f2", data=np.array([0.5, -2, 1e-5, 65504], dtype="f2"))
        t.create_dataset("f8", data=np.array([math.pi, -1e300, 5e-324]))
        t.create_dataset("be_f4", data=np.array([1.5, -2.5], dtype=">f4"))
        t.create_dataset("be_i4", data=np.array([1, -70000], dtype=">i4"))
        t.create_dataset("fixed_str", data=np.array([b"ab", b"cde"]))
        t.create_dataset("vlen_str", data=np.array(["x", "yz"], dtype=h5py.string_dtype()))
        t.create_dataset("empty", data=np.zeros((0, 3), dtype="f4"))
        l = f.create_group("layouts")
        l.create_dataset("compact", data=np.arange(6, dtype="i4").reshape(2, 3),
                         **compact_kw())
        l.create_dataset("gzip_shuffle", data=rng.randn(10, 7).astype("f4"),
                         chunks=(4, 3), compression="gzip", shuffle=True)
        l.create_dataset("fletcher", data=np.arange(20, dtype="f8"), chunks=(8,), fletcher32=True)
        l.create_dataset("chunked_plain", data=np.arange(30, dtype="i2").reshape(5, 6), chunks=(2, 4))
        l.create_dataset("unwritten", shape=(5,), dtype="f4", chunks=(2,), fillvalue=1.5)
        l.create_dataset("resizable", data=np.arange(5, dtype="f4"), maxshape=(None,), chunks=(2,))


def compact_kw():
    return {}


def make_compact(path_in, name, data):
    """Compact layout needs the low-level API."""


def fixture_latest(path, libver, full=True):
    """libver latest/v108: object header v2, compact and dense link storage,
    dense attributes (with a huge object), v4 chunk indexes."""
    rng = np.random.RandomState(1)
    with h5py.File(path, "w", libver=libver) as f:
        f.attrs["model_config"] = '{"class_name": "Sequential"}'
        small = f.create_group("compact_links")
        for i in range(3):
            small.create_dataset("v%d" % i, data=np.full((2,), i, dtype="f4"))
        many = f.create_group("dense_links")
        for i in range(40):
            many.create_group("layer_%02d" % i).attrs["i"] = i
        ordered = f.create_group("ordered", track_order=True)
        for name in ["zeta", "alpha", "mid"]:
            ordered.create_dataset(name, data=np.int32(len(name)))
        a = f.create_group("dense_attrs")
        for i in range(20):
            a.attrs["layer_names%d" % i] = np.array([("n%d_%d" % (i, j)).encode() for j in range(3)])
        if full:
            a.attrs["big"] = "x" * 66000 + "end"                  # > 64 KiB: huge heap object
            a.attrs["big_fixed"] = np.array([b"y" * 100] * 30)    # 3 KB of fixed strings
        c = f.create_group("chunks")
        c.create_dataset("single", data=rng.randn(4, 5).astype("f4"), chunks=(4, 5))
        c.create_dataset("single_gzip", data=rng.randn(4, 5).astype("f4"), chunks=(4, 5), compression="gzip")
        c.create_dataset("fixed", data=rng.randn(9, 7).astype("f4"), chunks=(2, 3))
        c.create_dataset("fixed_gzip", data=rng.randn(9, 7).astype("f4"), chunks=(2, 3),
                         compression="gzip", shuffle=True)
        if full:
            c.create_dataset("fixed_paged", data=(np.arange(1500) % 251).astype("u1"), chunks=(1,),
                             compression="gzip")
        c.create_dataset("ext", data=rng.randn(11, 3).astype("f4"), chunks=(2, 3), maxshape=(None, 3))
        c.create_dataset("ext_gzip", data=rng.randn(300).astype("f4"), chunks=(1,), maxshape=(None,),
                         compression="gzip")
        c.create_dataset("bt2", data=rng.randn(5, 6).astype("f4"), chunks=(2, 2), maxshape=(None, None))
        c.create_dataset("bt2_gzip", data=rng.randn(5, 6).astype("f4"), chunks=(2, 2), maxshape=(None, None),
                         compression="gzip", shuffle=True)
        # implicit index: fixed size, no filters, early allocation
        sid = h5py.h5s.create_simple((6, 4))
        dcpl = h5py.h5p.create(h5py.h5p.DATASET_CREATE)
        dcpl.set_chunk((4, 4))
        dcpl.set_alloc_time(h5py.h5d.ALLOC_TIME_EARLY)
        did = h5py.h5d.create(c.id, b"implicit", h5py.h5t.NATIVE_INT32, sid, dcpl)
        did.write(h5py.h5s.ALL, h5py.h5s.ALL, np.arange(24, dtype="i4").reshape(6, 4))
        # compact layout
        dcpl = h5py.h5p.create(h5py.h5p.DATASET_CREATE)
        dcpl.set_layout(h5py.h5d.COMPACT)
        did = h5py.h5d.create(c.id, b"compact", h5py.h5t.NATIVE_INT64, h5py.h5s.create_simple((2, 3)), dcpl)
        did.write(h5py.h5s.ALL, h5py.h5s.ALL, np.arange(6, dtype="i8").reshape(2, 3) - 3)


def add_compact_v0(path):
    with h5py.File(path, "a") as f:
        dcpl = h5py.h5p.create(h5py.h5p.DATASET_CREATE)
        dcpl.set_layout(h5py.h5d.COMPACT)
        g = f["layouts"]
        del g["compact"]
        did = h5py.h5d.create(g.id, b"compact", h5py.h5t.NATIVE_INT32, h5py.h5s.create_simple((2, 3)), dcpl)
        did.write(h5py.h5s.ALL, h5py.h5s.ALL, np.arange(6, dtype="i4").reshape(2, 3))


def many_members(path):
    """A 512-byte user block, 4-byte offsets and lengths, and enough members
    and chunks for multi-level group and chunk B-trees v1."""
    fcpl = h5py.h5p.create(h5py.h5p.FILE_CREATE)
    fcpl.set_userblock(512)
    fcpl.set_sizes(4, 4)
    fid = h5py.h5f.create(path.encode(), h5py.h5f.ACC_TRUNC, fcpl=fcpl)
    with h5py.File(fid) as f:
        g = f.create_group("layers")
        w = g.create_dataset("w_000", data=np.float32(1.25))
        for i in range(1, 400):
            g["w_%03d" % i] = w                                  # hard links to one object
        f.create_dataset("many_chunks", data=(np.arange(700) % 256).astype("u1"), chunks=(1,))
        f.attrs["vlen"] = "utf8 ünïcode"


def go_corpus_entry(data):
    """Encode bytes in the `go test -fuzz` corpus file format."""
    out = []
    for c in data:
        ch = chr(c)
        if ch in '"\\' or c < 0x20 or c > 0x7e:
            out.append("\\x%02x" % c)
        else:
            out.append(ch)
    return 'go test fuzz v1\n[]byte("' + "".join(out) + '")\n'


def fuzz_seeds():
    """Tiny files (a few KiB) so that mutations reach deep structures."""
    seeds = {}
    bio = io.BytesIO()
    with h5py.File(bio, "w") as f:
        f.attrs["backend"] = "tensorflow"
        f.attrs["layer_names"] = np.array([b"dense"])
        g = f.create_group("layers\\dense/vars")
        g.create_dataset("0", data=np.arange(6, dtype="f4").reshape(2, 3))
        g.create_dataset("1", data=np.int64(3))
        g.create_dataset("z", data=np.arange(12, dtype="f4"), chunks=(4,), compression="gzip", shuffle=True)
        g.create_dataset("s", data=np.array(["ab", "c"], dtype=h5py.string_dtype()))
    seeds["v0"] = bio.getvalue()
    bio = io.BytesIO()
    with h5py.File(bio, "w", libver="latest") as f:
        for i in range(10):
            f.attrs["a%d" % i] = np.array([i, i + 1])
        g = f.create_group("g")
        for i in range(9):
            g.create_group("m%d" % i)
        f.create_dataset("fixed", data=np.arange(8, dtype="f4"), chunks=(2,), compression="gzip")
        f.create_dataset("ext", data=np.arange(6, dtype="i2"), chunks=(2,), maxshape=(None,))
        f.create_dataset("bt2", data=np.ones((2, 2), dtype="f8"), chunks=(1, 1), maxshape=(None, None))
        f.create_dataset("single", data=np.ones((2, 2), dtype="f2"), chunks=(2, 2), compression="gzip")
    seeds["latest"] = bio.getvalue()
    for target in ["FuzzOpen", "FuzzRead"]:
        d = os.path.join(OUT, "fuzz", target)
        os.makedirs(d, exist_ok=True)
        for name, data in seeds.items():
            with open(os.path.join(d, "seed-h5py-" + name), "w") as fh:
                fh.write(go_corpus_entry(data))
    return {k: len(v) for k, v in seeds.items()}


# ---------------------------------------------------------------- real files
def real_files():
    for dp, _, fs in sorted(os.walk(MODELS)):
        for fn in sorted(fs):
            p = os.path.join(dp, fn)
            rel = os.path.relpath(p, MODELS)
            if fn.endswith(".h5"):
                yield rel, open(p, "rb").read()
            elif fn.endswith(".keras"):
                z = zipfile.ZipFile(p)
                if "model.weights.h5" in z.namelist():
                    yield rel + "!model.weights.h5", z.read("model.weights.h5")


def real_summary():
    out = {}
    for rel, data in real_files():
        with h5py.File(io.BytesIO(data), "r") as f:
            text = listing(f)
            samples = {}
            def pick(name, obj):
                if isinstance(obj, h5py.Dataset) and obj.dtype.kind == "f" and len(samples) < 2 and obj.size >= 4:
                    samples["/" + name] = [float(x) for x in obj[()].reshape(-1)[:8]]
            f.visititems(pick)
        out[rel] = {"listing_sha256": hashlib.sha256(text.encode()).hexdigest(),
                    "lines": text.count("\n"), "first_lines": [l[:160] for l in text.split("\n")[:12]],
                    "values": samples}
    return out


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "list":
        with h5py.File(sys.argv[2], "r") as f:
            sys.stdout.write(listing(f))
        return
    os.makedirs(OUT, exist_ok=True)
    fixtures = {
        "v0.h5": lambda p: (fixture_v0(p), add_compact_v0(p)),
        "latest.h5": lambda p: fixture_latest(p, "latest"),
        "v108.h5": lambda p: fixture_latest(p, ("v108", "v108"), full=False),
        "many.h5": many_members,
    }
    for name, make in fixtures.items():
        p = os.path.join(OUT, name)
        if os.path.exists(p):
            os.remove(p)
        make(p)
        with h5py.File(p, "r") as f:
            text = listing(f)
        with open(p + ".listing.txt", "w") as fh:
            fh.write(text)
        print("wrote", p, os.path.getsize(p), "bytes")
    print("fuzz seeds", fuzz_seeds())
    if os.path.isdir(MODELS):
        with open(os.path.join(OUT, "realfiles.json"), "w") as fh:
            json.dump(real_summary(), fh, indent=1, sort_keys=True, ensure_ascii=False)
            fh.write("\n")
        print("wrote realfiles.json")


if __name__ == "__main__":
    main()
