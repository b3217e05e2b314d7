// serverMajorVersion: the /v<major> at the end of every server URL is the
// major part of info.version (NL API Design Rules API-20 with API-56).
// Input: the whole document.
export default function serverMajorVersion(doc) {
  const version = doc?.info?.version;
  const major = typeof version === 'string' ? /^(\d+)\./.exec(version)?.[1] : undefined;
  if (major === undefined) {
    return [{ message: `info.version ${JSON.stringify(version)} has no major version`, path: ['info', 'version'] }];
  }
  const results = [];
  (Array.isArray(doc.servers) ? doc.servers : []).forEach((server, i) => {
    const found = /\/v(\d+)$/.exec(server?.url ?? '')?.[1];
    if (found !== major) {
      results.push({
        message: `server URL ${JSON.stringify(server?.url)} must end in /v${major}, the major version of info.version ${version}`,
        path: ['servers', i, 'url'],
      });
    }
  });
  return results;
}
