#!/usr/bin/env node
// Tokenizes every shipped .bpat file (library/, examples/) and
// test/editors/every-token.bpat with the
// TextMate grammar of editors/vscode, through the npm packages VS Code itself
// uses (vscode-textmate with vscode-oniguruma), and checks the scopes the
// grammar promises, against what the bpat lexer (grammar/BPat.g4) says each
// piece of text is:
//   keywords (not when used as attribute keys)   keyword.* / storage.*
//   the name a declaration declares              entity.name.type.bpat
//   attribute keys                               variable.other.property.bpat
//   strings (all of them, escapes included)      string.quoted.double.bpat
//   numbers                                      constant.numeric.*
//   comments (line and block)                    comment.*
// and that no text is left without a scope beyond source.bpat. Prints one
// summary line per category; any mismatch is printed and fails the run.
//
//   node test/editors/tokenize.js [files...]
'use strict';
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..', '..');
const modules = path.join(root, 'editors', 'vscode', 'node_modules');
let vsctm, oniguruma;
try {
  vsctm = require(path.join(modules, 'vscode-textmate'));
  oniguruma = require(path.join(modules, 'vscode-oniguruma'));
} catch (e) {
  console.error('tokenize.js: error: vscode-textmate / vscode-oniguruma are not installed in ' +
                modules + ' (utils/install-deps.sh runs npm ci there): ' + e.message);
  process.exit(1);
}

const KEYWORDS = new Set(['import', 'op', 'opset', 'module', 'function', 'method', 'dtype',
  'dtype_config', 'fuser', 'root_node_getter', 'extra_inputs_getter', 'backend', 'group',
  'defaults', 'use', 'pattern', 'override']);
const DECLARES = new Set(['op', 'opset', 'dtype', 'dtype_config', 'fuser', 'root_node_getter',
  'extra_inputs_getter', 'backend', 'group']);

function shippedFiles() {
  const out = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, {withFileTypes: true}).sort((a, b) => a.name < b.name ? -1 : 1)) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.name.endsWith('.bpat')) out.push(p);
    }
  };
  walk(path.join(root, 'library'));
  walk(path.join(root, 'examples'));
  walk(path.join(root, 'test', 'editors'));  // every-token.bpat
  return out;
}

// A small lexer after grammar/BPat.g4: the ground truth for each piece.
function lex(text) {
  const tokens = [];
  const re = /\/\/[^\n]*|\/\*[\s\S]*?\*\/|"(?:[^"\\\n]|\\.)*"|<prev>|[0-9]+\.[0-9]*(?:[eE][+-]?[0-9]+)?|[0-9]+[eE][+-]?[0-9]+|\.[0-9]+(?:[eE][+-]?[0-9]+)?|[0-9]+|[A-Za-z_][A-Za-z0-9_]*|->|=>|\s+|./g;
  let m;
  while ((m = re.exec(text)) !== null) {
    const t = m[0];
    let kind;
    if (/^\s+$/.test(t)) continue;
    if (t.startsWith('//') || t.startsWith('/*')) kind = 'comment';
    else if (t.startsWith('"')) kind = 'string';
    else if (/^[0-9.]/.test(t) && t !== '.') kind = 'number';
    else if (/^[A-Za-z_]/.test(t)) kind = KEYWORDS.has(t) ? 'keyword' : (t === '_' ? 'wildcard' : 'ident');
    else kind = 'punct';
    tokens.push({text: t, kind, start: m.index, end: m.index + t.length});
  }
  // Context: keys (an ident or keyword before `=` not `=>`, or before `:`
  // inside braces), declared names (the ident after a declaration keyword).
  for (let i = 0; i < tokens.length; ++i) {
    const next = tokens[i + 1];
    const t = tokens[i];
    if ((t.kind === 'keyword' || t.kind === 'ident') && next && (next.text === '=' || next.text === ':'))
      t.kind = 'key';
  }
  for (let i = 0; i + 1 < tokens.length; ++i)
    if (tokens[i].kind === 'keyword' && DECLARES.has(tokens[i].text) && tokens[i + 1].kind === 'ident')
      tokens[i + 1].kind = 'declared';
  return tokens;
}

const EXPECT = {
  comment: (s) => s.some((x) => x.startsWith('comment.')),
  string: (s) => s.some((x) => x.startsWith('string.quoted.double')),
  number: (s) => s.some((x) => x.startsWith('constant.numeric.')),
  keyword: (s) => s.some((x) => x.startsWith('keyword.') || x.startsWith('storage.')),
  declared: (s) => s.includes('entity.name.type.bpat'),
  key: (s) => s.includes('variable.other.property.bpat'),
  wildcard: (s) => s.includes('variable.language.wildcard.bpat'),
  ident: (s) => s.some((x) => x !== 'source.bpat'),
};

async function main() {
  const wasm = fs.readFileSync(path.join(modules, 'vscode-oniguruma', 'release', 'onig.wasm')).buffer;
  await oniguruma.loadWASM(wasm);
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (p) => new oniguruma.OnigScanner(p),
      createOnigString: (s) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scope) => {
      if (scope !== 'source.bpat') return null;
      const file = path.join(root, 'editors', 'vscode', 'syntaxes', 'bpat.tmLanguage.json');
      return vsctm.parseRawGrammar(fs.readFileSync(file, 'utf8'), file);
    },
  });
  const grammar = await registry.loadGrammar('source.bpat');
  const files = process.argv.length > 2 ? process.argv.slice(2) : shippedFiles();
  const counts = {}, bad = [];
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    const lines = text.split('\n');
    // scopes of every character: char offset -> scopes
    const scopeAt = new Array(text.length);
    let ruleStack = vsctm.INITIAL, offset = 0;
    for (const line of lines) {
      const r = grammar.tokenizeLine(line, ruleStack);
      for (const tok of r.tokens)
        for (let c = tok.startIndex; c < Math.min(tok.endIndex, line.length); ++c)
          scopeAt[offset + c] = tok.scopes;
      ruleStack = r.ruleStack;
      offset += line.length + 1;
    }
    for (const t of lex(text)) {
      const check = EXPECT[t.kind];
      if (!check) continue;
      counts[t.kind] = (counts[t.kind] || 0) + 1;
      for (let c = t.start; c < t.end; ++c) {
        if (t.text[c - t.start] === '\n') continue;
        const s = scopeAt[c] || [];
        if (!check(s)) {
          const lineNo = text.slice(0, t.start).split('\n').length;
          bad.push(`${path.relative(root, file)}:${lineNo}: ${t.kind} ${JSON.stringify(t.text.slice(0, 40))} has scopes ${s.join(' ')}`);
          break;
        }
      }
    }
  }
  for (const kind of Object.keys(EXPECT))
    console.log(`${kind}: ${counts[kind] || 0} checked`);
  for (const b of bad.slice(0, 30)) console.log('MISMATCH ' + b);
  console.log(`${files.length} files, ${bad.length} mismatches`);
  process.exit(bad.length || Object.keys(counts).length < 7 ? 1 : 0);
}

main().catch((e) => { console.error('tokenize.js: error: ' + (e.stack || e)); process.exit(1); });
