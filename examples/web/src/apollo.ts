import { ApolloClient, ApolloLink, CombinedGraphQLErrors, HttpLink, InMemoryCache } from '@apollo/client';
import { SetContextLink } from '@apollo/client/link/context';
import { PersistedQueryLink } from '@apollo/client/link/persisted-queries';
import { print, relayStylePagination } from '@apollo/client/utilities';
import { type GraphQLFormattedError, OperationTypeNode } from 'graphql';
import { type Client, type ClientOptions, createClient } from 'graphql-ws';
import { Observable } from 'rxjs';

/** What the client preset stamps on each generated document: its id in persisted-documents.json. */
interface PersistedDocument {
  __meta__?: { hash?: string };
}

/** What {@link createPostureClient} may add. */
export interface PostureClientOptions {
  /** Links that see every operation before it is sent (e.g. one that watches the connection). */
  links?: ApolloLink[];
  /** The bearer token both HTTP and the WebSocket send, when the graph authenticates. */
  token?: () => string | undefined;
  /** Told of the subscription socket's life (`connected`, `closed`, …), e.g. for a "connection lost" banner. */
  socket?: ClientOptions['on'];
}

/** The longest wait between two attempts to reconnect the subscription socket. */
export const RECONNECT_MAX_MS = 8_000;

/**
 * Waits before reconnect attempt `retries` (0 first): 0.5 s, 1 s, 2 s, 4 s, then {@link RECONNECT_MAX_MS},
 * each plus up to 0.5 s of jitter, so that a graph coming back is not met by every client at once,
 * and a client that has waited long still comes back within seconds of it (graphql-ws' own
 * backoff doubles without a bound).
 */
export function reconnectDelayMs(retries: number, random: () => number = Math.random): number {
  return Math.min(500 * 2 ** retries, RECONNECT_MAX_MS) + Math.floor(random() * 500);
}

/**
 * A terminating link for subscriptions over graphql-ws that, like the HTTP link behind
 * PersistedQueryLink, sends the operation's id only (`extensions.persistedQuery`) and leaves the
 * text out (`query: ''`) unless the persisted-query link asks for it (a PERSISTED_QUERY_NOT_FOUND
 * retry). Apollo's GraphQLWsLink always sends Apollo's own print of the document, which a graph
 * with TRUSTED_DOCUMENTS refuses: it is not the listed text.
 */
function persistedWsLink(client: Client): ApolloLink {
  return new ApolloLink(
    (operation) =>
      new Observable<ApolloLink.Result>((observer) => {
        const { query, variables, operationName, extensions } = operation;
        const includeQuery = (operation.getContext().http as { includeQuery?: boolean } | undefined)?.includeQuery ?? true;
        return client.subscribe<Record<string, unknown>>(
          { query: includeQuery ? print(query) : '', variables, operationName, extensions },
          {
            next: (result) => observer.next(result as ApolloLink.Result),
            complete: () => observer.complete(),
            error: (error: unknown) => {
              if (error instanceof Error) return observer.error(error);
              if (Array.isArray(error)) return observer.error(new CombinedGraphQLErrors({ errors: error as GraphQLFormattedError[] }));
              const close = error as { code?: number; reason?: string };
              observer.error(new Error(`Socket closed${close.code ? ` with event ${close.code} ${close.reason ?? ''}` : ''}`));
            },
          },
        );
      }),
  );
}

/**
 * An Apollo Client 4 for the posture graph (or a gateway in front of it) that sends each operation
 * by its trusted-document id, never as text: the generated documents carry their manifest id
 * (`sha256:<hex>`), and Apollo's persisted-query extension carries the hex (`sha256Hash`). A graph
 * run with TRUSTED_DOCUMENTS, or a gateway with the manifest, executes only these ids.
 * Subscriptions go over graphql-ws (a split link, by id too), queries over HTTP; `token` gives the
 * bearer token both send (`options.token`), when the graph authenticates; `socket` hears the
 * WebSocket's life.
 */
export function createPostureClient(uri: string, options: PostureClientOptions = {}): ApolloClient {
  const token = options.token;
  const persisted = new PersistedQueryLink({
    generateHash: (document) => {
      const id = (document as PersistedDocument).__meta__?.hash;
      if (!id) throw new Error('This document is not in persisted-documents.json: run npm run codegen');
      return id.replace(/^sha256:/, '');
    },
  });
  const authorization = () => {
    const value = token?.();
    return value ? `Bearer ${value}` : undefined;
  };
  const withToken = new SetContextLink((previous) => {
    const value = authorization();
    return value ? { headers: { ...previous.headers, authorization: value } } : {};
  });
  const http = withToken.concat(new HttpLink({ uri }));
  // Subscriptions over graphql-ws on the same URL: a browser's WebSocket cannot send headers, so the
  // token travels in connection_init (read again on every reconnect, so a refreshed token is used).
  const ws = persistedWsLink(
    createClient({
      url: uri.replace(/^http/, 'ws'),
      connectionParams: () => ({ Authorization: authorization() }),
      // A replica that shuts down closes with 1001, a slow reader is dropped with 1008, a graph that
      // went away refuses the connection: reconnect (graphql-ws then resubscribes), with backoff.
      retryAttempts: Number.POSITIVE_INFINITY,
      shouldRetry: () => true,
      retryWait: (retries) => new Promise((resolve) => setTimeout(resolve, reconnectDelayMs(retries))),
      on: options.socket,
    }),
  );
  const split = ApolloLink.split(({ operationType }) => operationType === OperationTypeNode.SUBSCRIPTION, ws, http);
  return new ApolloClient({
    link: ApolloLink.from([...(options.links ?? []), persisted, split]),
    cache: new InMemoryCache({
      typePolicies: {
        // Hostnames repeat (two devices, one name): a device's key is its id, so every operation selects it.
        // A `deviceChanged` event is a Device with its id: it updates that device wherever it is shown.
        // Its compliance and match have no id of their own: an event's fields are merged into the ones
        // held, so a page that selected more of them (the device page) keeps what the event left out.
        Device: { keyFields: ['id'], fields: { compliance: { merge: true }, match: { merge: true } } },
        // One list per filter and sort, pages merged by cursor as `fetchMore({ variables: { after } })` adds them.
        Query: { fields: { devices: relayStylePagination(['filter', 'sort']) } },
      },
    }),
  });
}
