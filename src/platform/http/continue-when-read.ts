import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** A request that waits for `100 Continue`, until it has it or is answered without it. */
interface Waiting {
  settled: boolean;
  continued: boolean;
  readonly socket: Socket;
  /** The request before it on its connection that waited too, if that one had not had its 100. */
  readonly ahead: Waiting | undefined;
  /** Requests pipelined behind it, waiting to learn whether their connection stays open. */
  readonly next: (() => void)[];
}

export interface ContinueGate {
  /** Sends a waiting request its `100 Continue`: once its body is about to be read. */
  grant(request: FastifyRequest, reply: FastifyReply): void;
  /**
   * Marks a connection answered before its request reached a route (a 417), which Node closes:
   * requests pipelined behind it there are dropped unrun, as behind a refusal without `100`.
   */
  refuse(socket: Socket): void;
}

/**
 * A client that sends `Expect: 100-continue` waits for `100 Continue` before it sends the body.
 * Node would send it at once; here it goes only when the body is about to be read, through
 * {@link ContinueGate.grant}: `routeGrants` says which routes grant it themselves (uploads,
 * once admitted), and every other route grants it just before its body parser. A request
 * refused before its body is then answered before the client has sent any of it, and so is
 * one whose declared length is over the route's limit (413).
 *
 * Node closes a connection whose request was answered without `100 Continue`, since the body
 * may still come. A request pipelined behind such a request is read before the close, and Node
 * would still run it though its answer could never be sent: the client would send it again, and
 * a call would be recorded twice. So a request behind one that waits runs only once that one
 * has had its `100 Continue`; if it is answered without, the request is dropped unrun, with
 * its connection.
 */
export function continueWhenRead(
  fastify: FastifyInstance,
  routeGrants: (request: FastifyRequest) => boolean,
): ContinueGate {
  const waiting = new WeakMap<IncomingMessage, Waiting>();
  /** The last request that waited on each socket, while it waits or once refused. */
  const lastOnSocket = new WeakMap<Socket, Waiting>();

  const settle = (entry: Waiting, continued: boolean): void => {
    if (entry.settled) return;
    entry.settled = true;
    entry.continued = continued;
    if (continued && lastOnSocket.get(entry.socket) === entry) {
      lastOnSocket.delete(entry.socket);
    }
    for (const run of entry.next.splice(0)) run();
  };

  fastify.server.on(
    'checkContinue',
    (request: IncomingMessage, response: ServerResponse) => {
      const entry: Waiting = {
        settled: false,
        continued: false,
        socket: request.socket,
        ahead: lastOnSocket.get(request.socket),
        next: [],
      };
      waiting.set(request, entry);
      lastOnSocket.set(request.socket, entry);
      const answered = () => settle(entry, false);
      response.once('finish', answered).once('close', answered);
      fastify.server.emit('request', request, response);
    },
  );

  fastify.addHook('onRequest', (request, reply, done) => {
    const ahead =
      waiting.get(request.raw)?.ahead ?? lastOnSocket.get(request.raw.socket);
    if (ahead === undefined || waiting.get(request.raw) === ahead) {
      done();
      return;
    }
    const decide = () => {
      if (ahead.continued) {
        done();
        return;
      }
      reply.hijack();
      request.raw.socket.destroy();
    };
    if (ahead.settled) decide();
    else ahead.next.push(decide);
  });

  const grant = (request: FastifyRequest, reply: FastifyReply): void => {
    const entry = waiting.get(request.raw);
    if (entry === undefined || entry.settled) return;
    const declared = Number(request.headers['content-length']);
    if (declared > request.routeOptions.bodyLimit) return;
    reply.raw.writeContinue();
    settle(entry, true);
  };

  fastify.addHook('preParsing', (request, reply, payload, done) => {
    if (waiting.has(request.raw) && !routeGrants(request)) {
      grant(request, reply);
    }
    done(null, payload);
  });

  const refuse = (socket: Socket): void => {
    lastOnSocket.set(socket, {
      settled: true,
      continued: false,
      socket,
      ahead: undefined,
      next: [],
    });
  };

  return { grant, refuse };
}
