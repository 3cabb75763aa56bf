#!/usr/bin/env node
/*
 * Peer benchmark for bench/run.sh: sentence and token segmentation of the same
 * article texts with two JavaScript NLP libraries, to put parallax's figures
 * next to something familiar.
 *
 * Usage: node segment.js [--peer NAME] [--limit N] [FILE]
 *   FILE   JSON Lines with a "text" field per line (the decompressed corpus);
 *          standard input when absent or "-".
 *   NAME   wink        wink-nlp + wink-eng-lite-web-model, pipe ['sbd'] only:
 *                      tokenization + sentence boundaries (the like-for-like row)
 *          wink-full   wink-nlp with its default pipe (sbd, negation, ner, pos, cer)
 *          compromise  compromise nlp.tokenize(): sentences and terms, no tagger
 *                      (the like-for-like row)
 *          compromise-full  compromise nlp(): tokenize + tag (slow)
 *          all         wink, then compromise (default; peak RSS is then shared)
 *   N      articles to read (default 2000, 0 = all).
 *
 * Timing is process.cpuUsage() (user + system) around the loop over the texts,
 * so it is CPU seconds on one core; loading the library and model is excluded,
 * as parallax's engine creation is. Each peer first runs untimed over the first
 * 50 texts so that V8 has compiled its hot paths (this favours the peers).
 * Prints one line per peer:
 *   peer: name=wink docs=N text_bytes=B cpu_s=S mb_per_s=M sentences=X tokens=Y maxrss_kb=K
 * where MB is 10^6 bytes of UTF-8 text, as in bench_pipeline.
 */
'use strict';

const fs = require('fs');

function parseArgs(argv) {
  const opt = { peer: 'all', limit: 2000, file: '-' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--peer' && i + 1 < argv.length) opt.peer = argv[++i];
    else if (a === '--limit' && i + 1 < argv.length) opt.limit = Number(argv[++i]);
    else if (a === '-h' || a === '--help') {
      process.stdout.write('usage: node segment.js [--peer NAME] [--limit N] [FILE]\n');
      process.exit(0);
    } else if (a.startsWith('--')) {
      process.stderr.write(`segment.js: unknown option ${a}\n`);
      process.exit(2);
    } else opt.file = a;
  }
  if (!Number.isInteger(opt.limit) || opt.limit < 0) {
    process.stderr.write('segment.js: bad --limit\n');
    process.exit(2);
  }
  return opt;
}

function readTexts(file, limit) {
  const data = fs.readFileSync(file === '-' ? 0 : file, 'utf8');
  const texts = [];
  let start = 0;
  while (start < data.length && (limit === 0 || texts.length < limit)) {
    let end = data.indexOf('\n', start);
    if (end < 0) end = data.length;
    const line = data.slice(start, end);
    start = end + 1;
    if (!line.trim()) continue;
    const rec = JSON.parse(line);
    if (typeof rec.text === 'string') texts.push(rec.text);
  }
  return texts;
}

/* Each peer: a segment(text) function returning [sentences, tokens]. */
const peers = {
  wink() {
    const winkNLP = require('wink-nlp');
    const model = require('wink-eng-lite-web-model');
    const nlp = winkNLP(model, ['sbd']);
    return (text) => {
      const doc = nlp.readDoc(text);
      return [doc.sentences().length(), doc.tokens().length()];
    };
  },
  'wink-full'() {
    const winkNLP = require('wink-nlp');
    const model = require('wink-eng-lite-web-model');
    const nlp = winkNLP(model);
    return (text) => {
      const doc = nlp.readDoc(text);
      return [doc.sentences().length(), doc.tokens().length()];
    };
  },
  compromise() {
    const nlp = require('compromise');
    return (text) => {
      const doc = nlp.tokenize(text);
      let toks = 0;
      for (const s of doc.document) toks += s.length;
      return [doc.document.length, toks];
    };
  },
  'compromise-full'() {
    const nlp = require('compromise');
    return (text) => {
      const doc = nlp(text);
      let toks = 0;
      for (const s of doc.document) toks += s.length;
      return [doc.document.length, toks];
    };
  },
};

function run(name, texts, bytes) {
  const segment = peers[name]();
  for (let i = 0; i < Math.min(50, texts.length); i++) segment(texts[i]);
  let sents = 0;
  let toks = 0;
  const t0 = process.cpuUsage();
  for (const t of texts) {
    const [s, k] = segment(t);
    sents += s;
    toks += k;
  }
  const dt = process.cpuUsage(t0);
  const cpu = (dt.user + dt.system) / 1e6;
  const mbps = cpu > 0 ? bytes / 1e6 / cpu : 0;
  const rss = process.resourceUsage().maxRSS;
  process.stdout.write(
    `peer: name=${name} docs=${texts.length} text_bytes=${bytes} cpu_s=${cpu.toFixed(4)} ` +
      `mb_per_s=${mbps.toFixed(2)} sentences=${sents} tokens=${toks} maxrss_kb=${rss}\n`,
  );
}

function main() {
  const opt = parseArgs(process.argv.slice(2));
  const texts = readTexts(opt.file, opt.limit);
  let bytes = 0;
  for (const t of texts) bytes += Buffer.byteLength(t, 'utf8');
  const names = opt.peer === 'all' ? ['wink', 'compromise'] : [opt.peer];
  for (const n of names) {
    if (!peers[n]) {
      process.stderr.write(`segment.js: unknown peer ${n}\n`);
      process.exit(2);
    }
    run(n, texts, bytes);
  }
}

main();
