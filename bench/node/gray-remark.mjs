// Peer pipeline 1: gray-matter (front matter) + unified/remark-parse (Markdown AST). Parses only; extracts nothing.
// Reads file paths on stdin, one a line; prints "<files> files <seconds> s".
import { readFileSync } from 'node:fs';
import matter from 'gray-matter';
import { unified } from 'unified';
import remarkParse from 'remark-parse';

const paths = readFileSync(0, 'utf8').split('\n').filter(Boolean);
const processor = unified().use(remarkParse);
const start = process.hrtime.bigint();
let nodes = 0;
for (const p of paths) {
  const file = matter(readFileSync(p, 'utf8'));
  nodes += processor.parse(file.content).children.length;
}
const secs = Number(process.hrtime.bigint() - start) / 1e9;
console.log(`${paths.length} files ${secs.toFixed(3)} s (${nodes} top-level nodes)`);
