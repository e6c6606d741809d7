// Computes reference outputs of face-api's FaceExpressionNet with the ORIGINAL TF.js implementation
// (package @vladmandic/face-api 1.7.15, bundle dist/face-api.node-wasm.js, pure-JS 'cpu' backend of
// @tensorflow/tfjs 4.22.0: no native addon, runs offline after `npm ci`).
//
// Writes to node/src/test/resources/faceapi/:
//   smile.png, sad.png, neutral.png  face crops of the package's MIT demo photos (fixed boxes, found once
//                                    with face-api's own SSD detector; see README there)
//   smile-112.png                    smile.png padded to square and resized to 112x112 by face-api's own
//                                    code (toBatchTensor), rounded to bytes: feeds the net with no resampling
//   reference.json                   per input: logits and softmax probabilities in face-api's class order
//
// Usage: cd tools/faceapi && npm ci && node reference.cjs
const path = require('path');
const fs = require('fs');
const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js');
const jpeg = require('jpeg-js');
const { PNG } = require('pngjs');

const tf = faceapi.tf;
const PKG = path.join(__dirname, 'node_modules', '@vladmandic', 'face-api');
const OUT = path.join(__dirname, '..', '..', 'node', 'src', 'test', 'resources', 'faceapi');

const CROPS = [
  { name: 'smile.png', photo: 'sample1.jpg', x: 1476, y: 200, w: 203, h: 241 },
  { name: 'sad.png', photo: 'sample2.jpg', x: 901, y: 218, w: 151, h: 235 },
  { name: 'neutral.png', photo: 'sample3.jpg', x: 585, y: 329, w: 199, h: 271 },
];

function crop(file, c) {
  const img = jpeg.decode(fs.readFileSync(path.join(PKG, 'demo', file)), { useTArray: true, formatAsRGBA: false });
  const out = new Uint8Array(c.w * c.h * 3);
  for (let y = 0; y < c.h; y++) {
    for (let x = 0; x < c.w; x++) {
      for (let ch = 0; ch < 3; ch++) {
        out[(y * c.w + x) * 3 + ch] = img.data[((c.y + y) * img.width + c.x + x) * 3 + ch];
      }
    }
  }
  return out;
}

function writePng(file, rgb, w, h) {
  const png = new PNG({ width: w, height: h, colorType: 2, inputColorType: 2, inputHasAlpha: false });
  png.data = Buffer.from(rgb);
  fs.writeFileSync(file, PNG.sync.write(png, { colorType: 2, inputColorType: 2, inputHasAlpha: false }));
}

function readPng(file) {
  const png = PNG.sync.read(fs.readFileSync(file));
  const rgb = new Uint8Array(png.width * png.height * 3);
  for (let i = 0; i < png.width * png.height; i++) {
    for (let ch = 0; ch < 3; ch++) rgb[i * 3 + ch] = png.data[i * 4 + ch];
  }
  return { rgb, w: png.width, h: png.height };
}

/** The synthetic input, raw 0..255 values, HWC; the Java test computes the same formula. */
function synthetic() {
  const v = new Float32Array(112 * 112 * 3);
  for (let y = 0; y < 112; y++) {
    for (let x = 0; x < 112; x++) {
      for (let c = 0; c < 3; c++) v[(y * 112 + x) * 3 + c] = (y * 31 + x * 17 + c * 97 + ((x * y) % 13) * 7) % 256;
    }
  }
  return v;
}

async function run(net, tensor3d) {
  const input = await faceapi.toNetInput(tensor3d);
  const logits = net.runNet(input);
  const probs = tf.softmax(logits);
  const features = net.faceFeatureExtractor.forwardInput(input);
  const r = { logits: Array.from(logits.dataSync()), probabilities: Array.from(probs.dataSync()),
    features: Array.from(features.dataSync()) };
  tf.dispose([logits, probs, features]);
  return r;
}

(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
  const net = faceapi.nets.faceExpressionNet;
  await net.loadFromDisk(path.join(PKG, 'model'));
  fs.mkdirSync(OUT, { recursive: true });

  for (const c of CROPS) writePng(path.join(OUT, c.name), crop(c.photo, c), c.w, c.h);
  // smile-112.png: face-api's own pad-to-square + bilinear resize, rounded to bytes
  {
    const s = readPng(path.join(OUT, 'smile.png'));
    const t = tf.tensor3d(s.rgb, [s.h, s.w, 3], 'int32');
    const ni = await faceapi.toNetInput(t);
    const b = ni.toBatchTensor(112, true);
    const bytes = Uint8Array.from(b.dataSync(), (v) => Math.max(0, Math.min(255, Math.round(v))));
    writePng(path.join(OUT, 'smile-112.png'), bytes, 112, 112);
    tf.dispose([t, b]);
  }

  const results = [];
  const syn = tf.tensor3d(synthetic(), [112, 112, 3], 'float32');
  results.push({ input: 'synthetic', ...(await run(net, syn)) });
  syn.dispose();
  for (const name of ['smile-112.png', 'smile.png', 'sad.png', 'neutral.png']) {
    const p = readPng(path.join(OUT, name));
    const t = tf.tensor3d(p.rgb, [p.h, p.w, 3], 'int32');
    results.push({ input: name, ...(await run(net, t)) });
    t.dispose();
  }
  const doc = {
    generator: 'tools/faceapi/reference.cjs',
    package: '@vladmandic/face-api@1.7.15 (dist/face-api.node-wasm.js)',
    tfjs: tf.version_core,
    backend: tf.getBackend(),
    classes: ['neutral', 'happy', 'sad', 'angry', 'fearful', 'disgusted', 'surprised'],
    synthetic: '112x112x3 raw values v(y,x,c) = (31y + 17x + 97c + 7((x*y) mod 13)) mod 256, fed as a tensor',
    results,
  };
  fs.writeFileSync(path.join(OUT, 'reference.json'), JSON.stringify(doc, null, 1) + '\n');
  for (const r of results) console.log(r.input, r.probabilities.map((v) => v.toFixed(4)).join(' '));
})();
