// Parses every .swift file under a folder with tree-sitter-swift and prints
// "file:line:col: syntax error" (or "missing <token>") for each error node.
// Exit status: 0 when every file parses, 1 when any does not, 2 on misuse.
'use strict';

const fs = require('fs');
const path = require('path');
const Parser = require('tree-sitter');
const Swift = require('tree-sitter-swift');

function swiftFiles(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      out.push(...swiftFiles(p));
    } else if (entry.isFile() && entry.name.endsWith('.swift')) {
      out.push(p);
    }
  }
  return out;
}

// errors lists the ERROR and missing nodes of a tree, outermost first,
// descending only into subtrees that contain an error.
function errors(node, out) {
  if (node.type === 'ERROR') {
    out.push({ node, text: 'syntax error' });
    return out;
  }
  if (node.isMissing) {
    out.push({ node, text: 'missing ' + node.type });
    return out;
  }
  if (!node.hasError) {
    return out;
  }
  for (let i = 0; i < node.childCount; i++) {
    errors(node.child(i), out);
  }
  return out;
}

function main() {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: parse.js <folder>');
    return 2;
  }
  const files = swiftFiles(dir);
  if (files.length === 0) {
    console.error(`swift-check: no .swift files under ${dir}`);
    return 2;
  }
  const parser = new Parser();
  parser.setLanguage(Swift);
  let failures = 0;
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    const tree = parser.parse(text, null, { bufferSize: Buffer.byteLength(text) + 1024 });
    for (const e of errors(tree.rootNode, [])) {
      const p = e.node.startPosition;
      console.log(`${file}:${p.row + 1}:${p.column + 1}: ${e.text}`);
      failures++;
    }
  }
  if (failures > 0) {
    console.error(`swift-check: ${failures} syntax error(s) in ${files.length} file(s)`);
    return 1;
  }
  console.log(`swift-check: ${files.length} file(s) parse`);
  return 0;
}

process.exitCode = main();
