// Validates every document of the given multi-document YAML files against the Kubernetes OpenAPI
// schema, with the models of the npm package kubernetes-models (Gateway API: @kubernetes-models/gateway-api).
// Prints one line per object; exits 1 when any object is invalid or of a kind it has no model for.
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

let failures = 0;
for (const file of process.argv.slice(2)) {
  for (const doc of parseAllDocuments(readFileSync(file, "utf8"))) {
    const obj = doc.toJS();
    const name = `${file.split("/").pop()} ${obj?.kind}/${obj?.metadata?.name}`;
    try {
      const [group, version] = obj.apiVersion.includes("/") ? obj.apiVersion.split("/") : [null, obj.apiVersion];
      const pkg = group === "gateway.networking.k8s.io" ? "@kubernetes-models/gateway-api" : "kubernetes-models";
      const Model = (await import(group ? `${pkg}/${group}/${version}/${obj.kind}` : `${pkg}/${version}/${obj.kind}`))[obj.kind];
      new Model(obj).validate();
      console.log(`ok   ${name}`);
    } catch (e) {
      failures++;
      console.log(`FAIL ${name}: ${e.message}`);
    }
  }
}
process.exit(failures ? 1 : 0);
