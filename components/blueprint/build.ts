import type { ConfigMap, Namespace } from "kubernetes-types/core/v1";
import { POD_SECURITY_LABELS, standardLabels } from "../kubernetes/labels";
import type { FabricEnforcement } from "../kubernetes/network/fabric";
import type { BuiltObject } from "../kubernetes/objects";
import { ANNOTATIONS } from "../vocabulary";
import { FLEET_CONFIG_MAP, FLEET_GRAPH_KEY, SYSTEM_NAMESPACE } from "./spec";

/** What the fleet-wide objects hold. */
export interface FleetObjectsSpec {
  /** The fleet graph (Mermaid), from `fleetGraph`. */
  graph: string;
  /** What the platform's fabric enforces; its summary becomes the plan's note. */
  enforcement: Pick<FabricEnforcement, "summary">;
}

/**
 * agentcloud's own namespace (Pod Security `restricted`, no tenant: it runs no pods) and the `agentcloud-fleet`
 * ConfigMap with the fleet graph. Its annotations ask the offline plan to write the graph to
 * `out/<stack>/agent-graph.mmd` and to print the fabric's enforcement in its summary. Pure.
 */
export function buildFleetObjects(spec: FleetObjectsSpec): [BuiltObject<Namespace>, BuiltObject<ConfigMap>] {
  return [
    {
      role: "system-namespace",
      object: {
        apiVersion: "v1",
        kind: "Namespace",
        metadata: { name: SYSTEM_NAMESPACE, labels: { ...standardLabels(SYSTEM_NAMESPACE, "system-namespace"), ...POD_SECURITY_LABELS } },
      },
    },
    {
      role: "fleet-graph",
      dependsOn: ["system-namespace"],
      object: {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: {
          name: FLEET_CONFIG_MAP,
          namespace: SYSTEM_NAMESPACE,
          labels: standardLabels(FLEET_CONFIG_MAP, "fleet-graph"),
          annotations: { [ANNOTATIONS.planFile]: FLEET_GRAPH_KEY, [ANNOTATIONS.planNote]: spec.enforcement.summary },
        },
        data: { [FLEET_GRAPH_KEY]: spec.graph },
      },
    },
  ];
}
