// Validates a SARIF log (file argument) against the SARIF 2.1.0 JSON schema
// that @microsoft/jest-sarif bundles, with ajv (both from test/npm, which
// utils/install-deps.sh installs). Prints "valid SARIF 2.1.0: N results" or
// each schema error; exits 1 if invalid or if the tools are missing.
"use strict";
const fs = require("fs");
const path = require("path");
const modules = path.join(__dirname, "..", "..", "npm", "node_modules");
let Ajv, schema;
try {
  Ajv = require(path.join(modules, "ajv"));
  schema = require(path.join(modules, "@microsoft", "jest-sarif", "lib",
                             "schemas", "sarif-2.1.0-rtm.5.json"));
} catch (e) {
  console.log("cannot load ajv and the SARIF schema from " + modules +
              " (run utils/install-deps.sh): " + e.message);
  process.exit(1);
}
const log = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
// The SARIF schema is a draft-04 JSON Schema.
const ajv = new Ajv({ allErrors: true, schemaId: "auto" });
ajv.addMetaSchema(require(path.join(modules, "ajv", "lib", "refs",
                                    "json-schema-draft-04.json")));
const validate = ajv.compile(schema);
if (!validate(log)) {
  for (const error of validate.errors)
    console.log("invalid: " + error.dataPath + " " + error.message);
  process.exit(1);
}
const results = log.runs.reduce((n, run) => n + run.results.length, 0);
console.log("valid SARIF 2.1.0: " + results + " results");
