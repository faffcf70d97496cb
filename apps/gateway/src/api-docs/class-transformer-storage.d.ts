// class-transformer publishes its metadata storage (which @Type writes to) without a declaration at
// the path Node resolves; class-validator-jsonschema needs it to follow nested contract classes.
declare module 'class-transformer/cjs/storage.js' {
  export { defaultMetadataStorage } from 'class-transformer/types/storage';
}
