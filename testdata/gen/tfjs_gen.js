/*
TensorFlow.js fixtures for package saving (tfjs layers-model read/write).

An independent check of saving.LoadTFJS / SaveTFJS: real TensorFlow.js
(npm @tensorflow/tfjs, pure-JS CPU backend, no tfjs-node) builds and trains
small models, saves them as tfjs's file:// handler does (model.json +
weights.bin), and records predictions on fixed inputs. Go's tests load the
files and must reproduce the predictions.

Setup (outside the repository):
    mkdir -p /tmp/tfjsgen && cd /tmp/tfjsgen && npm init -y && npm install @tensorflow/tfjs

Generate the fixtures (from the repository root):
    NODE_PATH=/tmp/tfjsgen/node_modules node testdata/gen/tfjs_gen.js gen
  writes saving/testdata/tfjs/<model>/{model.json,weights.bin} and
  saving/testdata/tfjs/expected.json.

Reverse check (Go writes, tfjs reads):
    KERAS_TFJS_EXPORT=/tmp/gowritten go test ./saving -run TestTFJSGoWritten
    NODE_PATH=/tmp/tfjsgen/node_modules node testdata/gen/tfjs_gen.js verify /tmp/gowritten
  loads every Go-written model in tfjs, predicts on the recorded inputs,
  compares with Go's predictions (go_predictions.json) and writes
  saving/testdata/tfjs/tfjs_verify.json (with the SHA-256 of the files it
  checked: shard hashes, the manifest and the layers tfjs built, which
  TestTFJSGoWritten compares with what SaveTFJS writes now).

Fixture variants written by hand here, as the tfjs converter would:
  *_uint8 / *_uint16 / *_float16: weights quantized (converter's affine
  quantization; float16 half floats); predictions are tfjs's own on the
  quantized file. lstm_converter: the converter's model.json shape
  (modelTopology.model_config) and tf-keras weight names
  ("lstm/lstm_cell/kernel").
*/
'use strict';
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');
const tf = require('@tensorflow/tfjs');

const OUT = path.join(__dirname, '..', '..', 'saving', 'testdata', 'tfjs');

// ramp is EXPECTED_OUTPUTS.json's input rule.
function ramp(shape) {
  const n = shape.reduce((a, b) => a * b, 1);
  const v = new Float32Array(n);
  for (let i = 0; i < n; i++) v[i] = ((i * 37) % 101) / 100 - 0.3;
  return tf.tensor(v, shape, 'float32');
}

// ids is the integer input rule for Embedding models.
function ids(shape, vocab) {
  const n = shape.reduce((a, b) => a * b, 1);
  const v = new Float32Array(n);
  for (let i = 0; i < n; i++) v[i] = (i * 37 + 3) % vocab;
  return tf.tensor(v, shape, 'float32');
}

// lcg gives repeatable training data.
function lcg(seed) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}
function randn(shape, seed, scale = 1) {
  const r = lcg(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  const v = new Float32Array(n);
  for (let i = 0; i < n; i++) v[i] = (r() * 2 - 1) * scale;
  return tf.tensor(v, shape);
}
function randInt(shape, seed, hi) {
  const r = lcg(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  const v = new Float32Array(n);
  for (let i = 0; i < n; i++) v[i] = Math.floor(r() * hi);
  return tf.tensor(v, shape);
}
function oneHot(n, k, seed) {
  const r = lcg(seed);
  const idx = [];
  for (let i = 0; i < n; i++) idx.push(Math.floor(r() * k));
  return tf.oneHot(tf.tensor1d(idx, 'int32'), k).toFloat();
}

function models() {
  const out = [];
  {
    const m = tf.sequential({name: 'mlp'});
    m.add(tf.layers.dense({units: 8, activation: 'relu', inputShape: [5], name: 'dense'}));
    m.add(tf.layers.dropout({rate: 0.3, name: 'dropout'}));
    m.add(tf.layers.batchNormalization({name: 'batch_normalization'}));
    m.add(tf.layers.dense({units: 3, activation: 'softmax', name: 'dense_1'}));
    m.compile({optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy'});
    out.push({name: 'mlp', model: m, x: [randn([32, 5], 1)], y: oneHot(32, 3, 2), inputs: [ramp([2, 5])]});
  }
  {
    const m = tf.sequential({name: 'cnn'});
    m.add(tf.layers.conv2d({filters: 3, kernelSize: 3, activation: 'relu', inputShape: [6, 6, 2], name: 'conv2d'}));
    m.add(tf.layers.maxPooling2d({poolSize: 2, name: 'max_pooling2d'}));
    m.add(tf.layers.batchNormalization({name: 'batch_normalization'}));
    m.add(tf.layers.flatten({name: 'flatten'}));
    m.add(tf.layers.dense({units: 2, name: 'dense'}));
    m.compile({optimizer: 'sgd', loss: 'meanSquaredError'});
    out.push({name: 'cnn', model: m, x: [randn([16, 6, 6, 2], 3)], y: randn([16, 2], 4), inputs: [ramp([2, 6, 6, 2])]});
  }
  {
    // LSTM with tfjs's default recurrent activation: Keras 2's hard_sigmoid.
    const m = tf.sequential({name: 'lstm_model'});
    m.add(tf.layers.embedding({inputDim: 20, outputDim: 4, inputLength: 5, inputShape: [5], name: 'embedding'}));
    m.add(tf.layers.lstm({units: 6, name: 'lstm'}));
    m.add(tf.layers.dense({units: 1, activation: 'sigmoid', name: 'dense'}));
    m.compile({optimizer: tf.train.adam(0.05), loss: 'binaryCrossentropy'});
    out.push({name: 'lstm', model: m, x: [randInt([24, 5], 5, 20)], y: randInt([24, 1], 6, 2), inputs: [ids([2, 5], 20)]});
  }
  {
    // Functional: GRU (reset_after=false, hard_sigmoid) and an MLP branch
    // joined by Concatenate.
    const a = tf.input({shape: [4, 3], name: 'seq'});
    const b = tf.input({shape: [6], name: 'feat'});
    const g = tf.layers.gru({units: 4, name: 'gru', returnSequences: false}).apply(a);
    let h = tf.layers.dense({units: 5, activation: 'relu', name: 'dense'}).apply(b);
    h = tf.layers.dropout({rate: 0.2, name: 'dropout'}).apply(h);
    const c = tf.layers.concatenate({name: 'concatenate'}).apply([g, h]);
    const o = tf.layers.dense({units: 2, activation: 'sigmoid', name: 'out'}).apply(c);
    const m = tf.model({inputs: [a, b], outputs: o, name: 'functional'});
    m.compile({optimizer: tf.train.adam(0.02), loss: 'meanSquaredError'});
    out.push({name: 'functional', model: m, x: [randn([20, 4, 3], 7), randn([20, 6], 8)], y: randn([20, 2], 9, 0.5).abs(),
      inputs: [ramp([2, 4, 3]), ramp([2, 6])]});
  }
  return out;
}

// saveArtifacts is tfjs-node's file:// handler: model.json with
// paths ["./weights.bin"] and the weights in one file.
async function saveArtifacts(model, dir) {
  fs.mkdirSync(dir, {recursive: true});
  await model.save(tf.io.withSaveHandler(async (art) => {
    const manifest = [{paths: ['./weights.bin'], weights: art.weightSpecs}];
    // tfjs-core's getModelJSONForModelArtifacts (not exported).
    const json = {modelTopology: art.modelTopology, format: art.format, generatedBy: art.generatedBy,
      convertedBy: art.convertedBy, weightsManifest: manifest};
    if (art.trainingConfig != null) json.trainingConfig = art.trainingConfig;
    fs.writeFileSync(path.join(dir, 'model.json'), JSON.stringify(json));
    fs.writeFileSync(path.join(dir, 'weights.bin'), Buffer.from(art.weightData));
    return {modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(art)};
  }));
}

// loadDir is tf.loadLayersModel for a directory, reading the shards of
// every manifest group in order.
async function loadDir(dir) {
  const modelJSON = JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8'));
  return tf.loadLayersModel({
    load: async () => tf.io.getModelArtifactsForJSON(modelJSON, async (manifest) => {
      const specs = [];
      const bufs = [];
      for (const g of manifest) {
        specs.push(...g.weights);
        for (const p of g.paths) bufs.push(fs.readFileSync(path.join(dir, p)));
      }
      const all = Buffer.concat(bufs);
      return [specs, all.buffer.slice(all.byteOffset, all.byteOffset + all.length)];
    }),
  });
}

// quantizeDir rewrites a saved model's weights as the converter's
// --quantize_{uint8,uint16,float16} would.
function quantizeDir(src, dst, dtype, renameWeights, converterShape) {
  fs.mkdirSync(dst, {recursive: true});
  const mj = JSON.parse(fs.readFileSync(path.join(src, 'model.json'), 'utf8'));
  const data = fs.readFileSync(path.join(src, 'weights.bin'));
  const specs = mj.weightsManifest[0].weights;
  const parts = [];
  let off = 0;
  for (const s of specs) {
    const n = s.shape.reduce((a, b) => a * b, 1);
    const vals = new Float32Array(data.buffer.slice(data.byteOffset + off, data.byteOffset + off + 4 * n));
    off += 4 * n;
    if (renameWeights) s.name = renameWeights(s.name);
    if (dtype === 'float32' || s.dtype !== 'float32') {
      parts.push(Buffer.from(vals.buffer));
      continue;
    }
    if (dtype === 'float16') {
      s.quantization = {dtype: 'float16', original_dtype: 'float32'};
      const h = new Uint16Array(n);
      for (let i = 0; i < n; i++) h[i] = toHalf(vals[i]);
      parts.push(Buffer.from(h.buffer));
      continue;
    }
    const qmax = dtype === 'uint8' ? 255 : 65535;
    let lo = Math.min(0, ...vals), hi = Math.max(0, ...vals);
    let scale = 1, min = lo;
    if (hi !== lo) {
      scale = (hi - lo) / qmax;
      const zero = Math.round(-lo / scale);
      min = -zero * scale;
    }
    s.quantization = {dtype, min, scale, original_dtype: 'float32'};
    const q = dtype === 'uint8' ? new Uint8Array(n) : new Uint16Array(n);
    for (let i = 0; i < n; i++) q[i] = Math.max(0, Math.min(qmax, Math.round((vals[i] - min) / scale)));
    parts.push(Buffer.from(q.buffer));
  }
  mj.weightsManifest = [{paths: ['group1-shard1of1.bin'], weights: specs}];
  if (converterShape) {
    const topo = mj.modelTopology;
    mj.modelTopology = {keras_version: '2.15.0', backend: 'tensorflow', model_config: {class_name: topo.class_name, config: topo.config}};
    mj.generatedBy = 'keras v2.15.0';
    mj.convertedBy = 'TensorFlow.js Converter v4.22.0';
  }
  fs.writeFileSync(path.join(dst, 'model.json'), JSON.stringify(mj));
  fs.writeFileSync(path.join(dst, 'group1-shard1of1.bin'), Buffer.concat(parts));
}

// toHalf rounds a float32 to IEEE half precision (round to nearest even).
function toHalf(v) {
  const f = new Float32Array([v]);
  const b = new Uint32Array(f.buffer)[0];
  const sign = (b >>> 16) & 0x8000;
  const exp = (b >>> 23) & 0xff;
  let mant = b & 0x7fffff;
  if (exp === 0xff) return sign | (mant ? 0x7e00 : 0x7c00);
  const e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - e;
    let half = mant >>> shift;
    const rem = mant & ((1 << shift) - 1);
    const mid = 1 << (shift - 1);
    if (rem > mid || (rem === mid && (half & 1))) half++;
    return sign | half;
  }
  let half = (e << 10) | (mant >>> 13);
  const rem = mant & 0x1fff;
  if (rem > 0x1000 || (rem === 0x1000 && (half & 1))) half++;
  return sign | half;
}

function tensorJSON(t) {
  return {shape: t.shape, values: Array.from(t.dataSync())};
}

async function predictJSON(model, inputs) {
  let out = model.predict(inputs.length === 1 ? inputs[0] : inputs);
  if (!Array.isArray(out)) out = [out];
  return out.map(tensorJSON);
}

async function gen() {
  const expected = {tfjs_version: tf.version.tfjs, backend: '', models: {}};
  await tf.setBackend('cpu');
  expected.backend = tf.getBackend();
  for (const c of models()) {
    await c.model.fit(c.x.length === 1 ? c.x[0] : c.x, c.y, {epochs: 5, batchSize: 8, verbose: 0, shuffle: false});
    const dir = path.join(OUT, c.name);
    await saveArtifacts(c.model, dir);
    // Predictions from the saved files, as a user of the files sees them.
    const loaded = await loadDir(dir);
    expected.models[c.name] = {inputs: c.inputs.map(tensorJSON), outputs: await predictJSON(loaded, c.inputs)};
    const variants = [];
    if (c.name === 'mlp') variants.push(['mlp_uint8', 'uint8'], ['mlp_float16', 'float16']);
    if (c.name === 'cnn') variants.push(['cnn_uint16', 'uint16']);
    for (const [vname, dt] of variants) {
      quantizeDir(dir, path.join(OUT, vname), dt);
      const q = await loadDir(path.join(OUT, vname));
      expected.models[vname] = {inputs: c.inputs.map(tensorJSON), outputs: await predictJSON(q, c.inputs)};
    }
    if (c.name === 'lstm') {
      // tf-keras names RNN weights <layer>/<cell>/<weight>; tfjs's
      // loadWeights drops the cell name.
      quantizeDir(dir, path.join(OUT, 'lstm_converter'), 'float32',
          (n) => n.startsWith('lstm/') ? 'lstm/lstm_cell/' + n.slice(5) : n, true);
      const q = await loadDir(path.join(OUT, 'lstm_converter'));
      expected.models['lstm_converter'] = {inputs: c.inputs.map(tensorJSON), outputs: await predictJSON(q, c.inputs)};
    }
  }
  fs.writeFileSync(path.join(OUT, 'expected.json'), JSON.stringify(expected, null, 1) + '\n');
  console.log('wrote', Object.keys(expected.models).join(', '));
}

function sha256(p) {
  return crypto.createHash('sha256').update(fs.readFileSync(p)).digest('hex');
}

async function verify(dir) {
  await tf.setBackend('cpu');
  const report = {tfjs_version: tf.version.tfjs, backend: tf.getBackend(), tolerance: 1e-5, models: {}};
  let bad = 0;
  for (const name of fs.readdirSync(dir).sort()) {
    const d = path.join(dir, name);
    if (!fs.existsSync(path.join(d, 'model.json'))) continue;
    const rec = {ok: false};
    try {
      const goPred = JSON.parse(fs.readFileSync(path.join(d, 'go_predictions.json'), 'utf8'));
      const m = await loadDir(d);
      const inputs = goPred.inputs.map((i) => tf.tensor(i.values, i.shape));
      const got = await predictJSON(m, inputs);
      let maxRel = 0;
      got.forEach((o, k) => o.values.forEach((v, i) => {
        const w = goPred.outputs[k].values[i];
        maxRel = Math.max(maxRel, Math.abs(v - w) / Math.max(1, Math.abs(w)));
      }));
      const mj = JSON.parse(fs.readFileSync(path.join(d, 'model.json'), 'utf8'));
      const shards = {};
      for (const g of mj.weightsManifest) for (const p of g.paths) shards[p] = sha256(path.join(d, p));
      rec.max_rel_diff = maxRel;
      rec.ok = maxRel <= report.tolerance;
      // What the Go test compares with SaveTFJS's output now: the shards
      // byte for byte, the manifest and the layers tfjs built.
      rec.shards_sha256 = shards;
      rec.weights_manifest = mj.weightsManifest;
      rec.layers = m.layers.map((l) => [l.getClassName(), l.name]);
      rec.model_json_sha256 = sha256(path.join(d, 'model.json'));
    } catch (e) {
      rec.error = String(e && e.message || e);
    }
    if (!rec.ok) bad++;
    report.models[name] = rec;
    console.log(name, JSON.stringify(rec));
  }
  fs.writeFileSync(path.join(OUT, 'tfjs_verify.json'), JSON.stringify(report, null, 1) + '\n');
  if (bad) {
    console.error(bad, 'model(s) failed');
    process.exit(1);
  }
}

const [mode, arg] = process.argv.slice(2);
(mode === 'verify' ? verify(arg) : gen()).catch((e) => {
  console.error(e);
  process.exit(1);
});
