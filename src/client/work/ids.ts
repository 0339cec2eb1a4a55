import { uuidv7 } from '../../domain/ids.ts';

export const newId = (): string => uuidv7(Date.now(), crypto.getRandomValues(new Uint8Array(10)));
