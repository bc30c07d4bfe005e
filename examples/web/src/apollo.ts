import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { SetContextLink } from '@apollo/client/link/context';
import { PersistedQueryLink } from '@apollo/client/link/persisted-queries';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { OperationTypeNode } from 'graphql';
import { createClient } from 'graphql-ws';
import { relayStylePagination } from '@apollo/client/utilities';

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
}

/**
 * An Apollo Client 4 for the posture graph (or a gateway in front of it) that sends each operation
 * by its trusted-document id, never as text: the generated documents carry their manifest id
 * (`sha256:<hex>`), and Apollo's persisted-query extension carries the hex (`sha256Hash`). A graph
 * run with TRUSTED_DOCUMENTS, or a gateway with the manifest, executes only these ids.
 * Subscriptions go over graphql-ws (a split link), queries over HTTP; `token` gives the bearer
 * token both send (`options.token`), when the graph authenticates.
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
  const ws = new GraphQLWsLink(
    createClient({
      url: uri.replace(/^http/, 'ws'),
      connectionParams: () => ({ Authorization: authorization() }),
      // A replica that shuts down closes with 1001, a slow reader is dropped with 1008: reconnect.
      retryAttempts: Number.POSITIVE_INFINITY,
      shouldRetry: () => true,
    }),
  );
  const split = ApolloLink.split(({ operationType }) => operationType === OperationTypeNode.SUBSCRIPTION, ws, http);
  return new ApolloClient({
    link: ApolloLink.from([...(options.links ?? []), persisted, split]),
    cache: new InMemoryCache({
      typePolicies: {
        // Hostnames repeat (two devices, one name): a device's key is its id, so every operation selects it.
        Device: { keyFields: ['id'] },
        // One list per filter and sort, pages merged by cursor as `fetchMore({ variables: { after } })` adds them.
        Query: { fields: { devices: relayStylePagination(['filter', 'sort']) } },
      },
    }),
  });
}
