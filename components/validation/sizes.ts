/** Largest total size (keys plus values, in bytes) of one object's annotations: apimachinery's `TotalAnnotationSizeLimitB`. */
export const MAX_ANNOTATIONS_BYTES = 256 * 1024;
/** Largest object the API server stores: etcd's default request limit (`--max-request-bytes`), 1.5 MiB. */
export const MAX_OBJECT_BYTES = 1.5 * 1024 * 1024;

/** Bytes of a string in UTF-8, as Go's `len` counts them. */
export function utf8Length(text: string): number {
  return new TextEncoder().encode(text).length;
}

/** Bytes the API server counts for a map of annotations: every key and every value. */
export function annotationBytes(annotations: Readonly<Record<string, unknown>>): number {
  return Object.entries(annotations).reduce((sum, [k, v]) => sum + utf8Length(k) + (typeof v === "string" ? utf8Length(v) : 0), 0);
}

/** Bytes of an object as JSON, the form it is sent and stored in. */
export function objectBytes(object: unknown): number {
  return utf8Length(JSON.stringify(object) ?? "");
}
