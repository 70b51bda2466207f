/**
 * The keep-alive agent pools of the HTTP client, one set per address policy. A keep-alive socket
 * is reused without a new lookup, so sockets opened under a looser policy must never serve a
 * stricter one.
 */
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import type { HttpLimits } from './http-client.ts';
import { lookupRefusal } from './net-error.ts';
import { guardedLookup, isPrivateAddress } from './private-address.ts';

/** How connections to a target are made under one address policy. */
export interface Route {
  http: http.Agent;
  https: https.Agent;
  lookup: LookupFunction | undefined;
  /** Null: every address is allowed. */
  forbidden: ((ip: string) => boolean) | null;
}

function route(forbidden: ((ip: string) => boolean) | null): Route {
  return {
    http: new http.Agent({ keepAlive: true, maxSockets: 32 }),
    https: new https.Agent({ keepAlive: true, maxSockets: 32 }),
    lookup: forbidden ? guardedLookup(forbidden, lookupRefusal) : undefined,
    forbidden,
  };
}

const openRoute = route(null);
const guardedRoute = route(isPrivateAddress);
/** One route per caller-supplied isForbiddenAddress function. */
const customRoutes = new WeakMap<(ip: string) => boolean, Route>();

export function routeFor(limits: HttpLimits): Route {
  if (limits.allowPrivate) return openRoute;
  const custom = limits.isForbiddenAddress;
  if (!custom) return guardedRoute;
  let r = customRoutes.get(custom);
  if (!r) customRoutes.set(custom, (r = route(custom)));
  return r;
}
