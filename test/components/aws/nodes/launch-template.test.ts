import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { launchTemplateRef, nodeLaunchTemplate, nodeLaunchTemplateArgs } from "../../../../components/aws/nodes/launch-template";
import { record } from "../../../helpers/pulumi";

class Holder extends pulumi.ComponentResource {
  constructor(name: string, build: (parent: Holder) => void) {
    super("test:index:Holder", name, {}, {});
    build(this);
    this.registerOutputs({});
  }
}

describe("nodeLaunchTemplate", () => {
  it("requires IMDSv2 with hop limit 1 and encrypts a 50 GiB gp3 root volume by default", async () => {
    const rec = await record(() => {
      new Holder("h", (parent) => nodeLaunchTemplate("h-lt", {}, { parent }));
    });
    const lt = rec.named("h-lt");
    expect(lt.type).toBe("aws:ec2/launchTemplate:LaunchTemplate");
    expect(lt.inputs.metadataOptions).toEqual({
      httpEndpoint: "enabled",
      httpTokens: "required",
      httpPutResponseHopLimit: 1,
      instanceMetadataTags: "disabled",
    });
    expect(lt.inputs.blockDeviceMappings).toEqual([
      { deviceName: "/dev/xvda", ebs: { volumeType: "gp3", encrypted: "true", deleteOnTermination: "true", volumeSize: 50 } },
    ]);
    expect(lt.inputs.userData).toBeUndefined();
    expect(lt.inputs.imageId).toBeUndefined();
    expect(lt.inputs.cpuOptions).toBeUndefined();
    expect(lt.parent).toContain("test:index:Holder::h");
  });

  it("base64-encodes user data and sets the AMI, the KMS key, nested virtualisation and every volume", async () => {
    const rec = await record(() => {
      new Holder("h", (parent) => {
        const lt = nodeLaunchTemplate(
          "h-lt",
          {
            userData: "hello\n",
            imageId: "ami-0123456789abcdef0",
            kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/k",
            cpuOptions: { nestedVirtualization: true },
            volumes: [{ deviceName: "/dev/xvda" }, { deviceName: "/dev/xvdb", sizeGiB: 100 }],
            tags: { team: "ml" },
          },
          { parent },
        );
        launchTemplateRef(lt);
      });
    });
    const lt = rec.named("h-lt").inputs;
    expect(lt.userData).toBe(Buffer.from("hello\n").toString("base64"));
    expect(lt.imageId).toBe("ami-0123456789abcdef0");
    expect(lt.cpuOptions).toEqual({ nestedVirtualization: "enabled" });
    const kms = "arn:aws:kms:eu-west-1:123456789012:key/k";
    expect(lt.blockDeviceMappings).toEqual([
      { deviceName: "/dev/xvda", ebs: { volumeType: "gp3", encrypted: "true", deleteOnTermination: "true", kmsKeyId: kms } },
      {
        deviceName: "/dev/xvdb",
        ebs: { volumeType: "gp3", encrypted: "true", deleteOnTermination: "true", volumeSize: 100, kmsKeyId: kms },
      },
    ]);
    expect(lt.tagSpecifications).toEqual([
      { resourceType: "instance", tags: { team: "ml" } },
      { resourceType: "volume", tags: { team: "ml" } },
    ]);
  });

  it("leaves CPU options alone when nested virtualisation is off", () => {
    expect(nodeLaunchTemplateArgs({ cpuOptions: { nestedVirtualization: false } }).cpuOptions).toBeUndefined();
  });
});
