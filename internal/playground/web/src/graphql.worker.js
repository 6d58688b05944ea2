// monaco-graphql's worker (completion, validation, hover), an entry point of its own (see build.mjs).
import 'monaco-graphql/esm/graphql.worker.js';
