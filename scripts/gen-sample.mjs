#!/usr/bin/env node
// Writes the bundled sample logs (fixtures/sample/): 21 UTC days of LLM-wrapper JSON lines, seeded and deterministic.
//
// Usage: node scripts/gen-sample.mjs [--out fixtures/sample] [--seed 7]
//
// Same arguments give byte-identical files. No dependencies. Lines look like what the Python wrapper
// (`logger.info(json.dumps({...}))`) writes: json.dumps separators ", " and ": ", keys in a fixed order,
// latency_s as round(x, 2) printed by Python's float repr (3.4, 12.0, 0.57).
//
// The data tells one story a baseline should surface: from 2026-11-24 the summarize feature caches its
// shared prompt prefix (cache_read up, input_tokens down, so its input cost drops by about half) and chat
// traffic is ~15% higher than the week before. Everything else is steady (+0.1%/day organic growth).

import fs from 'node:fs';
import path from 'node:path';

const LAST_DAY = Date.UTC(2026, 10, 30); // 2026-11-30
const DAYS = 21;
const CHANGE_DAY = Date.UTC(2026, 10, 24); // first day of the last 7
const DAY_MS = 86_400_000;
const BASE_PER_WEEKDAY = 452; // records on a weekday before growth and noise
const WEEKEND_FACTOR = 0.56;

// ---------- arguments ----------
function parseArgs(argv) {
  const opts = { out: 'fixtures/sample', seed: 7 };
  for (let i = 2; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`missing value for ${arg}`);
      return argv[++i];
    };
    if (arg === '--out') opts.out = value();
    else if (arg === '--seed') opts.seed = Number(value());
    else if (arg === '-h' || arg === '--help') {
      process.stdout.write('usage: node scripts/gen-sample.mjs [--out fixtures/sample] [--seed 7]\n');
      process.exit(0);
    } else throw new Error(`unknown argument: ${arg}`);
  }
  if (!Number.isInteger(opts.seed)) throw new Error('--seed must be an integer');
  return opts;
}

// ---------- randomness: mulberry32 + Box-Muller ----------
function createRandom(seed) {
  let state = seed >>> 0;
  const uniform = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  // Warm up so that small neighbouring seeds diverge immediately.
  for (let i = 0; i < 8; i++) uniform();

  let cached = null;
  const normal = () => {
    if (cached !== null) {
      const z = cached;
      cached = null;
      return z;
    }
    let u1 = uniform();
    while (u1 <= Number.EPSILON) u1 = uniform();
    const u2 = uniform();
    const radius = Math.sqrt(-2 * Math.log(u1));
    cached = radius * Math.sin(2 * Math.PI * u2);
    return radius * Math.cos(2 * Math.PI * u2);
  };
  return {
    uniform,
    normal,
    chance: (p) => uniform() < p,
    int: (lo, hi) => lo + Math.floor(uniform() * (hi - lo + 1)), // inclusive
    logNormal: (median, sigma) => median * Math.exp(sigma * normal()),
    weighted(entries) { // [[value, weight], ...]; weights need not sum to 1
      const total = entries.reduce((s, e) => s + e[1], 0);
      let r = uniform() * total;
      for (const [v, w] of entries) {
        r -= w;
        if (r < 0) return v;
      }
      return entries[entries.length - 1][0];
    },
  };
}

// ---------- the simulated application ----------
const OPUS = 'claude-opus-4-8';
const SONNET = 'claude-sonnet-4-6';
const HAIKU = 'claude-haiku-4-5';
const SONNET_DATED = 'claude-sonnet-4-6-20260301'; // one worker still pins the dated id
const UNKNOWN_MODEL = 'gpt-4o-mini';

// Decode speed in seconds per output token, and prefill seconds per 1k uncached prompt tokens.
const SPEED = {
  [OPUS]: { perToken: 0.021, prefillPerK: 0.03 },
  [SONNET]: { perToken: 0.0125, prefillPerK: 0.018 },
  [HAIKU]: { perToken: 0.0058, prefillPerK: 0.008 },
  [UNKNOWN_MODEL]: { perToken: 0.009, prefillPerK: 0.01 },
};

// Fixed prompt prefixes that can be cached (tokens): a chat system prompt and summarize's style guide + examples.
const CHAT_SYSTEM_PROMPT = 2417;
const SUMMARIZE_PREFIX = 4236;
const RAG_SYSTEM_PROMPT = 1180;

// share: traffic share; maxTokens: the max_tokens the feature sends; truncP: extra probability of hitting it;
// stopSeqP: probability of stop_sequence; toolP: probability of tool_use.
const FEATURES = {
  summarize: { share: 0.14, maxTokens: 1024, truncP: 0.022, stopSeqP: 0.01, toolP: 0, models: [[SONNET, 1]] },
  chat: { share: 0.29, maxTokens: 2048, truncP: 0.012, stopSeqP: 0, toolP: 0.03, models: [[HAIKU, 0.55], [SONNET, 0.45]] },
  rag_answer: { share: 0.18, maxTokens: 1024, truncP: 0.016, stopSeqP: 0, toolP: 0, models: [[SONNET, 1]] },
  classify: { share: 0.16, maxTokens: 16, truncP: 0, stopSeqP: 0.06, toolP: 0, models: [[HAIKU, 1]] },
  extract: { share: 0.09, maxTokens: 2048, truncP: 0.025, stopSeqP: 0.08, toolP: 0.05, models: [[HAIKU, 0.6], [SONNET, 0.4]] },
  agent_step: { share: 0.14, maxTokens: 4096, truncP: 0.015, stopSeqP: 0, toolP: 0.64, models: [[OPUS, 0.45], [SONNET, 0.55]] },
};
const FEATURE_NAMES = Object.keys(FEATURES);

// Relative traffic by UTC hour: quiet nights, a European morning and an American afternoon.
const HOURLY = [0.22, 0.18, 0.15, 0.14, 0.16, 0.24, 0.4, 0.62, 0.9, 1.1, 1.2, 1.22,
  1.18, 1.3, 1.45, 1.5, 1.42, 1.3, 1.1, 0.9, 0.7, 0.52, 0.38, 0.28];

function clampInt(x, lo, hi) {
  return Math.min(hi, Math.max(lo, Math.round(x)));
}

// Token shapes per feature. input is the uncached part; cacheRead/cacheWrite follow Anthropic usage semantics.
function drawTokens(rng, feature, dayMs) {
  let input = 0;
  let cacheRead = 0;
  let cacheWrite = 0;
  let output = 0;
  switch (feature) {
    case 'summarize': {
      const doc = rng.logNormal(3000, 0.85);
      output = rng.logNormal(430, 0.45);
      if (dayMs >= CHANGE_DAY) {
        // Prompt caching switched on: the prefix is read from cache, written on a miss (TTL expiry, deploys).
        const missP = dayMs === CHANGE_DAY ? 0.16 : 0.07;
        if (rng.chance(missP)) cacheWrite = SUMMARIZE_PREFIX;
        else cacheRead = SUMMARIZE_PREFIX;
        input = doc + rng.int(20, 60);
      } else {
        input = SUMMARIZE_PREFIX + doc;
      }
      break;
    }
    case 'chat': {
      input = rng.logNormal(380, 0.95); // latest user turn + uncached history
      const r = rng.uniform();
      if (r < 0.83) cacheRead = CHAT_SYSTEM_PROMPT + (rng.chance(0.45) ? rng.logNormal(1500, 0.9) : 0);
      else if (r < 0.93) cacheWrite = CHAT_SYSTEM_PROMPT;
      else input += CHAT_SYSTEM_PROMPT; // cache disabled for some clients
      if (cacheRead > 0 && rng.chance(0.3)) cacheWrite = rng.logNormal(600, 0.6); // extends the cached history
      output = rng.logNormal(230, 0.8);
      break;
    }
    case 'rag_answer': {
      input = rng.logNormal(5200, 0.55); // retrieved chunks + question
      if (rng.chance(0.5)) cacheRead = RAG_SYSTEM_PROMPT;
      else input += RAG_SYSTEM_PROMPT;
      output = rng.logNormal(310, 0.6);
      break;
    }
    case 'classify': {
      input = rng.logNormal(520, 0.5);
      output = Math.min(12, rng.logNormal(7, 0.35)); // a label or two, well under the 16-token cap
      break;
    }
    case 'extract': {
      input = rng.logNormal(2600, 0.65);
      output = rng.logNormal(360, 0.55);
      break;
    }
    case 'agent_step': {
      input = rng.logNormal(1400, 0.85); // new tool results since the last step
      if (rng.chance(0.93)) cacheRead = rng.logNormal(24000, 0.55);
      if (rng.chance(0.35)) cacheWrite = rng.logNormal(1800, 0.7);
      output = rng.logNormal(240, 0.9);
      break;
    }
    default:
      throw new Error(`no token profile for ${feature}`);
  }
  // The occasional pasted book or runaway context.
  if (feature !== 'classify' && rng.chance(0.004)) input *= 5 + 10 * rng.uniform();
  if (input > 180000) input = 150000 + 30000 * rng.uniform();
  input = clampInt(input, 12, 180000);
  cacheRead = clampInt(cacheRead, 0, 190000 - input);
  cacheWrite = clampInt(cacheWrite, 0, 190000 - input - cacheRead);
  output = clampInt(output, 1, 1e9);
  return { input, cacheRead, cacheWrite, output };
}

function formatLatency(seconds) {
  // Python: json.dumps(round(x, 2)) prints the shortest repr, always with a decimal point.
  const s = String(Math.round(seconds * 100) / 100);
  return s.includes('.') ? s : `${s}.0`;
}

const B62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

function makeRequestId(rng, used) {
  for (;;) {
    let id = 'req_011C';
    for (let i = 0; i < 16; i++) id += B62[Math.floor(rng.uniform() * 62)];
    if (!used.has(id)) {
      used.add(id);
      return id;
    }
  }
}

function drawTimeOfDay(rng, hourWeights) {
  const hour = rng.weighted(hourWeights);
  return hour * 3_600_000 + Math.floor(rng.uniform() * 3_600_000);
}

function makeCall(rng, feature, dayMs, tsMs, usedIds, modelOverride) {
  const profile = FEATURES[feature];
  let model = modelOverride ?? rng.weighted(profile.models);
  const tok = drawTokens(rng, feature, dayMs);

  let stop = 'end_turn';
  let output = tok.output;
  const r = rng.uniform();
  if (r < 0.003) {
    stop = 'refusal';
    output = rng.int(12, 90);
  } else if (output >= profile.maxTokens || (profile.truncP > 0 && r < 0.003 + profile.truncP)) {
    // Cut off at max_tokens: either the draw ran past the cap or the model rambled.
    stop = 'max_tokens';
    output = profile.maxTokens;
  } else if (rng.chance(profile.toolP)) {
    stop = 'tool_use';
    if (feature === 'agent_step') output = clampInt(output * 0.7, 20, profile.maxTokens - 1);
  } else if (rng.chance(profile.stopSeqP)) {
    stop = 'stop_sequence';
  }

  const speedModel = model === UNKNOWN_MODEL ? UNKNOWN_MODEL : model;
  const speed = SPEED[speedModel];
  let latency = 0.4 * Math.exp(0.25 * rng.normal())
    + output * speed.perToken * Math.exp(0.3 * rng.normal())
    + ((tok.input + tok.cacheWrite) / 1000) * speed.prefillPerK
    + (tok.cacheRead / 1000) * speed.prefillPerK * 0.15;
  if (rng.chance(0.0045)) latency = Math.max(latency, 30 + 60 * rng.uniform() ** 1.6); // retries behind a 529
  const hasLatency = !rng.chance(0.005); // the wrapper lost the timer (exception path)

  if (model === SONNET && !modelOverride && rng.chance(0.018)) model = SONNET_DATED;

  return {
    tsMs,
    requestId: makeRequestId(rng, usedIds),
    model,
    input: tok.input,
    output,
    cacheRead: tok.cacheRead,
    cacheWrite: tok.cacheWrite,
    latency: hasLatency ? latency : null,
    stop,
    feature,
  };
}

function toLine(c) {
  const parts = [
    `"ts": ${JSON.stringify(new Date(c.tsMs).toISOString())}`,
    `"request_id": ${JSON.stringify(c.requestId)}`,
    `"model": ${JSON.stringify(c.model)}`,
    `"input_tokens": ${c.input}`,
    `"output_tokens": ${c.output}`,
    `"cache_read": ${c.cacheRead}`,
    `"cache_write": ${c.cacheWrite}`,
  ];
  if (c.latency !== null) parts.push(`"latency_s": ${formatLatency(c.latency)}`);
  parts.push(`"stop_reason": ${JSON.stringify(c.stop)}`, `"feature": ${JSON.stringify(c.feature)}`);
  return `{${parts.join(', ')}}`;
}

function generateDay(rng, dayMs, dayIndex, usedIds) {
  const weekday = new Date(dayMs).getUTCDay();
  const weekend = weekday === 0 || weekday === 6;
  const dayLevel = BASE_PER_WEEKDAY * (weekend ? WEEKEND_FACTOR : 1)
    * (1 + 0.001 * dayIndex) * Math.exp(0.04 * rng.normal());
  // Weekend traffic is flatter across the day.
  const hourWeights = HOURLY.map((w, h) => [h, weekend ? 0.5 + 0.5 * w : w]);

  const calls = [];
  for (const feature of FEATURE_NAMES) {
    let mean = dayLevel * FEATURES[feature].share * Math.exp(0.03 * rng.normal());
    if (feature === 'chat' && dayMs >= CHANGE_DAY) mean *= 1.15;
    const count = Math.max(0, Math.round(mean));
    for (let i = 0; i < count; i++) {
      calls.push(makeCall(rng, feature, dayMs, dayMs + drawTimeOfDay(rng, hourWeights), usedIds));
    }
  }
  // A one-hour A/B test routed a few classify calls to another provider.
  if (dayMs === Date.UTC(2026, 10, 18)) {
    for (let i = 0; i < 7; i++) {
      const ts = dayMs + 14 * 3_600_000 + rng.int(5, 55) * 60_000 + rng.int(0, 59_999);
      calls.push(makeCall(rng, 'classify', dayMs, ts, usedIds, UNKNOWN_MODEL));
    }
  }
  // Stable order: by time, then by request id (unique) for equal milliseconds.
  calls.sort((a, b) => a.tsMs - b.tsMs || (a.requestId < b.requestId ? -1 : 1));
  return calls;
}

function main() {
  const opts = parseArgs(process.argv);
  const rng = createRandom(opts.seed);
  const usedIds = new Set();
  fs.mkdirSync(opts.out, { recursive: true });
  let total = 0;
  let bytes = 0;
  for (let d = 0; d < DAYS; d++) {
    const dayMs = LAST_DAY - (DAYS - 1 - d) * DAY_MS;
    const calls = generateDay(rng, dayMs, d, usedIds);
    const text = calls.map((c) => `${toLine(c)}\n`).join('');
    const name = `llm-calls-${new Date(dayMs).toISOString().slice(0, 10)}.jsonl`;
    fs.writeFileSync(path.join(opts.out, name), text);
    total += calls.length;
    bytes += Buffer.byteLength(text);
  }
  process.stderr.write(`wrote ${total} records in ${DAYS} files (${bytes} bytes) to ${opts.out}\n`);
}

try {
  main();
} catch (err) {
  process.stderr.write(`gen-sample: ${err.message}\n`);
  process.exit(2);
}
