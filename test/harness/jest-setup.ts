// Fail any test that prints to the console: product code logs through the injected pino
// logger, so console output in a test means a leak of noise (or of secrets) somewhere.
const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;
let printed: string[] = [];

beforeEach(() => {
  printed = [];
  for (const method of methods) {
    jest.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      printed.push(`console.${method}: ${args.map(String).join(' ')}`);
    });
  }
});

afterEach(() => {
  jest.restoreAllMocks();
  if (printed.length > 0) {
    const lines = printed.slice(0, 5).join('\n');
    printed = [];
    throw new Error(`test printed to the console:\n${lines}`);
  }
});
