// Writes a tiny llama-architecture GGUF model with seeded random weights (~0.5 MB), so the
// node-llama-cpp path is tested with a real model file without downloading one. GGUF v3: header,
// typed metadata, tensor infos, then F32 tensor data aligned to 32 bytes. The tokenizer is
// SentencePiece-style ("llama"): <unk> <s> </s>, the 256 byte-fallback tokens <0x00>…<0xFF>
// (llama.cpp needs them to tokenize any text), "▁" and a few dozen words and letters.
import { writeFile } from 'node:fs/promises';
import { prng } from './prng.js';

const ALIGN = 32;
enum T {
  U32 = 4,
  I32 = 5,
  F32 = 6,
  STRING = 8,
  ARRAY = 9,
}
/** llama.cpp token types. */
const NORMAL = 1;
const UNKNOWN = 2;
const CONTROL = 3;
const BYTE = 6;

type Meta =
  [key: string, type: T.U32 | T.F32 | T.STRING, value: number | string] | [key: string, type: T.ARRAY, of: T, values: (number | string)[]];

export interface TinyModelShape {
  embd: number;
  heads: number;
  layers: number;
  ff: number;
  context: number;
  seed: number;
}

const DEFAULT_SHAPE: TinyModelShape = { embd: 64, heads: 2, layers: 2, ff: 128, context: 1024, seed: 42 };

const WORDS = ['the', 'a', 'tiny', 'model', 'says', 'hello', 'world', 'local', 'token', 'stream', 'and', 'of', 'to', 'is', 'it'];

/** The vocabulary, and which tokens the model may generate (printable text only). */
function vocabulary(): { tokens: string[]; types: number[]; scores: number[]; printable: boolean[] } {
  const tokens = ['<unk>', '<s>', '</s>'];
  const types = [UNKNOWN, CONTROL, CONTROL];
  for (let b = 0; b < 256; b++) {
    tokens.push(`<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`);
    types.push(BYTE);
  }
  const pieces = ['▁', ...WORDS.map((w) => `▁${w}`), ...'abcdefghijklmnopqrstuvwxyz'.split(''), '.', ',', '!'];
  for (const p of pieces) {
    tokens.push(p);
    types.push(NORMAL);
  }
  // SentencePiece merges prefer higher scores: longer pieces first.
  const scores = tokens.map((t, i) => (types[i] === NORMAL ? t.length - i / 1000 : 0));
  return { tokens, types, scores, printable: types.map((t) => t === NORMAL) };
}

interface Tensor {
  name: string;
  dims: number[];
  data: Float32Array;
}

function tensors(shape: TinyModelShape, printable: boolean[]): Tensor[] {
  const rnd = prng(shape.seed);
  const { embd, ff } = shape;
  const vocab = printable.length;
  const uniform = (n: number, scale: number) => Float32Array.from({ length: n }, () => (rnd() * 2 - 1) * scale);
  const ones = (n: number) => new Float32Array(n).fill(1);
  // ggml's dims are [columns, rows]: a weight mapping a -> b is stored as [a, b].
  const matrix = (name: string, a: number, b: number): Tensor => ({ name, dims: [a, b], data: uniform(a * b, 1 / Math.sqrt(a)) });
  // The output projection gives only printable tokens a non-zero row: control, unknown and
  // byte tokens get logit 0 while the best printable token's is far above, so generation
  // never ends on </s> by chance and always streams text (cancellation can be tested).
  const output = new Float32Array(vocab * embd);
  for (let t = 0; t < vocab; t++) if (printable[t]) output.set(uniform(embd, 2), t * embd);
  const out: Tensor[] = [
    { name: 'token_embd.weight', dims: [embd, vocab], data: uniform(vocab * embd, 1) },
    { name: 'output_norm.weight', dims: [embd], data: ones(embd) },
    { name: 'output.weight', dims: [embd, vocab], data: output },
  ];
  for (let l = 0; l < shape.layers; l++) {
    const p = `blk.${l}.`;
    out.push(
      { name: `${p}attn_norm.weight`, dims: [embd], data: ones(embd) },
      matrix(`${p}attn_q.weight`, embd, embd),
      matrix(`${p}attn_k.weight`, embd, embd),
      matrix(`${p}attn_v.weight`, embd, embd),
      matrix(`${p}attn_output.weight`, embd, embd),
      { name: `${p}ffn_norm.weight`, dims: [embd], data: ones(embd) },
      matrix(`${p}ffn_gate.weight`, embd, ff),
      matrix(`${p}ffn_up.weight`, embd, ff),
      matrix(`${p}ffn_down.weight`, ff, embd),
    );
  }
  return out;
}

function metadata(shape: TinyModelShape, vocab: ReturnType<typeof vocabulary>): Meta[] {
  return [
    ['general.architecture', T.STRING, 'llama'],
    ['general.name', T.STRING, 'tiny-random-llama'],
    ['general.alignment', T.U32, ALIGN],
    ['general.file_type', T.U32, 0], // all F32
    ['llama.context_length', T.U32, shape.context],
    ['llama.embedding_length', T.U32, shape.embd],
    ['llama.block_count', T.U32, shape.layers],
    ['llama.feed_forward_length', T.U32, shape.ff],
    ['llama.attention.head_count', T.U32, shape.heads],
    ['llama.attention.head_count_kv', T.U32, shape.heads],
    ['llama.rope.dimension_count', T.U32, shape.embd / shape.heads],
    ['llama.attention.layer_norm_rms_epsilon', T.F32, 1e-5],
    ['llama.vocab_size', T.U32, vocab.tokens.length],
    ['tokenizer.ggml.model', T.STRING, 'llama'],
    ['tokenizer.ggml.tokens', T.ARRAY, T.STRING, vocab.tokens],
    ['tokenizer.ggml.scores', T.ARRAY, T.F32, vocab.scores],
    ['tokenizer.ggml.token_type', T.ARRAY, T.I32, vocab.types],
    ['tokenizer.ggml.unknown_token_id', T.U32, 0],
    ['tokenizer.ggml.bos_token_id', T.U32, 1],
    ['tokenizer.ggml.eos_token_id', T.U32, 2],
  ];
}

/** Little-endian byte writer. */
class Out {
  private readonly parts: Buffer[] = [];
  length = 0;
  private push(b: Buffer) {
    this.parts.push(b);
    this.length += b.length;
  }
  u32(n: number) {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(n);
    this.push(b);
  }
  i32(n: number) {
    const b = Buffer.alloc(4);
    b.writeInt32LE(n);
    this.push(b);
  }
  u64(n: number) {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(BigInt(n));
    this.push(b);
  }
  f32(n: number) {
    const b = Buffer.alloc(4);
    b.writeFloatLE(n);
    this.push(b);
  }
  str(s: string) {
    const b = Buffer.from(s, 'utf8');
    this.u64(b.length);
    this.push(b);
  }
  bytes(b: Buffer) {
    this.push(b);
  }
  pad() {
    const n = (ALIGN - (this.length % ALIGN)) % ALIGN;
    if (n) this.push(Buffer.alloc(n));
  }
  buffer(): Buffer {
    return Buffer.concat(this.parts);
  }
}

function scalar(out: Out, type: T, v: number | string) {
  if (type === T.STRING) out.str(v as string);
  else if (type === T.U32) out.u32(v as number);
  else if (type === T.I32) out.i32(v as number);
  else out.f32(v as number);
}

/** The GGUF file's bytes. */
function tinyGguf(shape: Partial<TinyModelShape> = {}): Buffer {
  const s = { ...DEFAULT_SHAPE, ...shape };
  const vocab = vocabulary();
  const meta = metadata(s, vocab);
  const ts = tensors(s, vocab.printable);
  const out = new Out();
  out.bytes(Buffer.from('GGUF', 'ascii'));
  out.u32(3);
  out.u64(ts.length);
  out.u64(meta.length);
  for (const m of meta) {
    out.str(m[0]);
    out.u32(m[1]);
    if (m[1] === T.ARRAY) {
      out.u32(m[2]);
      out.u64(m[3].length);
      for (const v of m[3]) scalar(out, m[2], v);
    } else scalar(out, m[1], m[2]);
  }
  let offset = 0;
  for (const t of ts) {
    out.str(t.name);
    out.u32(t.dims.length);
    for (const d of t.dims) out.u64(d);
    out.u32(0); // GGML_TYPE_F32
    out.u64(offset);
    offset += Math.ceil(t.data.byteLength / ALIGN) * ALIGN;
  }
  out.pad();
  for (const t of ts) {
    out.bytes(Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength));
    out.pad();
  }
  return out.buffer();
}

/** Writes the model to `file` and returns its path. */
export async function writeTinyGguf(file: string, shape: Partial<TinyModelShape> = {}): Promise<string> {
  await writeFile(file, tinyGguf(shape));
  return file;
}
