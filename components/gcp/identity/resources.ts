import type { GcpResourceKind } from "./spec";

// Full resource names (https://cloud.google.com/iam/docs/full-resource-names) agentcloud binds, each to the
// `*IAMMember` of that resource type: a grant on that resource only, never the project's policy.
const PROJECT = "[a-z][a-z0-9-]{4,28}[a-z0-9]";

interface ResourcePattern {
  kind: GcpResourceKind;
  pattern: RegExp;
  apiHost?: string;
}

const PATTERNS: readonly ResourcePattern[] = [
  {
    kind: "storage-bucket",
    pattern: /^\/\/storage\.googleapis\.com\/projects\/_\/buckets\/([a-z0-9][a-z0-9._-]{1,220}[a-z0-9])$/,
    apiHost: "storage.googleapis.com",
  },
  {
    kind: "pubsub-topic",
    pattern: new RegExp(`^//pubsub\\.googleapis\\.com/projects/(${PROJECT})/topics/([A-Za-z][\\w.~+%-]{2,254})$`),
    apiHost: "pubsub.googleapis.com",
  },
  {
    kind: "pubsub-subscription",
    pattern: new RegExp(`^//pubsub\\.googleapis\\.com/projects/(${PROJECT})/subscriptions/([A-Za-z][\\w.~+%-]{2,254})$`),
    apiHost: "pubsub.googleapis.com",
  },
  {
    kind: "secretmanager-secret",
    pattern: new RegExp(`^//secretmanager\\.googleapis\\.com/projects/(${PROJECT})/secrets/([\\w-]{1,255})$`),
    apiHost: "secretmanager.googleapis.com",
  },
  {
    kind: "bigquery-dataset",
    pattern: new RegExp(`^//bigquery\\.googleapis\\.com/projects/(${PROJECT})/datasets/(\\w{1,1024})$`),
    apiHost: "bigquery.googleapis.com",
  },
  { kind: "project", pattern: new RegExp(`^//cloudresourcemanager\\.googleapis\\.com/projects/(${PROJECT})$`) },
];

/** A parsed full resource name: its kind, project, id and API host. */
export interface ParsedGcpResource {
  /** What kind of resource. */
  kind: GcpResourceKind;
  /** Its project (none for buckets). */
  project?: string;
  /** Its id (bucket, topic, subscription, secret, dataset or project id). */
  id: string;
  /** The API the agent calls for it. */
  apiHost?: string;
}

/** The resource a full resource name names, or undefined when agentcloud does not bind that kind. */
export function parseGcpResource(resource: string): ParsedGcpResource | undefined {
  for (const { kind, pattern, apiHost } of PATTERNS) {
    const match = pattern.exec(resource);
    if (!match) continue;
    if (kind === "storage-bucket") return { kind, id: match[1], apiHost };
    if (kind === "project") return { kind, project: match[1], id: match[1] };
    return { kind, project: match[1], id: match[2], apiHost };
  }
  return undefined;
}

/** Examples of every supported full resource name, for error messages. */
export const SUPPORTED_RESOURCE_EXAMPLES = [
  "//storage.googleapis.com/projects/_/buckets/BUCKET",
  "//pubsub.googleapis.com/projects/PROJECT/topics/TOPIC",
  "//pubsub.googleapis.com/projects/PROJECT/subscriptions/SUBSCRIPTION",
  "//secretmanager.googleapis.com/projects/PROJECT/secrets/SECRET",
  "//bigquery.googleapis.com/projects/PROJECT/datasets/DATASET",
  "//cloudresourcemanager.googleapis.com/projects/PROJECT (with unsafeBroadCloudPermissions)",
];
