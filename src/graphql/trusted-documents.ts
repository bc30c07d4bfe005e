import { createHash } from 'node:crypto';

/** A GraphQL request as it arrives over HTTP, as far as trusted documents care. */
export interface DocumentRequest {
  query?: unknown;
  documentId?: unknown;
  extensions?: { persistedQuery?: { sha256Hash?: unknown } } | null;
}

/** Whether a request may run, and the exact document it runs. */
export type TrustedDocumentDecision =
  | { kind: 'allowed'; query: string }
  | { kind: 'refused'; code: 'PERSISTED_QUERY_NOT_LISTED' | 'PERSISTED_QUERY_NOT_FOUND'; message: string };

/** `sha256:<hex>` and `<hex>` name the same document: the manifest and `documentId` use the first, Apollo's extension the second. */
function hexOf(id: string): string {
  return id.startsWith('sha256:') ? id.slice('sha256:'.length).toLowerCase() : id.toLowerCase();
}

/**
 * `enforce`: only listed documents run (TRUSTED_DOCUMENTS). `resolve`: listed ids are resolved to
 * their text and any other document runs too (demo mode and development, where ad-hoc queries
 * are allowed but a client built for production sends ids only).
 */
export type TrustedDocumentsMode = 'enforce' | 'resolve';

/**
 * The operations a graph run with TRUSTED_DOCUMENTS executes, and nothing else. A request names
 * its document by id (`documentId`, or Apollo's `extensions.persistedQuery.sha256Hash`), or sends
 * a document whose sha256 is listed; the document that runs is always the listed text. In
 * `resolve` mode a document that is not listed runs as sent.
 */
export class TrustedDocuments {
  readonly #byHex = new Map<string, string>();

  /** `documents`: id → document text, as config.ts reads the manifest. */
  constructor(
    documents: ReadonlyMap<string, string>,
    readonly mode: TrustedDocumentsMode = 'enforce',
  ) {
    for (const [id, text] of documents) this.#byHex.set(hexOf(id), text);
  }

  /** How many documents are listed. */
  get size(): number {
    return this.#byHex.size;
  }

  /** Decides one request. */
  decide(request: DocumentRequest): TrustedDocumentDecision {
    const id = typeof request.documentId === 'string' ? request.documentId : request.extensions?.persistedQuery?.sha256Hash;
    const text = typeof request.query === 'string' && request.query !== '' ? request.query : null;
    if (typeof id === 'string') {
      const listed = this.#byHex.get(hexOf(id));
      if (listed !== undefined && (text === null || text === listed)) return { kind: 'allowed', query: listed };
      if (listed === undefined && text === null) {
        return { kind: 'refused', code: 'PERSISTED_QUERY_NOT_FOUND', message: `No trusted document has the id ${id}` };
      }
    }
    if (text !== null) {
      const listed = this.#byHex.get(createHash('sha256').update(text).digest('hex'));
      if (listed !== undefined) return { kind: 'allowed', query: listed };
      if (this.mode === 'resolve') return { kind: 'allowed', query: text };
    }
    return {
      kind: 'refused',
      code: 'PERSISTED_QUERY_NOT_LISTED',
      message: 'This server runs trusted documents only (TRUSTED_DOCUMENTS): send the id of a listed document, or its exact text',
    };
  }
}
