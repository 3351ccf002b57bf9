// The console's client of the administration API ({base}/api, beside {base}/console/). Every
// call returns the parsed body and the ETag; an error answer becomes an ApiError carrying the
// problem details (status, detail, field errors, heldBy).

const API = new URL('../api/', document.baseURI);

/** An error answer of the API (RFC 9457 problem details), or a network failure (status 0). */
export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || `HTTP ${status}`);
    this.status = status;
    this.problem = problem || {};
  }

  /** The problem type's last part: "stale", "in-use", "validation"... */
  get kind() {
    const type = this.problem.type || '';
    return type.slice(type.lastIndexOf(':') + 1);
  }

  /** Field errors as [{field, message}]. */
  get errors() {
    return Array.isArray(this.problem.errors) ? this.problem.errors : [];
  }
}

async function call(method, path, { body, etag, query } = {}) {
  const url = new URL(path.replace(/^\//, ''), API);
  if (query) {
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined && value !== null && value !== '') url.searchParams.set(key, value);
    }
  }
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (etag) headers['If-Match'] = etag;
  let response;
  try {
    response = await fetch(url, {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin',
    });
  } catch (e) {
    throw new ApiError(0, { detail: e.message });
  }
  const text = await response.text();
  let json = null;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch (e) {
      json = { detail: text.slice(0, 200) };
    }
  }
  if (!response.ok) {
    if (response.status === 401) window.dispatchEvent(new CustomEvent('backup-alarm:signed-out'));
    throw new ApiError(response.status, json);
  }
  return { body: json, etag: response.headers.get('ETag') };
}

const enc = encodeURIComponent;
const acc = (account) => `accounts/${enc(account)}`;

/** The calls the console makes, one per operation of the API. */
export const api = {
  me: () => call('GET', 'me'),
  account: (a) => call('GET', acc(a)),

  contacts: (a, q) => call('GET', `${acc(a)}/contacts`, { query: { q } }),
  contact: (a, id) => call('GET', `${acc(a)}/contacts/${enc(id)}`),
  createContact: (a, contact) => call('POST', `${acc(a)}/contacts`, { body: contact }),
  updateContact: (a, id, contact, etag) => call('PUT', `${acc(a)}/contacts/${enc(id)}`, { body: contact, etag }),
  deleteContact: (a, id, etag) => call('DELETE', `${acc(a)}/contacts/${enc(id)}`, { etag }),
  startVerification: (a, id, channel, address) =>
    call('POST', `${acc(a)}/contacts/${enc(id)}/verifications`, { body: { channel, address } }),
  confirmVerification: (a, id, channel, address, code) =>
    call('POST', `${acc(a)}/contacts/${enc(id)}/verifications/confirm`, { body: { channel, address, code } }),

  groups: (a) => call('GET', `${acc(a)}/groups`),
  group: (a, id) => call('GET', `${acc(a)}/groups/${enc(id)}`),
  createGroup: (a, group) => call('POST', `${acc(a)}/groups`, { body: group }),
  updateGroup: (a, id, group, etag) => call('PUT', `${acc(a)}/groups/${enc(id)}`, { body: group, etag }),
  deleteGroup: (a, id, etag) => call('DELETE', `${acc(a)}/groups/${enc(id)}`, { etag }),

  vaults: (a) => call('GET', `${acc(a)}/vaults`),
  vaultPolicy: (a, v) => call('GET', `${acc(a)}/vaults/${enc(v)}/alarm-policy`),
  setVaultPolicy: (a, v, policy, etag) => call('PUT', `${acc(a)}/vaults/${enc(v)}/alarm-policy`, { body: policy, etag }),

  instances: (a, vault) => call('GET', `${acc(a)}/instances`, { query: { vault } }),
  instancePolicy: (a, i) => call('GET', `${acc(a)}/instances/${enc(i)}/alarm-policy`),
  setInstancePolicy: (a, i, policy, etag) =>
    call('PUT', `${acc(a)}/instances/${enc(i)}/alarm-policy`, { body: policy, etag }),
  explain: (a, i) => call('GET', `${acc(a)}/instances/${enc(i)}/explain`),

  alarms: (a) => call('GET', `${acc(a)}/alarms`),
  acknowledge: (a, alarm, comment) => call('POST', `${acc(a)}/alarms/acknowledge`, {
    body: { type: alarm.type, instance: alarm.instance, job: alarm.job, comment: comment || null },
  }),
  silences: (a) => call('GET', `${acc(a)}/silences`),
  createSilence: (a, silence) => call('POST', `${acc(a)}/silences`, { body: silence }),
  expireSilence: (a, id) => call('POST', `${acc(a)}/silences/${enc(id)}/expire`),

  deliveries: (a, query) => call('GET', `${acc(a)}/history/deliveries`, { query }),
  alarmHistory: (a, query) => call('GET', `${acc(a)}/history/alarms`, { query }),
};
