// The oracle scripts' plumbing: the corpus comes as JSON lines on stdin, each decision goes out as a JSON line.
'use strict';
const readline = require('node:readline');

async function readCorpus() {
  const lines = [];
  for await (const line of readline.createInterface({ input: process.stdin })) {
    if (line.trim()) lines.push(JSON.parse(line));
  }
  return lines;
}

function write(decision) {
  process.stdout.write(JSON.stringify(decision) + '\n');
}

function run(main) {
  main().catch((e) => {
    process.stderr.write(String(e.stack || e) + '\n');
    process.exit(1);
  });
}

module.exports = { readCorpus, write, run };
