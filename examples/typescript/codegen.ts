// GraphQL Code Generator: `npm run codegen` turns the committed schema (../schema.graphql) and
// the example operations (../*.graphql, plus any graphql() tag in src/) into typed documents in
// src/gql/. The output is committed; CI regenerates it and fails if it differs.
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: '../schema.graphql',
  documents: ['../*.graphql', '!../schema.graphql', 'src/**/*.ts', '!src/gql/**'],
  ignoreNoDocuments: false,
  overwrite: true,
  generates: {
    './src/gql/': {
      preset: 'client',
      presetConfig: {
        // The examples define no fragments, and a script has no components to mask data from.
        fragmentMasking: false,
      },
      config: {
        // What the server writes for each custom scalar (model/scalars.go):
        // - Decimal: a JSON number written out in full (337000000, 18.9), so JSON.parse gives a
        //   number, exact up to 15 significant digits (every value of the article); input also
        //   accepts a string, which sends any value exactly.
        // - Int64: a JSON number, always below 2^53, so a JavaScript number holds it exactly.
        // - PartialDate: an ISO 8601 string at the source's precision ("2016", "2018-05").
        scalars: {
          Decimal: { input: 'number | string', output: 'number' },
          Int64: { input: 'number | string', output: 'number' },
          PartialDate: { input: 'string', output: 'string' },
        },
        // A scalar added to the schema without a mapping here stops codegen instead of becoming `any`.
        strictScalars: true,
        // Enums as string unions: the JSON holds strings, and a union needs no runtime object.
        enumType: 'string-literal',
        useTypeImports: true,
        // Node's ES modules need the extension in relative imports (tsconfig: NodeNext).
        importExtension: '.js',
      },
    },
  },
};

export default config;
