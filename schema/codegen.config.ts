import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * The typed client SDK: result and variable types plus a TypedDocumentNode for every operation
 * in schema/operations, generated against the API schema (schema/api.graphql, derived from the
 * supergraph), never the raw supergraph. Run it with `npm run codegen` (scripts/codegen.ts),
 * which refreshes schema/api.graphql first; paths are relative to the repository root.
 */
const config: CodegenConfig = {
  schema: 'schema/api.graphql',
  documents: 'schema/operations/*.graphql',
  overwrite: true,
  silent: true,
  errorsOnly: true,
  generates: {
    'schema/generated/graphql.ts': {
      plugins: ['typescript-operations', 'typed-document-node'],
      config: {
        // verbatimModuleSyntax: TypedDocumentNode must be a type-only import (DEPENDENCIES P11).
        useTypeImports: true,
        // The DateTime scalar travels as an ISO-8601 string; an unknown scalar fails generation.
        scalars: { DateTime: 'string' },
        strictScalars: true,
        // String unions, no runtime enum objects: `status: ['ERROR']` type-checks as is.
        enumType: 'string-literal',
      },
    },
  },
};

export default config;
