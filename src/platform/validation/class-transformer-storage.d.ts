/**
 * class-transformer keeps the `@Type(() => Item)` of each property in this storage; it has no
 * typings of its own for this entry point (Nest's mapped-types reads it the same way).
 */
declare module 'class-transformer/cjs/storage.js' {
  export const defaultMetadataStorage: {
    findTypeMetadata(
      target: abstract new (...args: never[]) => unknown,
      propertyName: string,
    ): { typeFunction(options?: unknown): unknown } | undefined;
  };
}
