// Validates Kubernetes manifests (a JSON array on stdin) against the API schemas that
// kubernetes-models generates from Kubernetes' OpenAPI (types, enums, required fields).
// An ES module: kubernetes-models ships only ESM, which Jest's CommonJS cannot load.
const manifests = JSON.parse(await new Promise((resolve) => {
  let text = '';
  process.stdin.on('data', (chunk) => (text += chunk));
  process.stdin.on('end', () => resolve(text));
}));

const problems = [];
for (const manifest of manifests) {
  const { apiVersion, kind } = manifest;
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  const where = `${kind} ${manifest.metadata?.name ?? '?'} (${apiVersion})`;
  let models;
  try {
    models = await import(group ? `kubernetes-models/${group}/${version}` : `kubernetes-models/${version}`);
  } catch {
    problems.push(`${where}: no schema for this apiVersion`);
    continue;
  }
  const Model = models[kind];
  if (!Model) {
    problems.push(`${where}: no schema for this kind`);
    continue;
  }
  try {
    new Model(manifest).validate();
  } catch (error) {
    problems.push(`${where}: ${error.message}`);
  }
}
process.stdout.write(JSON.stringify({ validated: manifests.length, problems }));
