// Verifies Open Badges credentials the way an independent verifier does, with Digital
// Bazaar's libraries: the eddsa-rdfc-2022 proof (key resolved from proof.verificationMethod,
// its controller and the controller's assertionMethod) and the Bitstring Status List entry.
//
// Input on stdin (JSON):
//   {"contexts": {"<context URL>": "<local file>", ...},
//    "origin": "http://localhost:PORT",      the only origin fetched over HTTP
//    "credentials": {"<case>": <credential>, ...}}
// Output on stdout (JSON): {"<case>": {"verified", "statusChecked", "revoked", "accepted",
//   "errors"}, ..., "_fetched": [URLs fetched over HTTP]}
//
// The document loader serves ONLY the W3C/1EdTech contexts from the given files; everything
// else (the issuer's DID document and key, the status list) is fetched as published. did:web
// is resolved as the DID method says (did:web:host%3Aport → /.well-known/did.json), except
// that the test server speaks http, not https: the one liberty taken here.
import {readFileSync} from 'node:fs';

import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022} from
  '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {checkStatus} from '@digitalbazaar/vc-bitstring-status-list';

const input = JSON.parse(readFileSync(0, 'utf8'));
const origin = new URL(input.origin).origin;
const fetched = [];
const contexts = new Map();
for(const [url, file] of Object.entries(input.contexts)) {
  contexts.set(url, JSON.parse(readFileSync(file, 'utf8')));
}

async function fetchJson(url) {
  if(new URL(url).origin !== origin) {
    throw new Error(`refusing to fetch ${url}: not the server under test`);
  }
  fetched.push(url);
  const response = await fetch(url, {headers: {accept: 'application/ld+json, application/json'}});
  if(!response.ok) {
    throw new Error(`${url} answered ${response.status}`);
  }
  return response.json();
}

function didWebUrl(did) {
  // did:web:example.com%3A8443:some:path → https://example.com:8443/some/path/did.json
  const [host, ...path] = did.slice('did:web:'.length).split(':').map(decodeURIComponent);
  const where = path.length ? `/${path.join('/')}/did.json` : '/.well-known/did.json';
  return `http://${host}${where}`; // https in the DID method; http on the test server
}

// A DID URL or an HTTP URL with a fragment names one verification method inside its
// controller document: dereference it there (DID Core §7.2, Controlled Identifiers §3.3).
function dereference(document, url) {
  const [base, fragment] = url.split('#');
  if(document.id !== base) {
    throw new Error(`${base} published a document whose id is ${document.id}`);
  }
  if(fragment === undefined) {
    return document;
  }
  const method = (document.verificationMethod || []).find(
    vm => vm.id === url || vm.id === `#${fragment}`);
  if(!method) {
    throw new Error(`${base} publishes no verification method ${url}`);
  }
  return {'@context': document['@context'], ...method};
}

async function documentLoader(url) {
  if(contexts.has(url)) {
    return {contextUrl: null, documentUrl: url, document: contexts.get(url)};
  }
  let document;
  if(url.startsWith('did:web:')) {
    document = dereference(await fetchJson(didWebUrl(url.split('#')[0])), url);
  } else if(url.startsWith('http://') || url.startsWith('https://')) {
    // Contexts are never fetched: fetchJson refuses every origin but the server's.
    const whole = await fetchJson(url.split('#')[0]);
    document = url.includes('#') ? dereference(whole, url) : whole;
  } else {
    throw new Error(`cannot load ${url}`);
  }
  return {contextUrl: null, documentUrl: url, document};
}

function errors(result) {
  const found = [];
  const walk = value => {
    if(!value) {
      return;
    }
    if(Array.isArray(value)) {
      value.forEach(walk);
      return;
    }
    if(value.message) {
      found.push(value.message);
    }
    walk(value.errors);
    walk(value.cause);
  };
  walk(result.error);
  for(const item of result.results || []) {
    walk(item.error);
  }
  walk(result.statusResult && result.statusResult.error);
  return found;
}

const output = {};
for(const [name, credential] of Object.entries(input.credentials)) {
  const suite = new DataIntegrityProof({cryptosuite: eddsaRdfc2022});
  let result;
  try {
    result = await vc.verifyCredential({credential, suite, documentLoader, checkStatus});
  } catch(error) {
    result = {verified: false, error};
  }
  const statuses = (result.statusResult && result.statusResult.results) || [];
  const statusChecked = Boolean(result.statusResult && result.statusResult.verified);
  const revoked = statuses.some(item => item.status === true);
  output[name] = {
    verified: Boolean(result.verified),
    statusChecked,
    revoked,
    accepted: Boolean(result.verified) && statusChecked && !revoked,
    errors: errors(result),
  };
}
output._fetched = fetched;
process.stdout.write(JSON.stringify(output));
