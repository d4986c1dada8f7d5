// The JSON contract's version, apart from the schemas so that error documents need no zod.
export const SCHEMA_VERSION = 1;
