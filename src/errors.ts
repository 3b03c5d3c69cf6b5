// The one error type that reaches the CLI: something the user must fix before any data is read.
// cli.ts prints its message as one line and exits 2; everything else about data is a counted value.

export class UsageError extends Error {
  override name = 'UsageError';
}
