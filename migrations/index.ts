import { CreateCalls1764000000000 } from './1764000000000-create-calls.js';
import { AddIdempotencyKeys1764000000001 } from './1764000000001-add-idempotency-keys.js';

/** Every migration, oldest first. A new migration is added here as well as to the folder. */
export const migrations = [
  CreateCalls1764000000000,
  AddIdempotencyKeys1764000000001,
];
