import { ApolloProvider } from '@apollo/client/react';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createPostureClient } from '../../web/src/apollo';
import { App } from './components/App';
import { loadDashboardConfig } from './config';
import { ConnectionMonitor } from './connection';
import { refetchActive } from './live';
import './styles.css';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

void loadDashboardConfig().then(({ graphqlUrl }) => {
  const connection = new ConnectionMonitor();
  // The sample client sends every operation by its persisted-document id (src/gql), as a graph
  // with TRUSTED_DOCUMENTS (or demo mode, which knows these ids) expects: queries over HTTP, the
  // live updates over graphql-ws, whose socket the connection monitor watches too.
  const client = createPostureClient(graphqlUrl, { links: [connection.link()], socket: connection.socketListeners() });
  connection.onRefresh(() => refetchActive(client));
  createRoot(container).render(
    <StrictMode>
      <ApolloProvider client={client}>
        <App connection={connection} graphqlUrl={graphqlUrl} />
      </ApolloProvider>
    </StrictMode>,
  );
});
