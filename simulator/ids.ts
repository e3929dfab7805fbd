// Deterministic identifiers. HWA plan and model objects carry UUIDs; the simulator derives every one of
// them as a UUIDv5 (RFC 9562 §5.5, SHA-1) of a readable object key, so tests and other teams can
// hard-code ids and a restart (or `reset`) reproduces them exactly.
import { createHash } from 'node:crypto';

/** Namespace of every simulator id (itself a fixed random UUID, chosen once). */
export const SIMULATOR_NAMESPACE = '6f0c1f52-3b8e-4c1a-9a77-5e2a4d0b9c31';

function uuidBytes(uuid: string): Buffer {
  return Buffer.from(uuid.replace(/-/g, ''), 'hex');
}

const NAMESPACE_BYTES = uuidBytes(SIMULATOR_NAMESPACE);

/** UUIDv5 of `name` in `namespace`. */
export function uuidv5(name: string, namespace: string = SIMULATOR_NAMESPACE): string {
  const ns = namespace === SIMULATOR_NAMESPACE ? NAMESPACE_BYTES : uuidBytes(namespace);
  const hash = createHash('sha1').update(ns).update(name, 'utf8').digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50; // version 5
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80; // RFC 4122 variant
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** What kind of object an id names; part of the hashed key so that e.g. a job and its definition differ. */
export type IdKind =
  | 'plan'
  | 'engine'
  | 'folder'
  | 'workstation'
  | 'jobstream'
  | 'job'
  | 'run'
  | 'dependency'
  | 'plan-jobdefinition'
  | 'model-workstation'
  | 'model-jobstream'
  | 'model-job'
  | 'model-jobdefinition';

export function idOf(kind: IdKind, key: string): string {
  return uuidv5(`${kind}:${key}`);
}

// Object keys, in the composer/conman style `/WS#/FOLDER/NAME` (NOTES §6). Only the root folder "/" is used.

export function workstationKey(ws: string): string {
  return `/${ws}`;
}

export function jobStreamKey(ws: string, stream: string): string {
  return `/${ws}#/${stream}`;
}

export function jobKey(streamWs: string, stream: string, job: string): string {
  return `${jobStreamKey(streamWs, stream)}.${job}`;
}

export function jobDefinitionKey(ws: string, job: string): string {
  return `/${ws}#/${job}`;
}

export const ROOT_FOLDER = '/';
export const ROOT_FOLDER_ID = idOf('folder', ROOT_FOLDER);
export const ENGINE_ID = idOf('engine', 'MASTER');
export const CURRENT_PLAN_ID = idOf('plan', 'current');
