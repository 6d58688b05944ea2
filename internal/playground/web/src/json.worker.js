// Monaco's JSON worker, for the variables and headers editors, an entry point of its own (see build.mjs).
import 'monaco-editor/esm/vs/language/json/json.worker.js';
