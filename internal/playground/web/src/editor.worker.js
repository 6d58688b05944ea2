// Monaco's editor worker, an entry point of its own (see build.mjs).
import 'monaco-editor/esm/vs/editor/editor.worker.js';
