// Peer pipeline 2: js-yaml (front matter) + markdown-it (tokens), the fastest Node pair found. Parses only.
// Reads file paths on stdin, one a line; prints "<files> files <seconds> s".
import { readFileSync } from 'node:fs';
import yaml from 'js-yaml';
import MarkdownIt from 'markdown-it';

const paths = readFileSync(0, 'utf8').split('\n').filter(Boolean);
const md = new MarkdownIt();
const start = process.hrtime.bigint();
let tokens = 0;
for (const p of paths) {
  let text = readFileSync(p, 'utf8').replace(/^\uFEFF/, '');
  const m = /^---\r?\n([\s\S]*?)\r?\n---\r?\n/.exec(text);
  if (m) {
    try { yaml.load(m[1]); } catch { /* a broken block still costs the parse */ }
    text = text.slice(m[0].length);
  }
  tokens += md.parse(text, {}).length;
}
const secs = Number(process.hrtime.bigint() - start) / 1e9;
console.log(`${paths.length} files ${secs.toFixed(3)} s (${tokens} tokens)`);
