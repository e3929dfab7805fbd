// `graphql-codegen --config codegen.ts` finds the SDK's configuration here; it lives in
// schema/codegen.config.ts so that the image build, which compiles schema/ and scripts/, has it.
// Prefer `npm run codegen`, which refreshes schema/api.graphql first.
export { default } from './schema/codegen.config.js';
