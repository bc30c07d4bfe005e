import { CombinedGraphQLErrors, type ErrorLike } from '@apollo/client';

/**
 * What went wrong, as text: each GraphQL error's message and code (UPSTREAM_UNAVAILABLE, …), or the
 * transport's message. Never a blank page: the view that failed says so where it would have been.
 */
export function ErrorState({ what, error }: { what: string; error: ErrorLike }) {
  const problems = CombinedGraphQLErrors.is(error)
    ? error.errors.map((each) => {
        const code = each.extensions?.code;
        return typeof code === 'string' ? `${each.message} (${code})` : each.message;
      })
    : [error.message];
  return (
    <div className="error" role="alert">
      <strong>Could not load {what}.</strong>
      <ul>
        {problems.map((problem) => (
          <li key={problem}>{problem}</li>
        ))}
      </ul>
    </div>
  );
}
