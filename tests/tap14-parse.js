// A strict TAP 14 consumer on a vct stream (tests/tap-version.t): Debian's
// node-tap-parser reads the file given and prints one JSON line: whether the
// run passed, the test points and plan it saw, and every parse error (non-TAP
// data in strict mode, malformed YAML blocks), which must be none.
'use strict';
const Parser = require('tap-parser');
const fs = require('fs');
const errors = [];
const p = new Parser({ strict: true }, (results) => {
  for (const f of results.failures)
    if (f.tapError) errors.push(f.tapError);
  console.log(JSON.stringify({ ok: results.ok, count: results.count, plan: results.plan.end, errors }));
});
p.on('extra', (e) => errors.push('extra: ' + e));
p.end(fs.readFileSync(process.argv[2], 'utf8'));
