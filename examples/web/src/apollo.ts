import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { PersistedQueryLink } from '@apollo/client/link/persisted-queries';
import { relayStylePagination } from '@apollo/client/utilities';

/** What the client preset stamps on each generated document: its id in persisted-documents.json. */
interface PersistedDocument {
  __meta__?: { hash?: string };
}

/** What {@link createPostureClient} may add. */
export interface PostureClientOptions {
  /** Links that see every operation before it is sent (e.g. one that watches the connection). */
  links?: ApolloLink[];
}

/**
 * An Apollo Client 4 for the posture graph (or a gateway in front of it) that sends each operation
 * by its trusted-document id, never as text: the generated documents carry their manifest id
 * (`sha256:<hex>`), and Apollo's persisted-query extension carries the hex (`sha256Hash`). A graph
 * run with TRUSTED_DOCUMENTS, or a gateway with the manifest, executes only these ids.
 */
export function createPostureClient(uri: string, options: PostureClientOptions = {}): ApolloClient {
  const persisted = new PersistedQueryLink({
    generateHash: (document) => {
      const id = (document as PersistedDocument).__meta__?.hash;
      if (!id) throw new Error('This document is not in persisted-documents.json: run npm run codegen');
      return id.replace(/^sha256:/, '');
    },
  });
  return new ApolloClient({
    link: ApolloLink.from([...(options.links ?? []), persisted, new HttpLink({ uri })]),
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
